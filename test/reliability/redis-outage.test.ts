import t from 'tap'
import { sql } from 'kysely'
import { Redis } from 'ioredis'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register, type Account } from '../helpers/api.ts'
import { createTeam, joinWithCode } from '../helpers/teams.ts'
import { addRoute, dayFromToday, eventually } from '../helpers/progress.ts'
import { startRedisServer, startWorker } from '../helpers/processes.ts'
import type { App } from '../../src/app/app.ts'
import { SCHEDULES } from '../../src/workers/schedules.ts'
import { KEYS } from '../../src/routes/progress/standings.ts'

// Heavy by design (processes, thousands of requests): more than the suite's default per-file limit
// when it shares the machine with other files.
t.setTimeout(300_000)

const TEAMS = 3
const OUTAGE_MS = 30_000
const POST_EVERY_MS = 50

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

type Phase = 'before' | 'outage' | 'after'

/** Every team's stored progress beside its SQL sum, the outbox backlog and the Redis leaderboards. */
async function pipelineState (app: App, redis: Redis) {
  const rows = await sql<{ team_id: string, total: number | null, percent: number | null, sum: number }>`
    select t.id as team_id, p.total_distance_m as total, p.percent_complete as percent,
           coalesce((select sum(credited_m) from activity_credits c where c.team_id = t.id), 0)::float8 as sum
    from teams t left join team_progress p on p.team_id = t.id order by t.id`.execute(app.db)
  const pending = await app.db.selectFrom('outbox').select(eb => eb.fn.countAll<number>().as('n')).where('published_at', 'is', null).executeTakeFirstOrThrow()
  const [ready, all, ranked, schedulers]: [number | null, string[], string[], string[]] = await Promise.all([
    redis.exists(KEYS.ready),
    redis.zrange(KEYS.teams, '0', '-1'),
    redis.zrevrange(KEYS.publicTeams, '0', '-1', 'WITHSCORES'),
    redis.zrange('teamtrek:teamtrek-jobs:repeat', '0', '-1')
  ]).catch(err => [null, [], [], [`redis: ${err.message}`]])
  return { teams: rows.rows, unpublished: Number(pending.n), ready, all, ranked, schedulers }
}
type PipelineState = Awaited<ReturnType<typeof pipelineState>>

/** Totals equal their SQL sums; the leaderboards are rebuilt (marked ready) and hold every team. */
function converged (s: PipelineState): boolean {
  return s.ready === 1 &&
    s.teams.every(row => row.total !== null && Math.abs(row.total - row.sum) < 0.01) &&
    s.teams.every(row => s.all.includes(row.team_id) && s.ranked.includes(row.team_id))
}

/** Teams whose score in the public leaderboard is not their stored percentage. */
function staleScores (s: PipelineState) {
  return s.teams.flatMap(row => {
    const score = Number(s.ranked[s.ranked.indexOf(row.team_id) + 1])
    return score === row.percent ? [] : [{ teamId: row.team_id, stored: row.percent, redis: score }]
  })
}

t.test('Redis dies for 30 s: writes and reads carry on, and everything catches up once it is back', async (t) => {
  const environment = await testEnvironment(t)
  const redisServer = await startRedisServer(t)
  const settings = { REDIS_URL: redisServer.url }
  const app = await build(t, environment, settings)
  const worker = await startWorker(t, { ...environment.env, ...settings, WORKER_LOCK_MS: '2000' })
  const failureContext = () => ({ worker: worker.output().slice(-4000), redis: redisServer.output().slice(-3000) })
  const redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false })
  redis.on('error', () => {})
  t.teardown(() => redis.disconnect())

  // Three public teams of two: everyone sees every team on the leaderboard.
  const people: Array<{ account: Account, teamId: string }> = []
  for (let i = 0; i < TEAMS; i++) {
    const owner = await register(app, { displayName: `Owner ${i}` })
    const member = await register(app, { displayName: `Member ${i}` })
    const team = await createTeam(app, owner, { name: `Team ${i}`, visibility: 'public', startDate: dayFromToday(-10), endDate: dayFromToday(30), timezone: 'UTC' })
    await addRoute(app, owner, team.id)
    await joinWithCode(app, member, team.joinCode)
    people.push({ account: owner, teamId: team.id }, { account: member, teamId: team.id })
  }

  // Rides of 100–1,100 m in a minute, two minutes apart per person (never
  // overlapping), from 12 hours ago on: all credited in full.
  const firstStart = Date.now() - 12 * 3_600_000
  let sent = 0
  const ride = () => {
    const person = people[sent % people.length]!
    const slot = Math.floor(sent++ / people.length)
    return app.inject({
      method: 'POST',
      url: '/activities',
      headers: bearer(person.account.accessToken),
      payload: { type: 'cycle', distanceMeters: 100 + Math.round(Math.random() * 10_000) / 10, durationSeconds: 60, startedAt: new Date(firstStart + slot * 120_000).toISOString(), timezone: 'UTC' }
    })
  }

  // One POST /activities every 50 ms, round robin; a read (progress or the
  // teams leaderboard) every 250 ms.
  let phase: Phase = 'before'
  const posts: Record<Phase, number[]> = { before: [], outage: [], after: [] }
  const reads: Record<Phase, number[]> = { before: [], outage: [], after: [] }
  const failures: string[] = []
  const traffic = new AbortController()
  const poster = (async () => {
    while (!traffic.signal.aborted) {
      const at = phase
      const res = await ride()
      posts[at].push(res.statusCode)
      if (res.statusCode !== 201 && failures.length < 5) failures.push(`POST during ${at}: ${res.statusCode} ${res.body.slice(0, 300)}`)
      await sleep(POST_EVERY_MS)
    }
  })()
  const reader = (async () => {
    for (let n = 0; !traffic.signal.aborted; n++) {
      const person = people[n % people.length]!
      const at = phase
      const res = await app.inject({ method: 'GET', url: n % 2 === 0 ? `/teams/${person.teamId}/progress` : '/leaderboards/teams', headers: bearer(person.account.accessToken) })
      reads[at].push(res.statusCode)
      if (res.statusCode !== 200 && failures.length < 5) failures.push(`GET during ${at}: ${res.statusCode} ${res.body.slice(0, 300)}`)
      await sleep(250)
    }
  })()
  const stopTraffic = async () => {
    traffic.abort()
    await Promise.all([poster, reader])
  }
  t.teardown(() => traffic.abort())

  // Healthy first: the pipeline moves.
  await sleep(3_000)
  await eventually(() => pipelineState(app, redis), s => s.teams.every(row => row.total !== null) && s.ready === 1, 10_000, 'progress of every team before the outage')

  phase = 'outage'
  const outageStart = Date.now()
  await redisServer.stop('SIGKILL')
  await sleep(OUTAGE_MS)
  const heldBack = (await pipelineState(app, redis)).unpublished

  await redisServer.start()
  const back = Date.now()
  phase = 'after'
  // Traffic goes on as it would; the next write whose relay reaches Redis
  // publishes the backlog. Users stop once it has (the part nothing but the
  // sweeper could heal is the last subtest).
  await eventually(() => app.db.selectFrom('outbox').select(eb => eb.fn.countAll<number>().as('n'))
    .where('published_at', 'is', null).where('created_at', '<', new Date(back)).executeTakeFirstOrThrow(),
  row => Number(row.n) === 0, 20_000, 'the outage\'s outbox rows published')
    .catch(err => { throw Object.assign(err, failureContext()) })
  const published = Date.now() - back
  await stopTraffic()

  t.comment(`posted ${posts.before.length} activities before, ${posts.outage.length} during ${back - outageStart} ms of outage, ${posts.after.length} after it; ${heldBack} outbox rows waited for Redis and were published ${published} ms after it returned`)
  t.same(failures, [], 'no request failed')
  t.ok(posts.outage.length >= OUTAGE_MS / (POST_EVERY_MS * 4), `activities kept coming during the outage (${posts.outage.length})`)
  t.ok(posts.outage.every(s => s === 201), 'every POST /activities during the outage answered 201')
  t.ok([...posts.before, ...posts.after].every(s => s === 201), 'and every one before and after it')
  t.ok(reads.outage.length > 0 && reads.outage.every(s => s === 200), `progress and leaderboard reads answered 200 during the outage (${reads.outage.length}, from Postgres)`)
  t.ok(heldBack > 0, 'the outage held events back in the outbox')

  const final = await eventually(() => pipelineState(app, redis), converged, 30_000, 'progress and leaderboards rebuilt after Redis returned')
    .catch(err => { throw Object.assign(err, failureContext()) })
  const convergeMs = Date.now() - back
  t.comment(`converged ${convergeMs} ms after Redis came back (team totals ${final.teams.map(r => r.total).join(', ')} m)`)
  t.ok(convergeMs < 30_000, 'within 30 s of Redis returning')

  // A job still in flight may yet rewrite a score; a clobbered one stays wrong.
  const settled = await eventually(() => pipelineState(app, redis), s => staleScores(s).length === 0, 3_000, 'scores settled')
    .catch(() => pipelineState(app, redis))
  const board = await app.inject({ method: 'GET', url: '/leaderboards/teams', headers: bearer(people[0]!.account.accessToken) })
  t.equal(board.statusCode, 200, 'GET /leaderboards/teams answers')
  const order = board.json().data.map((r: { teamId: string }) => r.teamId)
  t.same([...order].sort(), settled.teams.map(r => r.team_id).sort(), 'the teams leaderboard lists every team again')
  t.same(order, settled.ranked.filter((_, i) => i % 2 === 0), 'in the order Redis holds')
  // Asserted as TODO (known bug above): they run and report without failing the suite.
  const stale = staleScores(settled)
  if (stale.length > 0) t.comment(`stale leaderboard scores after the rebuild: ${JSON.stringify(stale)}`)
  t.same(stale, [], 'every Redis score is the team\'s stored percentage')
  const byPercent = [...settled.teams].sort((a, b) => b.percent! - a.percent! || (a.team_id < b.team_id ? 1 : -1)).map(r => r.team_id)
  t.same(order, byPercent, 'so the teams are ranked by their progress')
  t.ok(worker.running, 'the worker rode out the outage', failureContext())

  // Nobody writes after Redis returns: only the worker's outbox sweeper
  // (the relay-outbox schedule) can publish what the outage held back.
  await t.test('with no write after Redis returns, the sweeper alone publishes the backlog', async (t) => {
    await redisServer.stop('SIGKILL')
    for (let i = 0; i < 5; i++) t.equal((await ride()).statusCode, 201, 'logged while Redis is down')
    await redisServer.start()
    const restarted = Date.now()
    const swept = await eventually(() => pipelineState(app, redis), s => s.unpublished === 0 && converged(s) && staleScores(s).length === 0, 15_000, 'swept')
      .then(() => true, () => false)
    const state = await pipelineState(app, redis)
    t.comment(swept
      ? `swept ${Date.now() - restarted} ms after Redis came back`
      : `not swept 15 s after Redis came back: ${state.unpublished} outbox rows unpublished; job schedulers in Redis: ${JSON.stringify(state.schedulers)}`)
    // The job schedulers live in Redis: the worker re-creates them when Redis comes back empty.
    t.ok(swept, 'the backlog is published and every team converges within 15 s')
    t.same([...state.schedulers].sort(), SCHEDULES.map(s => s.job).sort(), 'the job schedulers are back')
  })
})
