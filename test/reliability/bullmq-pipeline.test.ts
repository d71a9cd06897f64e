import t from 'tap'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register } from '../helpers/api.ts'
import { createTeam } from '../helpers/teams.ts'
import { addRoute, dayFromToday, eventually, logRide } from '../helpers/progress.ts'
import { startRedisServer, startWorker } from '../helpers/processes.ts'
import { jobMessage, type JobMessage } from '../../src/lib/jobs.ts'
import { KEYS } from '../../src/routes/progress/standings.ts'

// Container mode: the API (in-process here) publishes the outbox to BullMQ
// on a Redis of this file's own; `npm run worker` (a real child process)
// aggregates into Postgres and Redis; the reads come from Redis.
t.test('container mode: activity → BullMQ → worker process → team_progress and Redis leaderboards', async (t) => {
  const environment = await testEnvironment(t)
  const redisServer = await startRedisServer(t)
  const settings = { REDIS_URL: redisServer.url, JOBS_PREFIX: 'teamtrek', JOBS_QUEUE_NAME: 'teamtrek-jobs' }
  const app = await build(t, environment, settings)
  t.equal(app.jobQueue.driver, 'bullmq', 'REDIS_URL selects the BullMQ queue')
  // One job at a time: a poison job in front of a good one could hold it up.
  const worker = await startWorker(t, { ...environment.env, ...settings, WORKER_LOCK_MS: '2000', WORKER_CONCURRENCY: '1' })
  const failureContext = () => ({ worker: worker.output().slice(-4000), redis: redisServer.output().slice(-2000) })

  const redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 })
  t.teardown(() => redis.disconnect())
  const connection = new Redis(redisServer.url, { maxRetriesPerRequest: null })
  const queue = new Queue(settings.JOBS_QUEUE_NAME, { connection, prefix: settings.JOBS_PREFIX })
  t.teardown(async () => {
    await queue.close()
    connection.disconnect()
  })

  const owner = await register(app, { displayName: 'Ada' })
  const window = { startDate: dayFromToday(-10), endDate: dayFromToday(30), timezone: 'UTC' }
  const england = await createTeam(app, owner, { name: 'England', ...window })
  await addRoute(app, owner, england.id)
  // Longer route (about 1,430 km): the same ride is a smaller share of it.
  const europe = await createTeam(app, owner, { name: 'Europe', ...window })
  await addRoute(app, owner, europe.id, [{ name: 'London', lat: 51.5074, lon: -0.1278 }, { name: 'Rome', lat: 41.9028, lon: 12.4964 }])

  await t.test('an activity logged through the API is aggregated by the worker within seconds', async (t) => {
    const posted = Date.now()
    await logRide(app, owner, 90_000)
    const stored = () => app.db.selectFrom('team_progress').select(['team_id', 'total_distance_m', 'percent_complete'])
      .where('team_id', 'in', [england.id, europe.id]).orderBy('percent_complete', 'desc').execute()
    const rows = await eventually(stored, rows => rows.length === 2 && rows.every(r => r.total_distance_m === 90_000), 10_000, 'team_progress of both teams')
      .catch(err => { throw Object.assign(err, failureContext()) })
    const latency = Date.now() - posted
    t.comment(`team_progress stored ${latency} ms after the POST`)
    t.ok(latency < 5_000, `within a few seconds (${latency} ms)`, failureContext())
    t.same(rows.map(r => r.team_id), [england.id, europe.id], 'England is further along its route')

    // What the worker wrote to Redis.
    t.equal(await redis.exists(KEYS.ready), 1, 'leaderboards marked ready')
    const cached = JSON.parse((await redis.get(KEYS.progress(england.id))) ?? 'null')
    t.match(cached, { teamId: england.id, totalDistance: 90_000 }, 'progress view cached')
    t.ok((await redis.ttl(KEYS.progress(england.id))) > 0, 'the cached view expires')
    t.same(await redis.zrevrange(KEYS.teams, 0, -1), [england.id, europe.id], 'teams ranked by percent complete')
    t.equal(Number(await redis.zscore(KEYS.teams, england.id)), rows[0]!.percent_complete)
    t.same(await redis.zrange(KEYS.members(england.id), '0', '-1', 'WITHSCORES'), [owner.userId, '90000'], 'member leaderboard')
  })

  await t.test('the leaderboards are answered from Redis', async (t) => {
    const teams = () => app.inject({ method: 'GET', url: '/leaderboards/teams', headers: bearer(owner.accessToken) })
    const members = () => app.inject({ method: 'GET', url: `/teams/${england.id}/leaderboard`, headers: bearer(owner.accessToken) })
    const before = await teams()
    t.equal(before.statusCode, 200, 'GET /leaderboards/teams answers')
    t.match(before.json().data, [{ rank: 1, teamId: england.id, totalDistance: 90_000 }, { rank: 2, teamId: europe.id }])
    t.match((await members()).json().data, [{ rank: 1, userId: owner.userId, distanceMeters: 90_000 }])

    // Change only Redis: if the API read Postgres these answers would not move.
    // Not while an aggregation is still due (a coalesced trailing run waits
    // as a delayed job): it would write the real figures back over the edit.
    const pending = async () => {
      const counts = await queue.getJobCounts('wait', 'active', 'prioritized')
      const delayed = (await queue.getDelayed()).filter(job => job.name === 'aggregate-progress')
      return Object.values(counts).reduce((sum, n) => sum + n, 0) + delayed.length
    }
    await eventually(pending, n => n === 0, 30_000, 'no aggregation pending')
    await redis.zadd(KEYS.teams, 1, england.id, 99, europe.id)
    await redis.zadd(KEYS.members(england.id), 12_345, owner.userId)
    const swapped = await teams()
    t.same(swapped.json().data.map((r: { teamId: string }) => r.teamId), [europe.id, england.id], 'team order comes from the sorted set')
    t.match((await members()).json().data, [{ userId: owner.userId, distanceMeters: 12_345 }], 'member distances come from the sorted set')
  })

  await t.test('poison jobs end in the failed set without holding up a good job behind them', async (t) => {
    // Earlier events' jobs (aggregations, notifications) done first: a still-waiting
    // aggregation of the team would absorb the good job below (coalescing) and run first.
    // (Delayed jobs are the job schedulers' next runs.)
    await eventually(() => queue.getJobCounts('wait', 'active', 'prioritized'), c => Object.values(c).every(n => n === 0), 30_000, 'the queue drained')
    const enqueuedAt = Date.now()
    await app.jobQueue.enqueue([
      { name: 'no-such-job', payload: {} } as unknown as JobMessage,
      { name: 'aggregate-progress', payload: { teamId: 'x' } }
    ])
    // Behind them on a one-at-a-time worker; it heals the Redis edits above.
    await app.jobQueue.enqueue([jobMessage('aggregate-progress', { teamId: england.id })])

    const failed = await eventually(() => queue.getFailed(), jobs => jobs.length >= 2, 10_000, 'two failed jobs')
      .catch(err => { throw Object.assign(err, failureContext()) })
    const byName = new Map(failed.map(job => [job.name, job]))
    t.match(byName.get('no-such-job'), { failedReason: /unknown job "no-such-job"/, attemptsMade: 1 }, 'unknown job: failed at once, not retried')
    t.match(byName.get('aggregate-progress'), { data: { teamId: 'x' }, failedReason: /invalid payload for "aggregate-progress"/, attemptsMade: 1 }, 'invalid payload: failed at once, not retried')

    const good = await eventually(() => queue.getCompleted(),
      jobs => jobs.some(j => j.name === 'aggregate-progress' && j.data.teamId === england.id && (j.finishedOn ?? 0) >= enqueuedAt), 10_000, 'the good job completed')
      .catch(err => { throw Object.assign(err, failureContext()) })
    const run = good.find(j => j.name === 'aggregate-progress' && j.data.teamId === england.id && (j.finishedOn ?? 0) >= enqueuedAt)!
    t.comment(`good job finished ${run.finishedOn! - enqueuedAt} ms after the poison jobs were queued`)
    t.match(run.returnvalue, { teamId: england.id })
    t.ok(run.processedOn! >= Math.max(...failed.map(job => job.finishedOn!)), 'it ran behind the poison jobs, which failed at once')

    const counts = await queue.getJobCounts('failed', 'wait', 'active')
    t.match(counts, { failed: 2, wait: 0 }, 'only the poison jobs failed; nothing is left waiting')
    // Delayed jobs are the schedules' next runs; none is a poison job's retry.
    t.same((await queue.getDelayed()).filter(job => job.repeatJobKey === undefined).map(job => job.name), [], 'nothing is waiting to be retried')

    const { percent_complete: percent } = await app.db.selectFrom('team_progress').select('percent_complete').where('team_id', '=', england.id).executeTakeFirstOrThrow()
    t.equal(Number(await redis.zscore(KEYS.teams, england.id)), percent, 'the good job rewrote the team\'s standing')
    t.same(await redis.zrange(KEYS.members(england.id), '0', '-1', 'WITHSCORES'), [owner.userId, '90000'], 'and its member leaderboard')
  })

  t.ok(worker.running, 'the worker survived the poison jobs', failureContext())
})
