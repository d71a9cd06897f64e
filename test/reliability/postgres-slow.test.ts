import t from 'tap'
import pg from 'pg'
import type { InjectOptions } from 'fastify'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register, type Account } from '../helpers/api.ts'
import type { App } from '../../src/app/app.ts'

// A lock held for 20 s, twice.
t.setTimeout(240_000)

const LOCK_HELD_MS = 20_000
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

interface Answer { status: number, ms: number, code?: string, retryAfter?: string }

async function timed (app: App, request: InjectOptions): Promise<Answer> {
  const started = Date.now()
  const res = await app.inject(request)
  let code: string | undefined
  try { code = res.json().error?.code } catch {}
  const retryAfter = res.headers['retry-after'] as string | undefined
  return { status: res.statusCode, ms: Date.now() - started, ...(code !== undefined && { code }), ...(retryAfter !== undefined && { retryAfter }) }
}

function logWalk (app: App, account: Account, n: number) {
  return timed(app, {
    method: 'POST',
    url: '/activities',
    headers: bearer(account.accessToken),
    payload: { type: 'walk', distanceMeters: 300, durationSeconds: 300, startedAt: new Date(Date.now() - 3_600_000 - n * 400_000).toISOString(), clientId: `slow-${n}-${Math.random()}` }
  })
}

/** Hold an ACCESS EXCLUSIVE lock on `activities` (what a careless migration or a stuck batch does) for `ms`. */
async function holdLock (databaseUrl: string, ms: number): Promise<{ released: Promise<void> }> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  await client.query('begin')
  await client.query('lock table activities in access exclusive mode')
  const released = sleep(ms).then(async () => {
    await client.query('rollback')
    await client.end()
  })
  return { released }
}

/** Run `request` every `everyMs` until `until` settles. */
async function during (until: Promise<void>, request: (n: number) => Promise<Answer>, everyMs = 500): Promise<Answer[]> {
  const state = { done: false }
  until.then(() => { state.done = true }, () => { state.done = true })
  const answers: Promise<Answer>[] = []
  for (let n = 0; !state.done; n++) {
    answers.push(request(n))
    await sleep(everyMs)
  }
  return Promise.all(answers)
}

const environment = await testEnvironment(t)

t.test('a lock held for 20 s: blocked requests answer 503 DATABASE_TIMEOUT after the lock timeout, others are untouched', async (t) => {
  // The defaults: DATABASE_LOCK_TIMEOUT_MS 3000, DATABASE_STATEMENT_TIMEOUT_MS 10000.
  const app = await build(t, environment)
  const account = await register(app)
  const BOUND_MS = 3_000 + 1_500

  const lock = await holdLock(environment.databaseUrl, LOCK_HELD_MS)
  const lockedAt = Date.now()
  // One write and one read a second: with each waiting 3 s, fewer in flight
  // than the pool has connections (the pool running dry is the last case).
  const [writes, reads, others] = await Promise.all([
    during(lock.released, n => logWalk(app, account, n), 1000),
    during(lock.released, () => timed(app, { method: 'GET', url: '/activities', headers: bearer(account.accessToken) }), 1000),
    during(lock.released, () => timed(app, { method: 'GET', url: '/users/me', headers: bearer(account.accessToken) }), 1000)
  ])
  t.comment(`lock held ${Date.now() - lockedAt} ms; POST /activities ${writes.length}× (slowest ${Math.max(...writes.map(a => a.ms))} ms), GET /activities ${reads.length}× (slowest ${Math.max(...reads.map(a => a.ms))} ms), GET /users/me ${others.length}× (slowest ${Math.max(...others.map(a => a.ms))} ms)`)

  // Requests started in the last 3 s may get the table once it is released.
  const blocked = [...writes, ...reads]
  t.ok(blocked.length >= 30, `requests kept coming (${blocked.length})`)
  t.same(blocked.filter(a => a.status >= 500 && a.status !== 503), [], 'never a 500')
  const timedOut = blocked.filter(a => a.status === 503)
  t.ok(timedOut.length >= blocked.length - 8, `every request that waited the lock timeout answered 503 (${timedOut.length} of ${blocked.length})`)
  t.same(timedOut.filter(a => a.code !== 'DATABASE_TIMEOUT' || a.retryAfter === undefined), [], 'as DATABASE_TIMEOUT with Retry-After')
  t.same(timedOut.filter(a => a.ms > BOUND_MS), [], `each within ${BOUND_MS} ms (the 3 s lock timeout and slack)`)
  t.same(others.filter(a => a.status !== 200 || a.ms > 1_000), [], 'requests that do not touch the locked table answer 200 at once')

  const after = await logWalk(app, account, 999)
  t.equal(after.status, 201, 'once the lock is released, writes succeed again')
})

t.test('a statement that runs too long: cancelled by the statement timeout, 503 DATABASE_TIMEOUT', async (t) => {
  // Lock waits unbounded here, so only the statement timeout can end the wait.
  const app = await build(t, environment, { DATABASE_LOCK_TIMEOUT_MS: '0', DATABASE_STATEMENT_TIMEOUT_MS: '2000' })
  const account = await register(app)
  const BOUND_MS = 2_000 + 1_500

  const lock = await holdLock(environment.databaseUrl, LOCK_HELD_MS)
  const reads = await during(lock.released, () => timed(app, { method: 'GET', url: '/activities', headers: bearer(account.accessToken) }))
  const timedOut = reads.filter(a => a.status === 503)
  t.comment(`GET /activities ${reads.length}×, slowest ${Math.max(...reads.map(a => a.ms))} ms`)
  t.same(reads.filter(a => a.status >= 500 && a.status !== 503), [], 'never a 500')
  t.ok(timedOut.length >= reads.length - 6, `503 for every read that waited 2 s (${timedOut.length} of ${reads.length})`)
  t.same(timedOut.filter(a => a.code !== 'DATABASE_TIMEOUT' || a.ms > BOUND_MS), [], `DATABASE_TIMEOUT within ${BOUND_MS} ms`)
  t.equal((await timed(app, { method: 'GET', url: '/activities', headers: bearer(account.accessToken) })).status, 200, 'and 200 once the lock is gone')
})

t.test('every pooled connection stuck behind the lock: new requests wait at most 5 s for one, then 503', async (t) => {
  const app = await build(t, environment, { DATABASE_POOL_MAX: '2', DATABASE_LOCK_TIMEOUT_MS: '8000' })
  const account = await register(app)
  const lock = await holdLock(environment.databaseUrl, 12_000)
  const burst = await Promise.all(Array.from({ length: 8 }, () => timed(app, { method: 'GET', url: '/activities', headers: bearer(account.accessToken) })))
  await lock.released
  t.comment(`8 reads on a pool of 2: ${burst.map(a => `${a.status} ${a.code ?? ''} ${a.ms} ms`).join('; ')}`)
  t.same(burst.filter(a => a.status !== 503), [], 'all 503 (none got past the lock)')
  const waitedForPool = burst.filter(a => a.code === 'DATABASE_UNAVAILABLE')
  t.ok(waitedForPool.length >= 4, `those that never got a connection say DATABASE_UNAVAILABLE (${waitedForPool.length})`)
  t.same(waitedForPool.filter(a => a.ms > 5_000 + 1_500), [], 'after at most the 5 s connection wait')
})
