import t from 'tap'
import { sql } from 'kysely'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register, type Account } from '../helpers/api.ts'
import { createTeam, joinWithCode } from '../helpers/teams.ts'
import { addRoute, dayFromToday, eventually } from '../helpers/progress.ts'
import { startRedisServer, startWorker, type ManagedProcess } from '../helpers/processes.ts'
import type { App } from '../../src/app/app.ts'
import pMap from 'p-map'

// Heavy by design (processes, thousands of requests): more than the suite's default per-file limit
// when it shares the machine with other files.
t.setTimeout(300_000)

const TEAMS = 20
const MEMBERS = 5
const DAYS = 10
const PER_DAY = 10
const ACTIVITIES = TEAMS * MEMBERS * DAYS * PER_DAY

// About 20,700 km: no team's ~4,000 km finishes it, so nothing is capped at the goal.
const AROUND_THE_WORLD = [
  { name: 'London', lat: 51.5074, lon: -0.1278 },
  { name: 'Cape Town', lat: -33.9249, lon: 18.4241 },
  { name: 'Sydney', lat: -33.8688, lon: 151.2093 }
]

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** Run `tasks` with at most `limit` in flight (p-map keeps results in order). */
const inParallel = <T>(limit: number, tasks: Array<() => Promise<T>>): Promise<T[]> => pMap(tasks, task => task(), { concurrency: limit })

interface Ride {
  type: 'cycle'
  distanceMeters: number
  durationSeconds: number
  startedAt: string
  timezone: 'UTC'
  clientId: string
}

/**
 * A member's 100 rides: ten a day on each of the last ten days, an hour
 * apart and under an hour long (no two overlap), 2–15 km at 18 km/h, so at
 * most 150 km a day: every metre is credited.
 */
function ridesOf (member: number): Ride[] {
  const rides: Ride[] = []
  for (let day = 1; day <= DAYS; day++) {
    for (let i = 0; i < PER_DAY; i++) {
      const distanceMeters = Math.round(2_000 + Math.random() * 13_000) + Math.round(Math.random() * 9) / 10
      rides.push({
        type: 'cycle',
        distanceMeters,
        durationSeconds: Math.ceil(distanceMeters / 5),
        startedAt: `${dayFromToday(-day)}T${String(6 + i).padStart(2, '0')}:00:00.000Z`,
        timezone: 'UTC',
        clientId: `m${member}-d${day}-r${i}`
      })
    }
  }
  return rides
}

async function sync (app: App, account: Account, items: Ride[]): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/activities/sync', headers: bearer(account.accessToken), payload: { items } })
  if (res.statusCode !== 200) throw new Error(`sync failed: ${res.statusCode} ${res.body}`)
  const { created, duplicates, rejected } = res.json().data
  if (created !== items.length) throw new Error(`sync created ${created} of ${items.length} (${duplicates} duplicates, ${rejected} rejected): ${res.body.slice(0, 500)}`)
}

t.test('kill -9 the worker repeatedly during ingestion: every team ends at its exact sum', async (t) => {
  const environment = await testEnvironment(t)
  const redisServer = await startRedisServer(t)
  const settings = { REDIS_URL: redisServer.url }
  const app = await build(t, environment, settings)
  const workerEnv = { ...environment.env, ...settings, WORKER_LOCK_MS: '2000' }

  // 20 teams of 5.
  const setupStart = Date.now()
  const accounts = await inParallel(10, Array.from({ length: TEAMS * MEMBERS }, (_, i) => () => register(app, { displayName: `Rider ${i}` })))
  const teams: Array<{ id: string, members: Account[], expected: number, rides: Ride[][] }> = []
  for (let i = 0; i < TEAMS; i++) {
    const members = accounts.slice(i * MEMBERS, (i + 1) * MEMBERS)
    const team = await createTeam(app, members[0]!, { name: `Team ${i}`, startDate: dayFromToday(-20), endDate: dayFromToday(60), timezone: 'UTC' })
    await addRoute(app, members[0]!, team.id, AROUND_THE_WORLD)
    for (const member of members.slice(1)) await joinWithCode(app, member, team.joinCode)
    const rides = members.map((_, m) => ridesOf(i * MEMBERS + m))
    const expected = rides.flat().reduce((sum, ride) => sum + ride.distanceMeters, 0)
    teams.push({ id: team.id, members, expected, rides })
  }

  const queue = new Queue('teamtrek-jobs', { connection: { url: redisServer.url }, prefix: 'teamtrek' })
  t.teardown(() => queue.close())
  const client = new Redis(redisServer.url, { maxRetriesPerRequest: 1 })
  t.teardown(() => client.disconnect())
  /** Jobs a live worker holds right now (a dead worker's lock lapses after WORKER_LOCK_MS). */
  const jobsInFlight = async () => {
    const active = await queue.getActive()
    const locked = await Promise.all(active.map(job => client.exists(`teamtrek:teamtrek-jobs:${job.id}:lock`)))
    return locked.filter(Boolean).length
  }

  let worker: ManagedProcess = await startWorker(t, workerEnv, 'worker#1')
  t.comment(`${TEAMS * MEMBERS} accounts and ${TEAMS} teams set up, and a worker started, in ${Date.now() - setupStart} ms`)
  const startups: number[] = []
  const killedLogs: string[] = []
  const failureContext = () => ({ currentWorker: worker.output().slice(-3000), killedWorkers: killedLogs.slice(-3).map(log => log.slice(-1500)) })

  // Five member-days (50 rides) per request: 200 requests, ten at a time.
  const BATCH_DAYS = 5
  const requests = teams.flatMap(team => team.members.flatMap((member, m) =>
    Array.from({ length: DAYS / BATCH_DAYS }, (_, b) => () => sync(app, member, team.rides[m]!.slice(b * BATCH_DAYS * PER_DAY, (b + 1) * BATCH_DAYS * PER_DAY)))))
  requests.sort(() => Math.random() - 0.5)

  // Kill the worker 0.5–2 s after it is ready, as soon as it holds a job
  // (2 s at the latest), then start another. A worker takes seconds to boot
  // here, so the last tenth of the uploads waits for the fifth kill: the
  // kills always fall inside the ingestion, however slow the machine.
  const ingestion = new AbortController()
  let kills = 0
  let killedMidJob = 0
  let fifthKill!: () => void
  let killerFailed!: (err: unknown) => void
  const enoughKills = new Promise<void>((resolve, reject) => { fifthKill = resolve; killerFailed = reject })
  enoughKills.catch(() => {})
  const killer = (async () => {
    for (let n = 2; !ingestion.signal.aborted; n++) {
      const readyAt = Date.now()
      await sleep(500 + Math.random() * 1_000)
      let busy = 0
      while (!ingestion.signal.aborted && Date.now() - readyAt < 2_000 && (busy = await jobsInFlight()) === 0) await sleep(25)
      if (ingestion.signal.aborted) break
      const exit = await worker.kill('SIGKILL')
      if (exit.signal !== 'SIGKILL') throw new Error(`${worker.label} had exited (${exit.code}) before it was killed:\n${worker.output().slice(-3000)}`)
      kills++
      if (busy > 0) killedMidJob++
      if (kills === 5) fifthKill()
      killedLogs.push(worker.output())
      const spawned = Date.now()
      worker = await startWorker(t, workerEnv, `worker#${n}`)
      startups.push(Date.now() - spawned)
    }
  })().catch(err => { killerFailed(err); throw err })

  const ingestStart = Date.now()
  const tail = Math.floor(requests.length * 0.9)
  try {
    await inParallel(10, requests.map((request, i) => i < tail ? request : async () => { await enoughKills; await request() }))
  } finally {
    ingestion.abort()
    await killer
  }
  const ingestMs = Date.now() - ingestStart
  t.comment(`ingested ${ACTIVITIES} activities in ${requests.length} requests in ${ingestMs} ms while killing the worker ${kills} times (${killedMidJob} while it held a job); restarts took ${startups.join(', ')} ms`)
  t.ok(kills >= 5, `the worker was killed at least 5 times during ingestion (${kills})`)
  t.ok(worker.running, 'a worker is left running')

  // The ledger: exactly what was sent, each activity credited once, in full.
  const { count } = await app.db.selectFrom('activities').select(eb => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()
  t.equal(Number(count), ACTIVITIES, 'every activity stored once')
  const credits = await app.db.selectFrom('activity_credits')
    .select(['team_id', sql<number>`count(*)::int`.as('credits'), sql<number>`sum(credited_m)::float8`.as('credited'), sql<number>`count(*) filter (where credited_m <> raw_m)::int`.as('cut')])
    .groupBy('team_id').execute()
  const ledger = new Map(credits.map(row => [row.team_id, row]))
  for (const [i, team] of teams.entries()) {
    const row = ledger.get(team.id)
    t.equal(row?.credits, MEMBERS * DAYS * PER_DAY, `team ${i}: one credit per activity`)
    t.equal(row?.cut, 0, `team ${i}: nothing capped`)
    t.ok(Math.abs((row?.credited ?? 0) - team.expected) < 0.01, `team ${i}: SQL sum ${row?.credited} equals what was sent ${team.expected}`)
  }

  // What the killed workers left behind must heal by itself.
  const convergeStart = Date.now()
  const progress = () => app.db.selectFrom('team_progress').select(['team_id', 'total_distance_m']).where('team_id', 'in', teams.map(team => team.id)).execute()
  const mismatches = (rows: Array<{ team_id: string, total_distance_m: number }>) => {
    const stored = new Map(rows.map(row => [row.team_id, row.total_distance_m]))
    return teams.flatMap((team, i) => {
      const total = stored.get(team.id)
      const sum = ledger.get(team.id)?.credited ?? 0
      return total !== undefined && Math.abs(total - sum) < 0.01 ? [] : [{ team: i, stored: total ?? null, sum }]
    })
  }
  const rows = await eventually(progress, rows => mismatches(rows).length === 0, 60_000, 'every team_progress equal to its SQL sum')
    .catch(async err => {
      t.fail(`not converged: ${JSON.stringify(mismatches(await progress()))}`, failureContext())
      throw err
    })
  const convergeMs = Date.now() - convergeStart
  t.comment(`team_progress matched the ledger for all ${TEAMS} teams ${convergeMs} ms after ingestion ended`)
  t.same(mismatches(rows), [], 'no team lost or double-counted a metre')
})
