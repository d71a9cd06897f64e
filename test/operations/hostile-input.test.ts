import t from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register } from '../helpers/api.ts'
import { createTeam } from '../helpers/teams.ts'
import { encodeCursor } from '../../src/lib/pagination.ts'
import { loadConfig, ConfigError } from '../../src/lib/config.ts'
import { isIanaTimeZone } from '../../src/lib/time-zones.ts'

const environment = await testEnvironment(t)
const app = await build(t, environment, { JOINS_PER_USER_PER_MINUTE: '3' })
const walker = await register(app)
const team = await createTeam(app, walker, { startDate: '2020-01-01', endDate: '2030-12-31' })

t.test('values the schema lets through but Postgres or Date cannot hold are 4xx, not 500', async (t) => {
  const leap = await app.inject({ method: 'POST', url: '/activities', headers: bearer(walker.accessToken), payload: { type: 'walk', distanceMeters: 10, startedAt: '2016-12-31T23:59:60Z' } })
  t.equal(errorCode(leap), 'VALIDATION_ERROR', 'a leap second')
  const yearZero = await app.inject({ method: 'POST', url: '/teams', headers: bearer(walker.accessToken), payload: { name: 'Zero', startDate: '0000-01-01', endDate: '2027-01-01' } })
  t.equal(yearZero.statusCode, 400, 'year 0')
  const nul = await app.inject({ method: 'POST', url: '/teams', headers: bearer(walker.accessToken), payload: { name: 'Bad\u0000Name', startDate: '2027-01-01', endDate: '2027-02-01' } })
  t.equal(nul.statusCode, 400, 'a NUL character')
  for (const key of [{ c: '2024-99-99 99:99:99+00', i: '00000000-0000-4000-8000-000000000000' }, { c: '2024-01-01 00:00:00+00', i: '------------------------------------' }]) {
    const res = await app.inject({ method: 'GET', url: `/teams?cursor=${encodeCursor(key)}`, headers: bearer(walker.accessToken) })
    t.equal(res.statusCode, 400, `cursor ${JSON.stringify(key)}`)
  }
  const sync = await app.inject({
    method: 'POST',
    url: '/activities/sync',
    headers: bearer(walker.accessToken),
    payload: { items: [{ type: 'walk', distanceMeters: 500, startedAt: new Date(Date.now() - 3_600_000).toISOString() }, { type: 'walk', distanceMeters: 5, startedAt: '2016-12-31T23:59:60Z' }] }
  })
  t.equal(sync.statusCode, 200)
  t.same(sync.json().data.results.map((r: { status: string }) => r.status), ['created', 'rejected'], 'a bad item is rejected on its own')
})

t.test('time zones: offsets are not zones, and odd spellings are accepted but canonicalised', async (t) => {
  t.equal(isIanaTimeZone('+05:00'), false)
  t.equal(isIanaTimeZone('europe/LONDON'), true)
  const res = await app.inject({ method: 'PATCH', url: '/users/me', headers: bearer(walker.accessToken), payload: { timezone: 'america/NEW_york' } })
  t.equal(res.json().data.timezone, 'America/New_York')
  const offset = await app.inject({ method: 'PATCH', url: '/users/me', headers: bearer(walker.accessToken), payload: { timezone: '+05:00' } })
  t.equal(errorCode(offset), 'VALIDATION_ERROR')
})

t.test('guessing join codes is throttled per user', async (t) => {
  const guesser = await register(app)
  const statuses = []
  for (let i = 0; i < 4; i++) {
    statuses.push((await app.inject({ method: 'POST', url: '/teams/join', headers: bearer(guesser.accessToken), payload: { code: `GUESS${i}XX` } })).statusCode)
  }
  t.same(statuses, [404, 404, 404, 429])
})

t.test('an Idempotency-Key replay ignores the order of the body\'s keys', async (t) => {
  const startedAt = new Date(Date.now() - 7_200_000).toISOString()
  const headers = { ...bearer(walker.accessToken), 'idempotency-key': 'order', 'content-type': 'application/json' }
  const first = await app.inject({ method: 'POST', url: '/activities', headers, payload: `{"type":"run","distanceMeters":3000,"startedAt":"${startedAt}"}` })
  const again = await app.inject({ method: 'POST', url: '/activities', headers, payload: `{"startedAt":"${startedAt}","distanceMeters":3000,"type":"run"}` })
  t.equal(first.statusCode, 201)
  t.equal(again.statusCode, 201)
  t.equal(again.headers['idempotent-replayed'], 'true')
})

t.test('the public development JWT secret is refused outside the zero-config embedded mode', async (t) => {
  t.throws(() => loadConfig({ AWS_SERVICES: 'aws' }), ConfigError)
  t.throws(() => loadConfig({ DATABASE_URL: 'postgres://teamtrek@db.internal:5432/teamtrek' }), ConfigError, 'a real database is a deployment')
  t.throws(() => loadConfig({ REDIS_URL: 'redis://cache.internal:6379' }), ConfigError, 'so is a shared Redis')
  t.throws(() => loadConfig({ DYNAMODB_ENDPOINT: 'http://dynamodb:8000' }), ConfigError, 'and a DynamoDB of its own')
  t.doesNotThrow(() => loadConfig({ DATABASE_URL: 'postgres://teamtrek@db.internal:5432/teamtrek', JWT_SECRET: 'a-secret-of-our-own-that-is-long-enough' }))
  t.doesNotThrow(() => loadConfig({}))
  t.ok(team.id)
})
