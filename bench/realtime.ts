import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { Redis } from 'ioredis'
import { WebSocket } from 'ws'
import type { AwsEmulators } from '../src/app/embedded/aws-emulators.ts'
import { call, cpuMicros, cpuProfileArgs, percentile, startServer, type RunningServer } from './lib.ts'

/**
 * Real time, printed in one run:
 * (a) one event to 1,000 subscribed sockets: messages/s delivered, against a
 *     bare `ws` server broadcasting the same payload to 1,000 sockets, both
 *     timed while an event is on its way (its first frame to its last), and
 *     for reference from the first trigger, with the server's CPU per message;
 * (b) freshness to the screen: POST /activities returned → progress_update
 *     received on a subscribed socket, p50/p99, container mode (API + BullMQ
 *     worker process + Redis pub/sub) over 20 teams, at 20 and 200 activities/s;
 * (c) memory per idle subscribed connection (server RSS).
 */
interface Context { databaseUrl: string, emulators: AwsEmulators }

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1000)
const EVENTS = Number(process.env.BENCH_BROADCAST_EVENTS ?? 30)
const ROUNDS = Number(process.env.BENCH_BROADCAST_ROUNDS ?? 5)
const TEAMS = 20
const RATES = (process.env.BENCH_RATES ?? '20,200').split(',').map(Number)
const SECONDS = Number(process.env.BENCH_FRESHNESS_SECONDS ?? 10)
const REDIS_URL = process.env.BENCH_REALTIME_REDIS_URL ?? 'redis://127.0.0.1:6379/12'
const PASSWORD = 'benchmarking all the way'
const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits })
function rssKb (pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find(l => l.startsWith('VmRSS:'))
  return Number(line?.split(/\s+/)[1] ?? NaN)
}

async function account (api: RunningServer, label: string) {
  const { data } = await call<{ accessToken: string, user: { id: string } }>(api.url, 'POST', '/auth/register', undefined, {
    email: `rt-${label.replace(/\W/g, '')}-${randomUUID()}@example.com`.toLowerCase(), password: PASSWORD, displayName: label
  })
  return { token: data.accessToken, userId: data.user.id }
}

/** Open `count` sockets (`batch` at a time); `onOpen` may send frames, `onMessage` sees every frame. */
async function openSockets (url: string, count: number, onOpen: (ws: WebSocket) => Promise<void> | void, onMessage: (data: Buffer) => void): Promise<WebSocket[]> {
  const sockets: WebSocket[] = []
  for (let i = 0; i < count; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - i) }, async () => {
      const ws = new WebSocket(url)
      ws.on('message', onMessage)
      await once(ws, 'open')
      await onOpen(ws)
      sockets.push(ws)
    }))
  }
  return sockets
}

/**
 * Frames received by the clients, and when each event's first and last frame
 * came (events told apart by their `seq`, the first one in the frame).
 */
class Delivered {
  n = 0
  readonly spans = new Map<number, { first: number, last: number }>()
  readonly count = (data: Buffer) => {
    const now = performance.now()
    this.n++
    const at = data.indexOf('"seq":') + 6
    const seq = parseInt(data.subarray(at, at + 12).toString('latin1'), 10)
    const span = this.spans.get(seq)
    if (span) span.last = now
    else this.spans.set(seq, { first: now, last: now })
  }

  /** How long at least one event was on its way to the sockets: the union of their spans. */
  deliveringMs (): number {
    let total = 0
    let end = -Infinity
    for (const { first, last } of [...this.spans.values()].sort((a, b) => a.first - b.first)) {
      if (first > end) total += last - first
      else if (last > end) total += last - end
      end = Math.max(end, last)
    }
    return total
  }
}

interface Round { delivery: number, withTrigger: number, cpuMicros: number }

/**
 * Deliver `EVENTS` broadcasts to every socket. messages/s over the time an
 * event was being delivered, from its first frame on any socket to its last
 * (`delivery`), and from the first trigger to the last frame (`withTrigger`).
 * The first leaves out the wait for each event to exist (a bare POST; for
 * TeamTrek a chat message through the API, DynamoDB and the event log, one
 * commit at a time per team), not the server's work on the triggers while
 * it delivers; the server's CPU time per message counts everything.
 */
async function broadcastRate (server: RunningServer, trigger: () => Promise<void>, delivered: Delivered): Promise<Round> {
  delivered.n = 0
  delivered.spans.clear()
  const cpuBefore = cpuMicros(server.pid) ?? NaN
  const started = performance.now()
  // All at once, as events arrive from many writers.
  await Promise.all(Array.from({ length: EVENTS }, () => trigger()))
  const target = EVENTS * SOCKETS
  const deadline = Date.now() + 60_000
  while (delivered.n < target && Date.now() < deadline) await sleep(2)
  if (delivered.n < target) throw new Error(`only ${delivered.n} of ${target} messages arrived`)
  const ended = Math.max(...[...delivered.spans.values()].map(s => s.last))
  return {
    delivery: target / (delivered.deliveringMs() / 1000),
    withTrigger: target / ((ended - started) / 1000),
    cpuMicros: ((cpuMicros(server.pid) ?? NaN) - cpuBefore) / target
  }
}

/** bench/aws-emulators-process.ts started, and its endpoints. */
async function emulatorsProcess (): Promise<{ dynamodbEndpoint: string, sqsEndpoint: string, stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['bench/aws-emulators-process.ts'], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  for await (const chunk of child.stdout!) {
    out += String(chunk)
    if (out.includes('\n')) break
  }
  const endpoints = JSON.parse(out) as { dynamodbEndpoint: string, sqsEndpoint: string }
  return { ...endpoints, async stop () { if (child.exitCode === null) { child.kill('SIGTERM'); await once(child, 'exit') } } }
}

async function benchBroadcast (common: Record<string, string>) {
  // The shape and size of TeamTrek's chat_message event; a new seq per event.
  let bareSeq = 0
  const bareTeam = randomUUID()
  const payload = () => {
    const data = { id: randomUUID(), teamId: bareTeam, authorId: randomUUID(), authorName: 'Owner', text: 'x'.repeat(200), createdAt: new Date().toISOString() }
    return JSON.stringify({ id: randomUUID(), seq: ++bareSeq, teamId: bareTeam, type: 'chat_message', data, at: new Date().toISOString() })
  }

  // Baseline: bare ws.
  const bare = await startServer('bench/bare-ws-server.ts', {})
  const bareBefore = rssKb(bare.pid)
  const bareCount = new Delivered()
  console.error(`    opening ${SOCKETS} sockets on a bare ws server…`)
  const bareSockets = await openSockets(bare.url.replace('http', 'ws'), SOCKETS, () => {}, (data) => { if (data.includes('"chat_message"')) bareCount.count(data) })
  await sleep(500)
  const bareMemory = (rssKb(bare.pid) - bareBefore) / SOCKETS

  // TeamTrek: one team, 1,000 subscribed sockets of its members (one account for all, as a
  // person with many devices would be; membership is checked per subscribe all the same).
  // Chat goes to DynamoDB: its emulator in a process of its own, not in the event loop of the clients.
  const emulators = await emulatorsProcess()
  const api = await startServer('src/app/server.ts', {
    ...common, DYNAMODB_ENDPOINT: emulators.dynamodbEndpoint, SQS_ENDPOINT: emulators.sqsEndpoint, REALTIME_DRIVER: 'memory', WS_MAX_SUBSCRIPTIONS: '20', CHAT_MESSAGES_PER_MINUTE: '1000000'
  })
  const owner = await account(api, 'Owner')
  const { data: team } = await call<{ id: string }>(api.url, 'POST', '/teams', owner.token, { name: 'Broadcast', startDate: '2020-01-01', endDate: '2030-12-31' })
  const apiBefore = rssKb(api.pid)
  const ours = new Delivered()
  const wsUrl = `${api.url.replace('http', 'ws')}/ws?token=${owner.token}`
  console.error(`    opening ${SOCKETS} subscribed sockets on /ws…`)
  const oursSockets = await openSockets(wsUrl, SOCKETS, async (ws) => {
    const subscribed = new Promise<void>(resolve => {
      const listen = (data: Buffer) => { if (data.includes('"subscribed"')) { ws.off('message', listen); resolve() } }
      ws.on('message', listen)
    })
    ws.send(JSON.stringify({ action: 'subscribe', teamId: team.id }))
    await subscribed
  }, (data) => { if (data.includes('"chat_message"')) ours.count(data) })
  await sleep(500)
  const oursMemory = (rssKb(api.pid) - apiBefore) / SOCKETS

  // Rounds taken in turns, after one warm-up each, and the median of each kept: on a
  // shared machine one round of either can land in someone else's burst.
  const bareRound = () => broadcastRate(bare, async () => { await fetch(`${bare.url}/broadcast`, { method: 'POST', body: payload() }) }, bareCount)
  const oursRound = () => broadcastRate(api, async () => {
    await call(api.url, 'POST', `/teams/${team.id}/messages`, owner.token, { text: 'x'.repeat(200) })
  }, ours)
  await bareRound()
  await oursRound()
  const bareRuns: Round[] = []
  const oursRuns: Round[] = []
  for (let round = 0; round < ROUNDS; round++) {
    bareRuns.push(await bareRound())
    await sleep(200)
    oursRuns.push(await oursRound())
    await sleep(200)
  }
  for (const s of [...bareSockets, ...oursSockets]) s.terminate()
  await bare.stop()
  await api.stop()
  await emulators.stop()

  const median = (runs: Round[], key: keyof Round) => percentile(runs.map(r => r[key]).sort((a, b) => a - b), 0.5)
  const summary = (runs: Round[]) => ({ delivery: median(runs, 'delivery'), withTrigger: median(runs, 'withTrigger'), cpuMicros: median(runs, 'cpuMicros') })
  const bareRate = summary(bareRuns)
  const oursRate = summary(oursRuns)
  const ratio = oursRate.delivery / bareRate.delivery
  console.log(`\nrealtime (a) one event to ${fmt(SOCKETS)} subscribed sockets, ${EVENTS} events at once, median of ${ROUNDS} rounds taken in turns (clients in this process, servers in their own)`)
  console.log('    messages/s while an event is being delivered: each event timed from its first frame on any socket to its last, without the wait for it to exist')
  console.log('    (bare: a POST; TeamTrek: a chat message through the API, DynamoDB and the event log, one commit at a time per team).')
  console.log('    In brackets: from the first trigger to the last frame, and the server\'s CPU time per message, triggers included.')
  const line = (r: typeof bareRate) => `${fmt(r.delivery)} messages/s (${fmt(r.withTrigger)} messages/s; ${fmt(r.cpuMicros, 1)} µs CPU/message)`
  console.log(`    bare ws broadcast:          ${line(bareRate)}; rounds ${bareRuns.map(r => fmt(r.delivery)).join(', ')}`)
  console.log(`    TeamTrek /ws (chat → log → subscribers): ${line(oursRate)}; rounds ${oursRuns.map(r => fmt(r.delivery)).join(', ')}`)
  console.log(`    TeamTrek = ${ratio.toFixed(2)} × bare (${(oursRate.withTrigger / bareRate.withTrigger).toFixed(2)} × from the first trigger; ${(bareRate.cpuMicros / oursRate.cpuMicros).toFixed(2)} × by server CPU) (target ≥ 0.8): ${ratio >= 0.8 ? 'PASS' : 'FAIL'}`)
  console.log(`realtime (c) memory per idle subscribed connection (server RSS growth / ${fmt(SOCKETS)}): TeamTrek ${fmt(oursMemory, 1)} KB, bare ws ${fmt(bareMemory, 1)} KB`)
}

function startWorker (env: Record<string, string>): Promise<{ pid: number, stop: () => Promise<void> }> {
  // The worker is part of the service under test, profiled like the API.
  const child = spawn(process.execPath, [...cpuProfileArgs('src/app/worker.ts'), 'src/app/worker.ts'], { env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      if (/worker consuming jobs/.test(out)) resolve({ pid: child.pid!, async stop () { if (child.exitCode === null) { child.kill('SIGTERM'); await once(child, 'exit') } } })
    })
    child.once('exit', code => reject(new Error(`worker exited with ${code}`)))
  })
}

async function benchFreshness (common: Record<string, string>) {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null })
  await redis.flushdb()
  redis.disconnect()
  const env = { ...common, REDIS_URL, JOBS_PREFIX: 'bench-rt', JOBS_QUEUE_NAME: 'bench-rt-jobs', WORKER_IN_PROCESS: 'false', WORKER_CONCURRENCY: process.env.BENCH_WORKER_CONCURRENCY ?? '4' }
  const api = await startServer('src/app/server.ts', env)
  const worker = await startWorker(env)
  try {
    const teams = await Promise.all(Array.from({ length: TEAMS }, async (_, i) => {
      const member = await account(api, `Walker ${i}`)
      const { data: team } = await call<{ id: string }>(api.url, 'POST', '/teams', member.token, { name: `Fresh ${i}`, startDate: '2020-01-01', endDate: '2030-12-31' })
      for (const [lat, lon] of [[50.07, -5.71], [58.64, -3.07]]) await call(api.url, 'POST', '/waypoints', member.token, { teamId: team.id, name: `${lat}`, lat, lon })
      return { id: team.id, member, total: 0, pending: [] as Array<{ target: number, returnedAt: number, returnedAtEpoch: number }>, latencies: [] as number[] }
    }))
    const byId = new Map(teams.map(t => [t.id, t]))
    // Outings are mostly logged as they end, each starting after its
    // walker's earlier ones (credited alone); one in BENCH_BACKDATED_EVERY
    // (default 10, as in the POST bench) starts before them all, and its day
    // is credited again whole. 100-second walks a minute apart in turn
    // over the teams: no overlaps, no caps.
    const backdatedEvery = Number(process.env.BENCH_BACKDATED_EVERY ?? 10)
    const firstStart = Date.now() - 3_600_000 - RATES.reduce((n, rate) => n + rate * SECONDS, 0) * 60_000
    let minute = 0
    // Declared before the sockets listen: an aggregation of the set-up can push before the first rate runs.
    let pushMs: number[] = []
    let waitMs: number[] = []
    const sockets = await openSockets(`${api.url.replace('http', 'ws')}/ws`, TEAMS, () => {}, () => {})
    await Promise.all(sockets.map(async (ws, i) => {
      const team = teams[i]!
      ws.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString()) as { type: string, teamId: string, at: string, data: { totalDistance: number } }
        if (frame.type !== 'progress_update') return
        const t = byId.get(frame.teamId)!
        const now = performance.now()
        // The event's time is its run's (the transaction's start, the
        // database's clock): from there to the socket is the run and the push.
        const runStarted = Date.parse(frame.at)
        pushMs.push(Date.now() - runStarted)
        t.pending = t.pending.filter(p => {
          if (frame.data.totalDistance + 1e-6 < p.target) return true
          t.latencies.push(now - p.returnedAt)
          waitMs.push(runStarted - p.returnedAtEpoch)
          return false
        })
      })
      ws.send(JSON.stringify({ action: 'subscribe', teamId: team.id, token: team.member.token }))
    }))
    await sleep(3000)

    console.log(`\nrealtime (b) freshness to the screen: POST /activities returned → progress_update on a subscribed socket; container mode (API, BullMQ worker process, Redis pub/sub), ${TEAMS} teams, ${SECONDS} s per rate`)
    for (const rate of RATES) {
      for (const t of teams) t.latencies = []
      pushMs = []
      waitMs = []
      let failed = 0
      const total = rate * SECONDS
      const cpuBefore = { api: cpuMicros(api.pid) ?? NaN, worker: cpuMicros(worker.pid) ?? NaN }
      const started = performance.now()
      const inflight: Array<Promise<void>> = []
      for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / rate
        const wait = due - performance.now()
        if (wait > 0) await sleep(wait)
        const team = teams[i % TEAMS]!
        const meters = 100 + (i % 7)
        const backdated = (Math.floor(minute / TEAMS) + minute) % backdatedEvery === 0
        const startedAt = new Date(backdated ? firstStart - (minute + 1) * 60_000 : firstStart + minute * 60_000).toISOString()
        minute++
        inflight.push(call(api.url, 'POST', '/activities', team.member.token, { type: 'walk', distanceMeters: meters, durationSeconds: 100, startedAt, timezone: 'UTC' }).then(() => {
          team.total += meters
          team.pending.push({ target: team.total, returnedAt: performance.now(), returnedAtEpoch: Date.now() })
        }, () => { failed++ }))
      }
      await Promise.all(inflight)
      const deadline = Date.now() + 30_000
      while (teams.some(t => t.pending.length > 0) && Date.now() < deadline) await sleep(20)
      const cpu = { api: (cpuMicros(api.pid) ?? NaN) - cpuBefore.api, worker: (cpuMicros(worker.pid) ?? NaN) - cpuBefore.worker }
      const lost = teams.reduce((n, t) => n + t.pending.length, 0)
      for (const t of teams) t.pending = []
      const all = teams.flatMap(t => t.latencies).sort((a, b) => a - b)
      const target = rate <= 20 ? 100 : 250
      const p99 = percentile(all, 0.99)
      const push = pushMs.sort((a, b) => a - b)
      console.log(`    ${rate} activities/s: ${fmt(all.length)} samples, p50 ${fmt(percentile(all, 0.5), 1)} ms, p99 ${fmt(p99, 1)} ms, max ${fmt(all.at(-1) ?? NaN, 1)} ms` +
        `${lost > 0 ? `, ${lost} never seen within 30 s` : ''}${failed > 0 ? `, ${failed} POSTs failed` : ''} (target p99 ≤ ${target} ms): ${p99 <= target && lost === 0 && failed === 0 ? 'PASS' : 'FAIL'}`)
      const waits = waitMs.sort((a, b) => a - b)
      console.log(`        waiting for the run that includes it (returned → the run's start: the relay, the queue, the coalescing window): p50 ${fmt(percentile(waits, 0.5), 1)} ms, p99 ${fmt(percentile(waits, 0.99), 1)} ms`)
      console.log(`        the run and the push (the run's start → on the socket): p50 ${fmt(percentile(push, 0.5), 1)} ms, p99 ${fmt(percentile(push, 0.99), 1)} ms over ${fmt(push.length)} progress_update frames`)
      console.log(`        CPU (Postgres and Redis not included): API ${fmt(cpu.api / total)} µs per POST, worker ${fmt(cpu.worker / Math.max(push.length, 1))} µs per run`)
    }
    for (const s of sockets) s.terminate()
  } finally {
    await worker.stop()
    await api.stop()
  }
}

export async function benchRealtime ({ databaseUrl, emulators }: Context) {
  const common = {
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    AWS_SERVICES: 'aws',
    DYNAMODB_ENDPOINT: emulators.dynamodbEndpoint,
    SQS_ENDPOINT: emulators.sqsEndpoint,
    REDIS_URL: '',
    JWT_SECRET: 'benchmark-only-secret-0123456789abcdef',
    LOGIN_MAX_PER_IP_PER_MINUTE: '100000',
    JOINS_PER_USER_PER_MINUTE: '100000',
    MAX_EVENT_LOOP_DELAY_MS: '0'
  }
  await benchBroadcast(common)
  await benchFreshness(common)
}
