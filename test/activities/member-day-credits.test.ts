import t from 'tap'
import type { Test } from 'tap'
import { sql } from 'kysely'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register, type Account } from '../helpers/api.ts'
import { createTeam, joinWithCode } from '../helpers/teams.ts'
import { createDatabase } from '../../src/db/database.ts'
import { readProgressInputs } from '../../src/routes/progress/repository.ts'

/**
 * member_day_credits (what the aggregation sums) is kept by triggers on
 * activity_credits: after every kind of change it must equal the sums of
 * the ledger itself, computed here independently.
 */
const environment = await testEnvironment(t)
const app = await build(t, environment)
const db = createDatabase({ url: environment.databaseUrl, poolMax: 2 })
t.teardown(() => db.destroy())

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString()
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)

async function rollupMatchesLedger (t: Test, when: string) {
  const { rows: ledger } = await sql<{ key: string, m: number }>`
    select team_id || '/' || user_id || '/' || local_day as key, sum(credited_m)::float8 as m
    from activity_credits group by team_id, user_id, local_day order by 1`.execute(db)
  const { rows: rollup } = await sql<{ key: string, m: number }>`
    select team_id || '/' || user_id || '/' || local_day as key, credited_m as m from member_day_credits order by 1`.execute(db)
  t.same(rollup, ledger, `${when}: one row per (team, member, day) with the ledger's sum, none left over`)
  const { rows: [drift] } = await sql<{ n: number }>`
    select count(*)::int as n from activity_credits c join activities a on a.id = c.activity_id where c.started_at <> a.started_at`.execute(db)
  t.equal(drift!.n, 0, `${when}: every credit line carries its activity's start time`)
  return ledger.length
}

const post = (who: Account, url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: bearer(who.accessToken), payload: payload as object })

t.test('the per member-day sums follow every change to the ledger', async (t) => {
  const ada = await register(app, { timezone: 'Europe/London' })
  const bo = await register(app, { timezone: 'America/New_York' })
  const walkers = await createTeam(app, ada, { startDate: inDays(-30), endDate: inDays(30), dailyCapMeters: 12_000 })
  const riders = await createTeam(app, ada, { name: 'Riders', startDate: inDays(-30), endDate: inDays(30) })
  await joinWithCode(app, bo, walkers.joinCode)
  t.ok(await rollupMatchesLedger(t, 'before any activity') === 0)

  const first = await post(ada, '/activities', { type: 'walk', distanceMeters: 8000, startedAt: hoursAgo(2) })
  t.equal(first.statusCode, 201)
  await post(ada, '/activities', { type: 'run', distanceMeters: 7000, startedAt: hoursAgo(3) })
  t.ok(await rollupMatchesLedger(t, 'two activities, one capped by a team') > 0)

  const synced = await post(bo, '/activities/sync', {
    items: Array.from({ length: 40 }, (_, i) => ({ type: 'walk', distanceMeters: 500 + i * 10, startedAt: hoursAgo(1 + i * 5), source: 'healthkit', externalId: `hk-${i}` }))
  })
  t.equal(synced.json().data.created, 40)
  await rollupMatchesLedger(t, 'a sync batch over several days')

  const removed = await app.inject({ method: 'DELETE', url: `/activities/${first.json().data.activity.id}`, headers: bearer(ada.accessToken) })
  t.equal(removed.statusCode, 204)
  await rollupMatchesLedger(t, 'an activity deleted (its credits cascade, the day is recredited)')

  const changed = await app.inject({ method: 'PUT', url: `/teams/${walkers.id}`, headers: bearer(ada.accessToken), payload: { dailyCapMeters: 3000 } })
  t.equal(changed.statusCode, 200, changed.body)
  await rollupMatchesLedger(t, 'a team cap lowered (days recredited)')

  const gone = await app.inject({ method: 'DELETE', url: `/teams/${riders.id}`, headers: bearer(ada.accessToken) })
  t.equal(gone.statusCode, 204)
  await rollupMatchesLedger(t, 'a team deleted')

  const left = await app.inject({ method: 'DELETE', url: '/users/me', headers: bearer(bo.accessToken) })
  t.equal(left.statusCode, 204)
  await rollupMatchesLedger(t, 'an account deleted')
})

t.test('a provider moving an activity within its day moves its credit lines\' start time, and the team\'s latest activity with it', async (t) => {
  const ada = await register(app)
  const team = await createTeam(app, ada, { startDate: inDays(-5), endDate: inDays(30), timezone: 'UTC' })
  const ride = (startedAt: Date) => app.activities.importExternal(ada.userId, {
    source: 'strava', externalId: 'ride-1', type: 'cycle', distanceMeters: 5000, durationSeconds: 900, startedAt, timezone: 'UTC', displayRestricted: false
  })
  const noon = new Date(`${inDays(-1)}T12:00:00Z`)
  t.equal(await ride(noon), 'created')
  t.equal((await post(ada, '/activities', { type: 'walk', distanceMeters: 1000, startedAt: `${inDays(-1)}T14:00:00Z`, timezone: 'UTC' })).statusCode, 201)
  const latest = async () => (await readProgressInputs(db, team.id))!.lastActivity!.type
  t.equal(await latest(), 'walk', 'the 14:00 walk is the latest')
  t.equal(await ride(new Date(`${inDays(-1)}T18:00:00Z`)), 'updated', 'the ride moves to 18:00, the same day, the same credit')
  await rollupMatchesLedger(t, 'an activity moved within its day')
  t.equal(await latest(), 'cycle', 'and is now the latest')
})

t.test('concurrent writes to one user-day are serialised: the cap holds exactly, whatever the interleaving', async (t) => {
  const cy = await register(app, { timezone: 'UTC' })
  const team = await createTeam(app, cy, { startDate: inDays(-30), endDate: inDays(30), dailyCapMeters: 10_000 })
  const day = new Date(Date.now() - 86_400_000)
  day.setUTCHours(6, 0, 0, 0)
  const at = (minutes: number) => new Date(day.getTime() + minutes * 60_000).toISOString()
  // 9 km of the 10 km cap first, one after another.
  for (let i = 0; i < 9; i++) t.equal((await post(cy, '/activities', { type: 'walk', distanceMeters: 1000, startedAt: at(i * 10) })).statusCode, 201)
  // Then 20 walks and a 10-item sync, all at once: exactly one more kilometre may count.
  const singles = Array.from({ length: 20 }, (_, i) => post(cy, '/activities', { type: 'walk', distanceMeters: 1000, startedAt: at(100 + i * 10) }))
  const batch = post(cy, '/activities/sync', { items: Array.from({ length: 10 }, (_, i) => ({ type: 'walk', distanceMeters: 1000, startedAt: at(400 + i * 10) })) })
  const answers = await Promise.all([...singles, batch])
  t.same(answers.map(a => a.statusCode).filter(s => s !== 201 && s !== 200), [], 'every write accepted')
  const { rows } = await sql<{ credited: number, capped: number, lines: number }>`
    select sum(credited_m)::float8 as credited, count(*) filter (where reason = 'team_daily_cap')::int as capped, count(*)::int as lines
    from activity_credits where team_id = ${team.id}`.execute(db)
  t.same(rows[0], { credited: 10_000, capped: 29, lines: 39 }, '10 km credited, the other 29 walks capped, one line each')
  // The earliest ten by start time are the ones credited, as a recomputation from scratch would say.
  const { rows: credited } = await sql<{ started_at: Date }>`
    select a.started_at from activity_credits c join activities a on a.id = c.activity_id
    where c.team_id = ${team.id} and c.credited_m > 0 order by a.started_at`.execute(db)
  t.same(credited.map(r => r.started_at.toISOString()), [...Array.from({ length: 9 }, (_, i) => at(i * 10)), at(100)].map(a => new Date(a).toISOString()), 'the first ten walks of the day')
  await rollupMatchesLedger(t, 'after 30 concurrent writes')

  // Two writes racing for the last kilometre, on eight more days: without the
  // lock both read 9 km and both credit theirs.
  const days = Array.from({ length: 8 }, (_, d) => new Date(day.getTime() - (d + 2) * 86_400_000))
  for (const start of days) {
    const walk = (minutes: number) => ({ type: 'walk', distanceMeters: 1000, startedAt: new Date(start.getTime() + minutes * 60_000).toISOString() })
    for (let i = 0; i < 9; i++) await post(cy, '/activities', walk(i * 10))
    await Promise.all([post(cy, '/activities', walk(200)), post(cy, '/activities', walk(210))])
  }
  const { rows: perDay } = await sql<{ meters: number }>`
    select sum(credited_m)::float8 as meters from activity_credits
    where team_id = ${team.id} and local_day < ${day.toISOString().slice(0, 10)} group by local_day`.execute(db)
  t.same(perDay.map(r => r.meters), days.map(() => 10_000), 'every raced day ends at the cap, never over it')
})
