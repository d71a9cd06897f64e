import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { loadavg } from 'node:os'
import pg from 'pg'
import { Redis } from 'ioredis'
import { freePort } from './lib.ts'
import { startDynamoDbLocal } from '../test/helpers/dynamodb-local.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { createDatabase } from '../src/db/database.ts'

/**
 * `npm run soak`: mixed traffic for SOAK_MINUTES (10) against container
 * mode — the API (`src/app/server.ts`) and a BullMQ worker process
 * (`src/app/worker.ts`), on a fresh Postgres database, the machine's
 * Redis (DB SOAK_REDIS_DB, 13, flushed) and DynamoDB Local — printing each
 * minute the error rate (goal < 0.1 %), p99 per route, and both processes'
 * RSS and event-loop delay (goal: RSS flat within 10 % after warm-up).
 *
 * Traffic, at SOAK_RATE requests/s (20) with at most 64 in flight: sign-in
 * and token refresh, profile, team, progress, leaderboard and activity
 * reads, single activities, sync batches of 10, and team changes (edits,
 * people joining and leaving). Every answer that is not the expected 2xx
 * counts as an error.
 */
const MINUTES = Number(process.env.SOAK_MINUTES ?? 10)
const RATE = Number(process.env.SOAK_RATE ?? 20)
const WARM_UP_MINUTES = Number(process.env.SOAK_WARM_UP_MINUTES ?? 2)
const MAX_IN_FLIGHT = 64
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const REDIS_URL = `${(process.env.SOAK_REDIS_URL ?? 'redis://127.0.0.1:6379').replace(/\/\d*$/, '')}/${process.env.SOAK_REDIS_DB ?? 13}`
const DATABASE = 'teamtrek_soak'
const TEAMS = 6
const MEMBERS = 5
const FLOATERS = 12
const PASSWORD = 'a long walk to the north'

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

interface Probe { rssBytes: number, heapUsedBytes: number, loopP99Ms: number, loopMaxMs: number }

interface Child {
  name: string
  child: ChildProcess
  probes: Probe[]
  stop: () => Promise<void>
}

function startChild (name: string, script: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', './bench/soak-probe.ts', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc']
  })
  const probes: Probe[] = []
  child.on('message', (message: Probe & { probe?: boolean }) => { if (message.probe) probes.push(message) })
  return {
    name,
    child,
    probes,
    async stop () {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  }
}

async function freshDatabase (): Promise<string> {
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  await admin.query(`drop database if exists ${DATABASE} with (force)`)
  await admin.query(`create database ${DATABASE}`)
  await admin.end()
  const url = new URL(ADMIN_URL)
  url.pathname = `/${DATABASE}`
  const db = createDatabase({ url: url.toString(), poolMax: 1 })
  await migrateToLatest(db)
  await db.destroy()
  return url.toString()
}

interface Account { userId: string, email: string, accessToken: string, refreshToken: string }
interface Team { id: string, joinCode: string, owner: Account, members: Account[] }

let base = ''
async function call (method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number, json: any }> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000)
  })
  const text = await res.text()
  let json: any = null
  try { json = text ? JSON.parse(text) : null } catch {}
  return { status: res.status, json }
}

async function must (method: string, path: string, token: string | null, body?: unknown) {
  const res = await call(method, path, token, body)
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.json)}`)
  return res.json?.data
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

async function seed (): Promise<{ teams: Team[], floaters: Account[] }> {
  const accounts: Account[] = []
  for (let i = 0; i < TEAMS * MEMBERS + FLOATERS; i++) {
    const email = `soak-${i}-${Date.now()}@example.com`
    const data = await must('POST', '/auth/register', null, { email, password: PASSWORD, displayName: `Soak ${i}`, timezone: 'UTC' })
    accounts.push({ userId: data.user.id, email, accessToken: data.accessToken, refreshToken: data.refreshToken })
  }
  const teams: Team[] = []
  for (let i = 0; i < TEAMS; i++) {
    const members = accounts.slice(i * MEMBERS, (i + 1) * MEMBERS)
    const owner = members[0]!
    const team = await must('POST', '/teams', owner.accessToken, { name: `Soak team ${i}`, visibility: 'public', startDate: day(-30), endDate: day(60), timezone: 'UTC' })
    for (const [n, point] of [[51.5074, -0.1278], [51.752, -1.2577], [52.4862, -1.8904], [53.4808, -2.2426], [55.9533, -3.1883]].entries()) {
      await must('POST', '/waypoints', owner.accessToken, { teamId: team.id, name: `Point ${n}`, lat: point[0], lon: point[1] })
    }
    for (const member of members.slice(1)) await must('POST', '/teams/join', member.accessToken, { code: team.joinCode })
    teams.push({ id: team.id, joinCode: team.joinCode, owner, members })
  }
  return { teams, floaters: accounts.slice(TEAMS * MEMBERS) }
}

interface Sample { route: string, ms: number, ok: boolean, status: number }

function percentile (sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0)

async function main () {
  const databaseUrl = await freshDatabase()
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 })
  await redis.flushdb()
  await redis.quit()
  const dynamodb = await startDynamoDbLocal()
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  const env = {
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    JOBS_PREFIX: 'soak',
    AWS_SERVICES: 'aws',
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    JWT_SECRET: 'soak-only-secret-0123456789abcdefghijkl',
    LOGIN_MAX_PER_IP_PER_MINUTE: '100000',
    LOGIN_MAX_PER_ACCOUNT_PER_15_MINUTES: '100000',
    JOINS_PER_USER_PER_MINUTE: '100000',
    WORKER_IN_PROCESS: 'false'
  }
  const api = startChild('api', 'src/app/server.ts', { ...env, PORT: String(port), HOST: '127.0.0.1' })
  const children: Child[] = [api]
  const stopAll = async () => {
    for (const c of children.reverse()) await c.stop()
    await dynamodb.stop()
  }
  try {
    const deadline = Date.now() + 60_000
    for (;;) {
      if (api.child.exitCode !== null) throw new Error('the API exited at start')
      try { if ((await fetch(`${base}/ready`)).ok) break } catch {}
      if (Date.now() > deadline) throw new Error('the API was not ready within 60 s')
      await sleep(200)
    }
    const worker = startChild('worker', 'src/app/worker.ts', env)
    children.push(worker)

    const seedStart = Date.now()
    const { teams, floaters } = await seed()
    console.log(`soak: container mode (API + BullMQ worker, Redis ${REDIS_URL}, DynamoDB Local, database ${DATABASE}); ` +
      `${TEAMS} teams × ${MEMBERS} + ${FLOATERS} people who join and leave, seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s; ` +
      `${RATE} requests/s for ${MINUTES} min, the first ${WARM_UP_MINUTES} warm-up`)

    const members = teams.flatMap(team => team.members.map(account => ({ account, team })))
    const joined = new Map<Account, Team | null>(floaters.map(f => [f, null]))
    let activityCount = 0
    const startedAtFor = () => new Date(Date.now() - 3_600_000 - (activityCount++) * 60_000).toISOString()
    const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)]!
    const busy = new Set<Account>()
    const firstErrors: string[] = []

    type Op = [weight: number, route: string, run: () => Promise<number>]
    const ops: Op[] = [
      [2, 'POST /auth/login', async () => {
        const { account } = pick(members)
        return (await call('POST', '/auth/login', null, { email: account.email, password: PASSWORD })).status
      }],
      [2, 'POST /auth/refresh', async () => {
        const { account } = pick(members)
        if (busy.has(account)) return 0
        busy.add(account)
        try {
          const res = await call('POST', '/auth/refresh', null, { refreshToken: account.refreshToken })
          if (res.status === 200) {
            account.accessToken = res.json.data.accessToken
            account.refreshToken = res.json.data.refreshToken
          }
          return res.status
        } finally { busy.delete(account) }
      }],
      [14, 'GET /users/me', async () => (await call('GET', '/users/me', pick(members).account.accessToken)).status],
      [8, 'GET /teams', async () => (await call('GET', '/teams', pick(members).account.accessToken)).status],
      [14, 'GET /teams/{id}/progress', async () => {
        const { account, team } = pick(members)
        return (await call('GET', `/teams/${team.id}/progress`, account.accessToken)).status
      }],
      [7, 'GET /teams/{id}/leaderboard', async () => {
        const { account, team } = pick(members)
        return (await call('GET', `/teams/${team.id}/leaderboard`, account.accessToken)).status
      }],
      [5, 'GET /leaderboards/teams', async () => (await call('GET', '/leaderboards/teams', pick(members).account.accessToken)).status],
      [5, 'GET /teams/{id}/members', async () => {
        const { account, team } = pick(members)
        return (await call('GET', `/teams/${team.id}/members`, account.accessToken)).status
      }],
      [8, 'GET /activities', async () => (await call('GET', '/activities?limit=20', pick(members).account.accessToken)).status],
      [20, 'POST /activities', async () => {
        const { account } = pick(members)
        const res = await call('POST', '/activities', account.accessToken, { type: 'walk', distanceMeters: 200 + Math.round(Math.random() * 3000), durationSeconds: 1200, startedAt: startedAtFor(), timezone: 'UTC' })
        return res.status
      }],
      [5, 'POST /activities/sync', async () => {
        const { account } = pick(members)
        const items = Array.from({ length: 10 }, () => ({ type: 'run', distanceMeters: 1000 + Math.round(Math.random() * 4000), durationSeconds: 1800, startedAt: startedAtFor(), timezone: 'UTC', clientId: `sync-${activityCount}-${Math.random()}` }))
        return (await call('POST', '/activities/sync', account.accessToken, { items })).status
      }],
      [3, 'PUT /teams/{id}', async () => {
        const team = pick(teams)
        return (await call('PUT', `/teams/${team.id}`, team.owner.accessToken, { description: `Updated ${new Date().toISOString()}` })).status
      }],
      [4, 'POST /teams/join|leave', async () => {
        const idle = floaters.filter(f => !busy.has(f))
        if (idle.length === 0) return 0
        const floater = pick(idle)
        busy.add(floater)
        try {
          const current = joined.get(floater)
          if (current) {
            const res = await call('POST', `/teams/${current.id}/leave`, floater.accessToken)
            if (res.status >= 300 && firstErrors.length < 3) firstErrors.push(`leave ${res.status} ${JSON.stringify(res.json)}`)
            if (res.status === 200) joined.set(floater, null)
            return res.status
          }
          const team = pick(teams)
          const res = await call('POST', '/teams/join', floater.accessToken, { code: team.joinCode })
          if (res.status >= 300 && firstErrors.length < 3) firstErrors.push(`join ${res.status} ${JSON.stringify(res.json)}`)
          if (res.status === 200 || res.status === 201) joined.set(floater, team)
          return res.status
        } finally { busy.delete(floater) }
      }]
    ]
    const totalWeight = ops.reduce((sum, [w]) => sum + w, 0)
    const chooseOp = (): Op => {
      let r = Math.random() * totalWeight
      for (const op of ops) { r -= op[0]; if (r < 0) return op }
      return ops.at(-1)!
    }

    const minutes: Array<{ samples: Sample[], skipped: number }> = []
    let current = { samples: [] as Sample[], skipped: 0 }
    let inFlight = 0
    const pending = new Set<Promise<void>>()
    const start = Date.now()
    const end = start + MINUTES * 60_000
    let nextMinute = start + 60_000
    const intervalMs = 1000 / RATE
    let nextSend = start

    console.log('\nmin  requests  errors  error %   p99 ms by route (slowest five)                                              api RSS MB  worker RSS MB  api loop p99/max ms  worker loop p99/max ms  load avg')
    const report = (index: number, minute: { samples: Sample[], skipped: number }) => {
      const errors = minute.samples.filter(s => !s.ok)
      const byRoute = new Map<string, number[]>()
      for (const s of minute.samples) byRoute.set(s.route, [...(byRoute.get(s.route) ?? []), s.ms])
      const p99s = [...byRoute].map(([route, ms]) => [route, percentile(ms.sort((a, b) => a - b), 0.99)] as const).sort((a, b) => b[1] - a[1])
      const inWindow = (c: Child) => c.probes.slice(Math.floor(index * 12), Math.floor((index + 1) * 12))
      const last = (c: Child) => inWindow(c).at(-1)
      const loop = (c: Child) => {
        const list = inWindow(c)
        return list.length === 0 ? '-' : `${Math.max(...list.map(p => p.loopP99Ms)).toFixed(1)}/${Math.max(...list.map(p => p.loopMaxMs)).toFixed(0)}`
      }
      console.log(`${String(index + 1).padStart(3)}  ${String(minute.samples.length).padStart(8)}  ${String(errors.length).padStart(6)}  ${(100 * errors.length / Math.max(1, minute.samples.length)).toFixed(3).padStart(7)}   ` +
        `${p99s.slice(0, 5).map(([r, p]) => `${r.replace(/^(GET|POST|PUT) /, '$1 ')} ${p.toFixed(0)}`).join(', ').padEnd(76)}` +
        `${(last(api) ? mb(last(api)!.rssBytes) : '-').padStart(10)}  ${(last(worker) ? mb(last(worker)!.rssBytes) : '-').padStart(13)}  ${loop(api).padStart(19)}  ${loop(worker).padStart(22)}  ${loadavg()[0]!.toFixed(1).padStart(8)}` +
        (minute.skipped > 0 ? `  (${minute.skipped} sends skipped: ${MAX_IN_FLIGHT} in flight)` : '') +
        (errors.length > 0 ? `\n     errors: ${[...new Set(errors.map(e => `${e.route} ${e.status}`))].slice(0, 6).join('; ')}` : ''))
    }

    while (Date.now() < end) {
      if (api.child.exitCode !== null || worker.child.exitCode !== null) throw new Error('a process exited during the soak')
      const now = Date.now()
      if (now >= nextMinute) {
        minutes.push(current)
        report(minutes.length - 1, current)
        current = { samples: [], skipped: 0 }
        nextMinute += 60_000
      }
      if (now < nextSend) {
        await sleep(Math.min(nextSend - now, 5))
        continue
      }
      nextSend += intervalMs
      if (inFlight >= MAX_IN_FLIGHT) { current.skipped++; continue }
      const [, route, run] = chooseOp()
      inFlight++
      const bucket = current
      const t0 = performance.now()
      // 0: nothing sent (the person was busy); -1: no answer (network error, 30 s timeout).
      const p: Promise<void> = run().then(status => status, () => -1)
        .then(status => { if (status !== 0) bucket.samples.push({ route, ms: performance.now() - t0, ok: status >= 200 && status < 300, status }) })
        .finally(() => { inFlight--; pending.delete(p) })
      pending.add(p)
    }
    await Promise.all(pending)
    if (current.samples.length > 0 && minutes.length < MINUTES) {
      minutes.push(current)
      report(minutes.length - 1, current)
    }

    if (firstErrors.length > 0) console.log(`first team-change errors: ${firstErrors.join(' | ')}`)
    // Verdicts.
    const all = minutes.flatMap(m => m.samples)
    const errors = all.filter(s => !s.ok).length
    const rate = 100 * errors / Math.max(1, all.length)
    console.log(`\ntotal: ${all.length} requests, ${errors} errors = ${rate.toFixed(3)} % (goal < 0.1 %): ${rate < 0.1 ? 'PASS' : 'FAIL'}`)
    const overall = new Map<string, number[]>()
    for (const s of all) overall.set(s.route, [...(overall.get(s.route) ?? []), s.ms])
    console.log('p99 per route over the whole run: ' + [...overall].map(([r, ms]) => `${r} ${percentile(ms.sort((a, b) => a - b), 0.99).toFixed(0)} ms`).join('; '))
    for (const child of children) {
      const after = child.probes.slice(WARM_UP_MINUTES * 12)
      if (after.length < 2) continue
      const first = after[0]!.rssBytes
      const max = Math.max(...after.map(p => p.rssBytes))
      const min = Math.min(...after.map(p => p.rssBytes))
      const growth = 100 * (max - first) / first
      console.log(`${child.name} RSS after warm-up: first ${mb(first)} MB, min ${mb(min)} MB, max ${mb(max)} MB, last ${mb(after.at(-1)!.rssBytes)} MB: ` +
        `max ${growth.toFixed(1)} % above the first (goal ≤ 10 %): ${growth <= 10 ? 'PASS' : 'FAIL'}; ` +
        `event-loop delay p99 (worst 5 s) ${Math.max(...after.map(p => p.loopP99Ms)).toFixed(1)} ms, max ${Math.max(...after.map(p => p.loopMaxMs)).toFixed(0)} ms`)
    }
  } finally {
    await stopAll()
  }
}

await main()
