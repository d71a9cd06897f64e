import t from 'tap'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import { build, testEnvironment } from '../helpers/build.ts'
import { register } from '../helpers/api.ts'
import { createTeam } from '../helpers/teams.ts'
import { addRoute, dayFromToday, getProgress, logRide } from '../helpers/progress.ts'
import { startRedisServer } from '../helpers/processes.ts'
import { runJob } from '../../src/workers/handlers.ts'
import { rebuildLeaderboards } from '../../src/routes/progress/aggregate.ts'
import { KEYS } from '../../src/routes/progress/standings.ts'

// ElastiCache Serverless is cluster mode only, where a script whose keys sit
// in more than one hash slot is refused (CROSSSLOT). A one-node cluster
// holding every slot refuses the same, so the standings scripts run here
// against one.
t.setTimeout(120_000)

t.test('aggregation, the leaderboards and their rebuild work on a Redis cluster', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'teamtrek-cluster-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const node = await startRedisServer(t, { args: ['--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, 'nodes.conf')] })
  const redis = new Redis(node.url)
  t.teardown(() => redis.quit())
  await redis.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383')
  for (let i = 0; i < 100 && !String(await redis.call('CLUSTER', 'INFO')).includes('cluster_state:ok'); i++) await new Promise(resolve => setTimeout(resolve, 100))
  t.match(String(await redis.call('CLUSTER', 'INFO')), /cluster_state:ok/, 'a one-node cluster with every slot')
  // The cluster refuses what ElastiCache would: the check itself works.
  await t.rejects(redis.eval("redis.call('SET', KEYS[1], 1) redis.call('SET', KEYS[2], 1)", 2, 'progress:a', 'leaderboard:teams'), /CROSSSLOT/)

  const environment = await testEnvironment(t)
  const app = await build(t, environment, { REDIS_URL: node.url, QUEUE_DRIVER: 'sqs' })
  const ada = await register(app, { displayName: 'Ada' })
  const team = await createTeam(app, ada, { startDate: dayFromToday(-10), endDate: dayFromToday(30), timezone: 'UTC', visibility: 'public' })
  await addRoute(app, ada, team.id)
  await logRide(app, ada, 42_000)

  const run = await runJob('aggregate-progress', { teamId: team.id }, app.jobDeps)
  t.match(run, { teamId: team.id }, 'aggregate-progress completes (its standings script is one slot)')
  t.equal(Number(await redis.zscore(KEYS.teams, team.id)) > 0, true, 'the team is ranked')
  t.same(await redis.zrange(KEYS.members(team.id), '0', '-1'), [ada.userId], 'its members are ranked')
  t.equal((await getProgress(app, ada, team.id)).totalDistance, 42_000, 'progress served through the cluster')

  await redis.del(KEYS.teams, KEYS.publicTeams, KEYS.versions, KEYS.ready)
  await rebuildLeaderboards({ db: app.db, redis })
  t.ok(await redis.zscore(KEYS.publicTeams, team.id), 'the rebuild after a lost cache works too')

  const deleted = await app.inject({ method: 'DELETE', url: `/teams/${team.id}`, headers: { authorization: `Bearer ${ada.accessToken}` } })
  t.equal(deleted.statusCode, 204)
  await runJob('aggregate-progress', { teamId: team.id }, app.jobDeps)
  t.equal(await redis.zscore(KEYS.teams, team.id), null, 'a deleted team leaves the leaderboards')
})
