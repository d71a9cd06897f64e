import t from 'tap'
import { Redis } from 'ioredis'
import { sql } from 'kysely'
import { DOMParser } from '@xmldom/xmldom'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register } from '../helpers/api.ts'
import { createTeam, joinWithCode } from '../helpers/teams.ts'
import { addRoute, dayFromToday, getProgress, logRide } from '../helpers/progress.ts'
import { runJob } from '../../src/workers/handlers.ts'
import { rebuildLeaderboards } from '../../src/routes/progress/aggregate.ts'
import { KEYS } from '../../src/routes/progress/standings.ts'

// Its own Redis database: the leaderboard keys are global within one.
const REDIS_URL = 'redis://127.0.0.1:6379/13'

t.test('progress, leaderboards and the picture, through Redis and straight from Postgres', async (t) => {
  const redis = new Redis(REDIS_URL)
  await redis.flushdb()
  t.teardown(() => redis.quit())
  const environment = await testEnvironment(t)
  // Same database; one app reads through Redis, the other has none.
  const withRedis = await build(t, environment, { REDIS_URL, QUEUE_DRIVER: 'sqs' })
  const withoutRedis = await build(t, environment)
  const aggregate = (teamId: string) => runJob('aggregate-progress', { teamId }, withRedis.jobDeps)

  const ada = await register(withRedis, { displayName: 'Ada' })
  const bo = await register(withRedis, { displayName: 'Bo' })
  const outsider = await register(withRedis, { displayName: 'Outsider' })
  const dates = { startDate: dayFromToday(-10), endDate: dayFromToday(30), timezone: 'UTC' }
  const privateTeam = await createTeam(withRedis, ada, { ...dates, name: 'Private walkers' })
  const publicTeam = await createTeam(withRedis, outsider, { ...dates, name: 'Open walkers', visibility: 'public' })
  await joinWithCode(withRedis, bo, privateTeam.joinCode)
  await addRoute(withRedis, ada, privateTeam.id)
  await addRoute(withRedis, outsider, publicTeam.id)
  await logRide(withRedis, ada, 50_000)
  await logRide(withRedis, bo, 70_000)
  await logRide(withRedis, outsider, 20_000)
  for (const team of [privateTeam, publicTeam]) await aggregate(team.id)

  t.test('progress reads the same with and without Redis', async (t) => {
    const cached = await getProgress(withRedis, ada, privateTeam.id)
    const direct = await getProgress(withoutRedis, ada, privateTeam.id)
    t.same(cached, direct)
    t.equal(cached.totalDistance, 120_000)
    t.ok(await redis.exists(KEYS.progress(privateTeam.id)), 'cached in Redis')
  })

  t.test('member leaderboard: most metres first, the same from both paths', async (t) => {
    for (const app of [withRedis, withoutRedis]) {
      const res = await app.inject({ url: `/teams/${privateTeam.id}/leaderboard`, headers: bearer(ada.accessToken) })
      t.same(res.json().data.map((m: { displayName: string, rank: number }) => [m.rank, m.displayName]), [[1, 'Bo'], [2, 'Ada']])
    }
    t.same(await redis.zrevrange(KEYS.members(privateTeam.id), 0, -1), [bo.userId, ada.userId], 'sorted set with absolute scores')
    const ttl = await redis.ttl(KEYS.members(privateTeam.id))
    t.ok(ttl > 0 && ttl <= 60, 'it expires, so a missed update cannot linger')
    const limited = await withRedis.inject({ url: `/teams/${privateTeam.id}/leaderboard?limit=1`, headers: bearer(ada.accessToken) })
    t.equal(limited.json().data.length, 1)
    const bad = await withRedis.inject({ url: `/teams/${privateTeam.id}/leaderboard?limit=0`, headers: bearer(ada.accessToken) })
    t.equal(errorCode(bad), 'VALIDATION_ERROR')
  })

  t.test('team leaderboard: public teams and your own; private teams stay hidden', async (t) => {
    for (const app of [withRedis, withoutRedis]) {
      const mine = await app.inject({ url: '/leaderboards/teams', headers: bearer(ada.accessToken) })
      t.same(mine.json().data.map((s: { name: string, isMember: boolean }) => [s.name, s.isMember]), [['Private walkers', true], ['Open walkers', false]])
      const theirs = await app.inject({ url: '/leaderboards/teams', headers: bearer(outsider.accessToken) })
      t.same(theirs.json().data.map((s: { name: string }) => s.name), ['Open walkers'], 'the outsider never sees the private team')
    }
  })

  t.test('Redis emptied: answers come from Postgres until the leaderboards are rebuilt', async (t) => {
    await redis.flushdb()
    const res = await withRedis.inject({ url: '/leaderboards/teams', headers: bearer(ada.accessToken) })
    t.equal(res.json().data.length, 2, 'from Postgres while Redis is empty')
    const rebuilt = await runJob('rebuild-leaderboards', {}, withRedis.jobDeps) as { teams: number }
    t.equal(rebuilt.teams, 2)
    t.equal(await redis.zcard(KEYS.teams), 2)
    t.equal(await redis.zcard(KEYS.publicTeams), 1)
  })

  t.test('a rebuild reads Postgres a page at a time and drops what Postgres no longer has', async (t) => {
    await redis.flushdb()
    await redis.zadd(KEYS.teams, 50, '00000000-0000-4000-8000-000000000000')
    const rebuilt = await rebuildLeaderboards(withRedis.jobDeps, 1)
    t.equal(rebuilt.teams, 2, 'both teams, one page each')
    t.same((await redis.zrange(KEYS.teams, '0', '-1')).sort(), [privateTeam.id, publicTeam.id].sort(), 'a team Redis had but Postgres does not is dropped')
    t.equal(await redis.zcard(KEYS.publicTeams), 1)
  })

  t.test('a team made private leaves the public board on its next aggregation', async (t) => {
    const res = await withRedis.inject({ method: 'PUT', url: `/teams/${publicTeam.id}`, headers: bearer(outsider.accessToken), payload: { visibility: 'private', name: 'Secret skunkworks' } })
    t.equal(res.statusCode, 200)
    for (const app of [withRedis, withoutRedis]) {
      const before = await app.inject({ url: '/leaderboards/teams', headers: bearer(ada.accessToken) })
      t.same(before.json().data.map((s: { name: string }) => s.name), ['Private walkers'], 'hidden at once, before Redis hears of it')
    }
    await aggregate(publicTeam.id)
    const board = await withRedis.inject({ url: '/leaderboards/teams', headers: bearer(ada.accessToken) })
    t.same(board.json().data.map((s: { name: string }) => s.name), ['Private walkers'])
  })

  t.test('a deleted team leaves the boards', async (t) => {
    const res = await withRedis.inject({ method: 'DELETE', url: `/teams/${publicTeam.id}`, headers: bearer(outsider.accessToken) })
    t.equal(res.statusCode, 204)
    await aggregate(publicTeam.id)
    t.equal(await redis.zscore(KEYS.teams, publicTeam.id), null)
    t.ok(await redis.hexists(KEYS.versions, publicTeam.id), 'pinned, so an older rebuild cannot bring it back')
    await runJob('rebuild-leaderboards', {}, withRedis.jobDeps)
    t.notOk(await redis.hexists(KEYS.versions, publicTeam.id), 'and forgotten by the next rebuild')
    t.equal(await redis.zscore(KEYS.teams, publicTeam.id), null)
  })

  t.test('progress.svg: a valid SVG picture of the route, for members only', async (t) => {
    const res = await withRedis.inject({ url: `/teams/${privateTeam.id}/progress.svg`, headers: bearer(bo.accessToken) })
    t.equal(res.statusCode, 200)
    t.match(res.headers['content-type'], /^image\/svg\+xml/)
    t.match(res.headers['content-security-policy'], /default-src 'none'/)
    const errors: string[] = []
    const doc = new DOMParser({ onError: (level, message) => { errors.push(`${level}: ${message}`) } }).parseFromString(res.body, 'image/svg+xml')
    t.same(errors, [], 'well-formed')
    t.equal(doc.documentElement?.localName, 'svg')
    t.match(res.body, /Private walkers/)
    t.match(res.body, /Next: Birmingham/, 'names the next waypoint')
    const outside = await withRedis.inject({ url: `/teams/${privateTeam.id}/progress.svg`, headers: bearer(outsider.accessToken) })
    t.equal(outside.statusCode, 404)
    t.equal(errorCode(outside), 'TEAM_NOT_FOUND')
  })

  t.test('deleting an account re-aggregates the teams it had left but still credited', async (t) => {
    const carl = await register(withRedis, { displayName: 'Carl' })
    await joinWithCode(withRedis, carl, privateTeam.joinCode)
    await logRide(withRedis, carl, 30_000)
    t.equal((await withRedis.inject({ method: 'POST', url: `/teams/${privateTeam.id}/leave`, headers: bearer(carl.accessToken) })).statusCode, 200)
    await aggregate(privateTeam.id)
    t.equal((await getProgress(withoutRedis, ada, privateTeam.id)).totalDistance, 150_000, 'leavers\' metres still count')
    t.equal((await withRedis.inject({ method: 'DELETE', url: '/users/me', headers: bearer(carl.accessToken) })).statusCode, 204)
    const event = await withRedis.db.selectFrom('outbox').select('payload').where('type', '=', 'activity.deleted')
      .where(sql<boolean>`payload->>'reason' = 'account_deleted'`).executeTakeFirstOrThrow()
    t.same(event.payload.teamIds, [privateTeam.id], 'the team Carl had left hears of it')
    await aggregate(privateTeam.id)
    const progress = await getProgress(withoutRedis, ada, privateTeam.id)
    t.equal(progress.totalDistance, 120_000)
    t.notOk(progress.members.some((m: { displayName: string }) => m.displayName === 'Carl'))
  })

  t.test('a team never aggregated still answers, computed on the spot', async (t) => {
    const fresh = await createTeam(withoutRedis, ada, { ...dates, name: 'Brand new' })
    const progress = await getProgress(withoutRedis, ada, fresh.id)
    t.equal(progress.teamId, fresh.id)
    t.same(progress.members.map((m: { displayName: string }) => m.displayName), ['Ada'])
    t.equal(await withoutRedis.db.selectFrom('team_progress').select('team_id').where('team_id', '=', fresh.id).executeTakeFirst(), undefined, 'nothing stored by a read')
  })
})
