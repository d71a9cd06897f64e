import t from 'tap'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { LightMyRequestResponse } from 'fastify'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register, type Account } from '../helpers/api.ts'
import { startPrivatePostgres } from '../helpers/private-postgres.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'

// Heavy by design (a private Postgres, a 30 s outage under traffic).
t.setTimeout(300_000)

const OUTAGE_MS = 30_000
/** No request may take longer than this, outage or not: pg's connection timeout (5 s) plus slack. */
const MAX_LATENCY_MS = 7_000
const UNAVAILABLE = new Set(['DATABASE_UNAVAILABLE', 'DATABASE_TIMEOUT'])

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

type Phase = 'before' | 'outage' | 'after'
interface Sample { route: string, status: number, started: number, ms: number, code?: string, retryAfter?: string }

t.test('Postgres stopped for 30 s under load: 503 with Retry-After, /ready false, recovery without a restart, nothing accepted lost', async (t) => {
  const environment = await testEnvironment(t)
  const postgres = await startPrivatePostgres(t)
  const migrator = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: postgres.url, max: 1 }) }) })
  await migrateToLatest(migrator)
  await migrator.destroy()

  const app = await build(t, environment, { DATABASE_URL: postgres.url })
  const people: Account[] = []
  for (let i = 0; i < 3; i++) people.push(await register(app, { displayName: `Walker ${i}` }))

  const samples: Sample[] = []
  const accepted: string[] = []
  const record = (route: string, started: number, res: LightMyRequestResponse) => {
    let code: string | undefined
    try { code = res.json().error?.code } catch {}
    const retryAfter = res.headers['retry-after'] as string | undefined
    samples.push({ route, status: res.statusCode, started, ms: Date.now() - started, ...(code !== undefined && { code }), ...(retryAfter !== undefined && { retryAfter }) })
  }

  // Steady traffic: a walk logged every 100 ms, a read every 100 ms (the
  // person's activities or profile), /ready every 500 ms.
  let sent = 0
  const traffic = new AbortController()
  t.teardown(() => traffic.abort())
  const writer = (async () => {
    while (!traffic.signal.aborted) {
      const person = people[sent % people.length]!
      const clientId = `walk-${sent++}`
      const started = Date.now()
      const res = await app.inject({
        method: 'POST',
        url: '/activities',
        headers: bearer(person.accessToken),
        payload: { type: 'walk', distanceMeters: 500, durationSeconds: 600, startedAt: new Date(Date.now() - 3_600_000 - sent * 660_000).toISOString(), clientId }
      })
      record('POST /activities', started, res)
      if (res.statusCode === 201) accepted.push(clientId)
      await sleep(100)
    }
  })()
  const reader = (async () => {
    for (let n = 0; !traffic.signal.aborted; n++) {
      const person = people[n % people.length]!
      const url = n % 2 === 0 ? '/activities?limit=5' : '/users/me'
      const started = Date.now()
      record(`GET ${url.split('?')[0]}`, started, await app.inject({ method: 'GET', url, headers: bearer(person.accessToken) }))
      await sleep(100)
    }
  })()
  const ready = (async () => {
    while (!traffic.signal.aborted) {
      const started = Date.now()
      record('GET /ready', started, await app.inject({ method: 'GET', url: '/ready' }))
      await sleep(500)
    }
  })()

  await sleep(3_000)
  const stopping = Date.now()
  await postgres.stop()
  const stoppedAt = Date.now()
  await sleep(OUTAGE_MS)
  await postgres.start()
  const backAt = Date.now()

  // Recovery: the same app (no restart) writes again.
  let recoveredAt: number | undefined
  while (recoveredAt === undefined && Date.now() - backAt < 20_000) {
    const latest = samples.findLast(s => s.started >= backAt && s.route === 'POST /activities')
    if (latest?.status === 201) recoveredAt = Date.now()
    else await sleep(100)
  }
  await sleep(3_000)
  traffic.abort()
  await Promise.all([writer, reader, ready])

  // By when a request ran: wholly before the stop began, wholly inside the
  // outage, or started once Postgres was back. Those spanning a transition
  // are held to the rules that hold throughout (no 500, no hang, the envelope).
  const phaseOf = (s: Sample): Phase | null => s.started + s.ms < stopping
    ? 'before'
    : s.started >= stoppedAt && s.started + s.ms <= backAt ? 'outage' : s.started >= backAt ? 'after' : null
  const of = (p: Phase) => samples.filter(s => phaseOf(s) === p)
  const api = (p: Phase) => of(p).filter(s => s.route !== 'GET /ready')
  const summary = (list: Sample[]) => Object.entries(list.reduce<Record<string, number>>((acc, s) => {
    const key = `${s.status}${s.code ? ' ' + s.code : ''}`
    acc[key] = (acc[key] ?? 0) + 1
    return acc
  }, {})).map(([k, v]) => `${k} ×${v}`).join(', ')
  t.comment(`outage ${backAt - stoppedAt} ms; before: ${summary(api('before'))}; during: ${summary(api('outage'))}; after: ${summary(api('after'))}`)
  t.comment(`recovered (first 201) ${recoveredAt === undefined ? 'never' : `${recoveredAt - backAt} ms`} after Postgres was back; slowest answer ${Math.max(...samples.map(s => s.ms))} ms`)

  t.ok(api('before').length > 20 && api('before').every(s => s.status < 300), 'healthy before the outage')
  const outage = api('outage')
  t.ok(outage.length > 100, `traffic kept being answered during the outage (${outage.length} answers)`)
  t.same(samples.filter(s => s.status >= 500 && s.status !== 503), [], 'never a 500')
  const refused = outage.filter(s => s.status === 503)
  t.ok(refused.length > outage.length * 0.8, `most requests during the outage answered 503 (${refused.length} of ${outage.length}; a few reads come from caches)`)
  t.same(samples.filter(s => s.route !== 'GET /ready' && s.status === 503 && (!UNAVAILABLE.has(s.code!) || s.retryAfter === undefined)), [], 'every 503 carries the envelope with DATABASE_UNAVAILABLE (or _TIMEOUT) and Retry-After')
  t.same(outage.filter(s => s.status !== 503 && s.status >= 300), [], 'nothing else but 503s and successes')
  t.ok(samples.every(s => s.ms < MAX_LATENCY_MS), `no request hung: every answer within ${MAX_LATENCY_MS} ms`)

  const readyDuring = of('outage').filter(s => s.route === 'GET /ready')
  t.ok(readyDuring.length > 10 && readyDuring.every(s => s.status === 503 && s.code === 'SERVICE_UNAVAILABLE'), `/ready answered 503 throughout the outage (${summary(readyDuring)})`)
  const readyAfter = of('after').filter(s => s.route === 'GET /ready')
  t.equal(readyAfter.at(-1)?.status, 200, '/ready is true again after recovery')

  t.ok(recoveredAt !== undefined && recoveredAt - backAt < 15_000, 'writes recover within 15 s of Postgres returning, without restarting the app')
  t.ok(api('after').slice(-10).every(s => s.status < 300), 'and the last requests all succeed')

  // Every 201 is in the database after the outage.
  const stored = await app.db.selectFrom('activities').select('client_id').where('client_id', 'in', accepted).execute()
  t.equal(stored.length, accepted.length, `all ${accepted.length} accepted activities are stored`)
})
