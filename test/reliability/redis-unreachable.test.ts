import t from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'
import { register } from '../helpers/api.ts'
import { createTeam } from '../helpers/teams.ts'
import { addRoute, dayFromToday, eventually, getProgress, logRide } from '../helpers/progress.ts'
import { freePort, startRedisServer } from '../helpers/processes.ts'
import { startConsumers } from '../../src/app/start-consumers.ts'
import { loadConfig } from '../../src/lib/config.ts'

// Heavy by design (processes, thousands of requests): more than the suite's default per-file limit
// when it shares the machine with other files.
t.setTimeout(300_000)

// Container mode with Redis not there at all when the API starts (a cache
// node still booting): the API must start, take writes, answer reads from
// Postgres, publish everything once Redis appears, and shut down cleanly.
t.test('the API starts and serves with Redis unreachable, then catches up when it appears', async (t) => {
  const port = await freePort()
  const environment = await testEnvironment(t)
  const overrides = { REDIS_URL: `redis://127.0.0.1:${port}`, JOBS_PREFIX: `unreachable-${port}` }
  const started = Date.now()
  const app = await build(t, environment, overrides)
  t.equal(app.jobQueue.driver, 'bullmq')
  t.comment(`API ready in ${Date.now() - started} ms with Redis unreachable`)

  const owner = await register(app)
  const team = await createTeam(app, owner, { startDate: dayFromToday(-2), endDate: dayFromToday(2), timezone: 'UTC' })
  await addRoute(app, owner, team.id)
  await logRide(app, owner, 40_000)
  t.equal((await getProgress(app, owner, team.id)).totalDistance, 40_000, 'read from Postgres')
  await app.outboxRelay.idle()
  const unpublished = await app.db.selectFrom('outbox').select('id').where('published_at', 'is', null).execute()
  t.ok(unpublished.length >= 3, `${unpublished.length} events wait in the outbox`)

  await startRedisServer(t, { port })
  const config = { ...loadConfig({ ...environment.env, ...overrides }), DATABASE_URL: environment.databaseUrl }
  const consumers = await startConsumers(app, config)
  t.teardown(() => consumers.stop())
  await eventually(() => app.db.selectFrom('team_progress').select('total_distance_m').where('team_id', '=', team.id).executeTakeFirst(),
    row => row?.total_distance_m === 40_000, 30_000, 'aggregated once Redis is there (by the sweeper schedule)')
  // Arrivals and milestones are recorded by that aggregation and published by it right after: not backlog.
  t.equal((await app.db.selectFrom('outbox').select('id').where('published_at', 'is', null).where('type', 'not in', ['waypoint.reached', 'milestone.reached']).execute()).length, 0, 'the backlog is published')
})

t.test('closing the app does not hang while Redis is unreachable', async (t) => {
  const environment = await testEnvironment(t)
  const port = await freePort()
  const app = await build(t, environment, { REDIS_URL: `redis://127.0.0.1:${port}` })
  const owner = await register(app)
  await createTeam(app, owner)
  const closing = Date.now()
  await app.close()
  const took = Date.now() - closing
  t.ok(took < 10_000, `closed in ${took} ms`)
})
