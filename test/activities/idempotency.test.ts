import t from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register } from '../helpers/api.ts'
import { createDatabase } from '../../src/db/database.ts'

const environment = await testEnvironment(t)
const app = await build(t, environment)
const db = createDatabase({ url: environment.databaseUrl, poolMax: 2 })
t.teardown(() => db.destroy())

const body = () => ({ type: 'run', distanceMeters: 10_000, durationSeconds: 3000, startedAt: new Date(Date.now() - 3_600_000).toISOString() })

t.test('50 concurrent identical POSTs with one Idempotency-Key make exactly one activity', async (t) => {
  const runner = await register(app)
  const payload = body()
  const results = await Promise.all(Array.from({ length: 50 }, () => app.inject({
    method: 'POST', url: '/activities', headers: { ...bearer(runner.accessToken), 'idempotency-key': 'run-2026-11-21' }, payload
  })))
  const statuses = results.map(r => r.statusCode)
  t.ok(statuses.every(s => s === 201 || s === 409), `only 201 (first or replayed) and 409 (in flight): ${[...new Set(statuses)].join(',')}`)
  t.ok(results.filter(r => r.statusCode === 409).every(r => errorCode(r) === 'IDEMPOTENCY_IN_PROGRESS'))
  const { n } = await db.selectFrom('activities').select(eb => eb.fn.countAll<number>().as('n')).where('user_id', '=', runner.userId).executeTakeFirstOrThrow()
  t.equal(Number(n), 1, 'exactly one activity')

  const replay = await app.inject({ method: 'POST', url: '/activities', headers: { ...bearer(runner.accessToken), 'idempotency-key': 'run-2026-11-21' }, payload })
  t.equal(replay.statusCode, 201)
  t.equal(replay.headers['idempotent-replayed'], 'true')
  const ids = new Set(results.filter(r => r.statusCode === 201).map(r => r.json().data.activity.id))
  t.same([...ids], [replay.json().data.activity.id], 'every success is the same activity')
})

t.test('the same key with another body is refused; keys are per user and kept 24 h', async (t) => {
  const runner = await register(app)
  const first = await app.inject({ method: 'POST', url: '/activities', headers: { ...bearer(runner.accessToken), 'idempotency-key': 'k' }, payload: body() })
  t.equal(first.statusCode, 201)
  const other = await app.inject({ method: 'POST', url: '/activities', headers: { ...bearer(runner.accessToken), 'idempotency-key': 'k' }, payload: { ...body(), distanceMeters: 9 } })
  t.equal(other.statusCode, 422)
  t.equal(errorCode(other), 'IDEMPOTENCY_KEY_REUSED')
  const someoneElse = await register(app)
  const theirs = await app.inject({ method: 'POST', url: '/activities', headers: { ...bearer(someoneElse.accessToken), 'idempotency-key': 'k' }, payload: body() })
  t.equal(theirs.statusCode, 201, 'another user\'s key space is separate')
  const row = await db.selectFrom('idempotency_keys').select(['created_at', 'expires_at']).where('user_id', '=', runner.userId).where('key', '=', 'k').executeTakeFirstOrThrow()
  t.ok(row.expires_at.getTime() - row.created_at.getTime() >= 24 * 3_600_000 - 1000, 'kept at least 24 hours')
})

t.test('a request that fails releases its key for a retry', async (t) => {
  const runner = await register(app)
  const future = await app.inject({ method: 'POST', url: '/activities', headers: { ...bearer(runner.accessToken), 'idempotency-key': 'f' }, payload: { ...body(), startedAt: new Date(Date.now() + 86_400_000).toISOString() } })
  t.equal(errorCode(future), 'ACTIVITY_IN_FUTURE')
  const fixed = await app.inject({ method: 'POST', url: '/activities', headers: { ...bearer(runner.accessToken), 'idempotency-key': 'f' }, payload: { ...body(), startedAt: new Date(Date.now() + 86_400_000).toISOString() } })
  t.equal(errorCode(fixed), 'ACTIVITY_IN_FUTURE', 'the same request is processed again, not replayed as in progress')
})
