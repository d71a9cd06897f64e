import t from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register } from '../helpers/api.ts'
import { createTeam } from '../helpers/teams.ts'
import { addRoute, dayFromToday, eventually, getProgress, logRide } from '../helpers/progress.ts'
import { startConsumers } from '../../src/app/start-consumers.ts'
import { loadConfig } from '../../src/lib/config.ts'

// Embedded mode's pipeline: outbox → SQS emulator → in-process poller →
// the same SQS batch handler Lambda runs → aggregation.
t.test('embedded mode: an activity moves the team within a second or so', async (t) => {
  const environment = await testEnvironment(t)
  const app = await build(t, environment, { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' })
  t.equal(app.jobQueue.driver, 'sqs')
  const config = loadConfig(environment.env)
  const consumers = await startConsumers(app, { ...config, DATABASE_URL: environment.databaseUrl })
  t.teardown(() => consumers.stop())

  const owner = await register(app, { displayName: 'Ada' })
  const team = await createTeam(app, owner, { startDate: dayFromToday(-10), endDate: dayFromToday(30), timezone: 'UTC' })
  await addRoute(app, owner, team.id)

  const started = Date.now()
  await logRide(app, owner, 90_000)
  // Stored by the worker (a team never aggregated would be computed on the fly).
  await eventually(() => app.db.selectFrom('team_progress').select('total_distance_m').where('team_id', '=', team.id).executeTakeFirst(),
    row => row?.total_distance_m === 90_000, 15_000, 'stored progress')
  t.comment(`progress stored ${Date.now() - started} ms after the POST`)
  const progress = await getProgress(app, owner, team.id)
  t.equal(progress.totalDistance, 90_000)
  t.equal(progress.reachedWaypoints, 1, 'Oxford reached')
  t.equal(progress.nextWaypoint.name, 'Birmingham')
  t.equal(progress.members[0].displayName, 'Ada')
  t.ok(progress.percentComplete > 25 && progress.percentComplete < 35, `percent ${progress.percentComplete}`)

  const arrivals = await app.db.selectFrom('outbox').select('payload').where('type', '=', 'waypoint.reached').execute()
  t.same(arrivals.map(a => a.payload.name), ['Oxford'], 'one waypoint.reached event')

  const board = await app.inject({ method: 'GET', url: `/teams/${team.id}/leaderboard`, headers: bearer(owner.accessToken) })
  t.equal(board.statusCode, 200)
  t.match(board.json().data, [{ rank: 1, userId: owner.userId, distanceMeters: 90_000 }])
  const teams = await app.inject({ method: 'GET', url: '/leaderboards/teams', headers: bearer(owner.accessToken) })
  t.match(teams.json().data, [{ rank: 1, teamId: team.id, isMember: true }])
})
