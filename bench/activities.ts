import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { encodeCursor } from '../src/lib/pagination.ts'
import { compare, printTable, startServer, type RunningServer } from './lib.ts'

interface Context {
  api: RunningServer
  databaseUrl: string
  seconds: number
}

async function register (api: RunningServer, name: string): Promise<{ accessToken: string, userId: string }> {
  const res = await fetch(`${api.url}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${name}-${randomUUID()}@example.com`, password: 'benchmarking all the way', displayName: name })
  })
  const { data } = await res.json() as { data: { accessToken: string, user: { id: string } } }
  return { accessToken: data.accessToken, userId: data.user.id }
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString()

/** POST /activities (20 walkers, each in a team) against a bare route doing one INSERT. */
export async function benchLogging ({ api, databaseUrl, seconds }: Context) {
  const baselineServer = await startServer('bench/insert-server.ts', { DATABASE_URL: databaseUrl })
  try {
    const walkerCount = Number(process.env.BENCH_WALKERS ?? 20)
    const walkers = await Promise.all(Array.from({ length: walkerCount }, (_, i) => register(api, `walker${i}`)))
    for (const walker of walkers) {
      await fetch(`${api.url}/teams`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${walker.accessToken}` },
        body: JSON.stringify({ name: 'Bench team', startDate: '2020-01-01', endDate: '2030-12-31' })
      })
    }
    // Most outings are logged as they end, so each starts after the walker's
    // earlier ones (credited alone); one in BENCH_BACKDATED_EVERY (default 10)
    // is back-dated up to four days (its day is credited again whole).
    const backdatedEvery = Number(process.env.BENCH_BACKDATED_EVERY ?? 10)
    const firstStart = Date.now() - 20 * 3_600_000
    let n = 0
    const nextActivity = () => {
      const walker = walkers[n++ % walkers.length]!
      const turn = Math.floor(n / walkers.length)
      const startedAt = (turn + n) % backdatedEvery === 0 ? hoursAgo(21 + (n % 75)) : new Date(firstStart + turn * 10_000).toISOString()
      return { walker, body: JSON.stringify({ type: 'walk', distanceMeters: 1000 + (n % 500), startedAt }) }
    }
    const rows = await compare([
      ['bare route + 1-row INSERT (baseline)', {
        url: `${baselineServer.url}/insert`,
        method: 'POST',
        seconds,
        serverPid: baselineServer.pid,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ userId: randomUUID(), distanceMeters: 1234, startedAt: hoursAgo(n++ % 96) }) })
      }],
      ['bare route, 5-statement transaction', {
        url: `${baselineServer.url}/insert-transaction`,
        method: 'POST',
        seconds,
        serverPid: baselineServer.pid,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ userId: randomUUID(), distanceMeters: 1234, startedAt: hoursAgo(n++ % 96) }) })
      }],
      [`POST /activities (${walkerCount} users, 1 team each, 1 in ${backdatedEvery} back-dated)`, {
        url: `${api.url}/activities`,
        method: 'POST',
        seconds,
        serverPid: api.pid,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => {
          const { walker, body } = nextActivity()
          return { ...req, body, headers: { ...req.headers, authorization: `Bearer ${walker.accessToken}` } }
        }
      }]
    ], 2)
    printTable(rows, rows[0]!)
    console.log(`\nPOST /activities = ${(rows[2]!.requestsPerSecond / rows[0]!.requestsPerSecond).toFixed(2)} × a bare 1-row INSERT route (target ≥ 0.6)`)
  } finally {
    await baselineServer.stop()
  }
}

const SYNC_ITEMS = 500

/**
 * POST /activities/sync with 500 items (a phone's week: walks spread over
 * 7 days, each user syncing once or twice) against a bare route doing one
 * 500-row multi-row INSERT: items stored (and, for the API, credited) per second.
 */
export async function benchSync ({ api, databaseUrl, seconds }: Context) {
  const baselineServer = await startServer('bench/insert-server.ts', { DATABASE_URL: databaseUrl })
  try {
    const phones = await Promise.all(Array.from({ length: Number(process.env.BENCH_SYNC_USERS ?? 100) }, (_, i) => register(api, `phone${i}`)))
    for (const phone of phones) {
      await fetch(`${api.url}/teams`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${phone.accessToken}` },
        body: JSON.stringify({ name: 'Sync team', startDate: '2020-01-01', endDate: '2030-12-31' })
      })
    }
    let n = 0
    const week = () => Array.from({ length: SYNC_ITEMS }, (_, i) => ({
      type: 'walk', distanceMeters: 200 + (i % 300), startedAt: hoursAgo(1 + ((i * 7 + n) % 168)), source: 'healthkit', externalId: randomUUID()
    }))
    const rows = await compare([
      [`bare route + one ${SYNC_ITEMS}-row INSERT (baseline)`, {
        url: `${baselineServer.url}/insert-batch`,
        method: 'POST',
        seconds,
        connections: 4,
        serverPid: baselineServer.pid,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ userId: randomUUID(), items: week() }) })
      }],
      [`POST /activities/sync (${SYNC_ITEMS} items)`, {
        url: `${api.url}/activities/sync`,
        method: 'POST',
        seconds,
        connections: 4,
        serverPid: api.pid,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => {
          const phone = phones[n++ % phones.length]!
          return { ...req, body: JSON.stringify({ items: week() }), headers: { ...req.headers, authorization: `Bearer ${phone.accessToken}` } }
        }
      }]
    ], 2)
    printTable(rows, rows[0]!)
    const perSecond = (m: { requestsPerSecond: number }) => m.requestsPerSecond * SYNC_ITEMS
    console.log(`\nitems per second: baseline ${perSecond(rows[0]!).toFixed(0)}, POST /activities/sync ${perSecond(rows[1]!).toFixed(0)} stored and credited` +
      ` = ${(rows[1]!.requestsPerSecond / rows[0]!.requestsPerSecond).toFixed(2)} × (target ≥ 0.5)`)
  } finally {
    await baselineServer.stop()
  }
}

/** GET /activities: page 1 against a page 900,000 rows deep, in 1,000,000 activities. */
export async function benchDeepPage ({ api, databaseUrl, seconds }: Context) {
  const reader = await register(api, 'reader')
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 })
  try {
    const total = Number(process.env.BENCH_ACTIVITY_ROWS ?? 1_000_000)
    const started = Date.now()
    await pool.query(`
      insert into activities (user_id, type, distance_m, started_at, timezone, local_day, raw_m)
      select $1, 'walk', 1000 + g % 5000, ts, 'UTC', (ts at time zone 'UTC')::date, 1000 + g % 5000
      from generate_series(1, $2) g, lateral (select now() - make_interval(secs => g * 60) as ts) t`, [reader.userId, total])
    await pool.query('analyze activities')
    console.log(`\nseeded ${total.toLocaleString('en')} activities in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    const deep = Math.floor(total * 0.9)
    const { rows } = await pool.query(
      'select started_at::text as s, id as i from activities where user_id = $1 order by started_at desc, id desc offset $2 limit 1',
      [reader.userId, deep])
    const cursor = encodeCursor(rows[0])
    const headers = { authorization: `Bearer ${reader.accessToken}` }
    const measured = await compare([
      ['GET /activities page 1', { url: `${api.url}/activities?limit=20`, headers, seconds, serverPid: api.pid }],
      [`GET /activities ${deep.toLocaleString('en')} rows deep`, { url: `${api.url}/activities?limit=20&cursor=${cursor}`, headers, seconds, serverPid: api.pid }]
    ], 2)
    printTable(measured, measured[0]!)
    const [first, deepPage] = measured
    console.log(`\ndeep page latency = ${(deepPage!.p99Ms / Math.max(first!.p99Ms, 1)).toFixed(2)} × page 1 at p99; throughput ${(first!.requestsPerSecond / deepPage!.requestsPerSecond).toFixed(2)} × slower (target ≤ 1.5)`)
  } finally {
    await pool.end()
  }
}
