import t from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register, type Account } from '../helpers/api.ts'
import { createTeam, joinWithCode } from '../helpers/teams.ts'

const environment = await testEnvironment(t)
const app = await build(t, environment)

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString()
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString()
const today = new Date().toISOString().slice(0, 10)
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)

async function log (account: Account, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/activities', headers: { ...bearer(account.accessToken), ...headers }, payload: body })
}

t.test('an activity credits every team whose dates include its day', async (t) => {
  const walker = await register(app, { strideLengthMeters: 0.75, timezone: 'Europe/London' })
  const current = await createTeam(app, walker, { startDate: inDays(-10), endDate: inDays(10) })
  const future = await createTeam(app, walker, { name: 'Later', startDate: inDays(5), endDate: inDays(20) })
  const res = await log(walker, { type: 'steps', steps: 10_000, startedAt: hoursAgo(1) })
  t.equal(res.statusCode, 201)
  const { activity } = res.json().data
  t.equal(activity.rawMeters, 7500, '10,000 steps × 0.75 m')
  t.equal(activity.timezone, 'Europe/London', 'the user\'s zone by default')
  const byTeam = Object.fromEntries(activity.credits.map((c: any) => [c.teamId, c]))
  t.match(byTeam[current.id], { creditedMeters: 7500, reason: null })
  t.match(byTeam[future.id], { creditedMeters: 0, reason: 'outside_team_window' })
})

t.test('joining a team credits your activities already inside its dates', async (t) => {
  const owner = await register(app)
  const latecomer = await register(app)
  const team = await createTeam(app, owner, { startDate: inDays(-10), endDate: inDays(10) })
  await log(latecomer, { type: 'run', distanceMeters: 4000, startedAt: daysAgo(2) })
  await log(latecomer, { type: 'run', distanceMeters: 1000, startedAt: daysAgo(20) })
  await joinWithCode(app, latecomer, team.joinCode)
  const ledger = (await app.inject({ method: 'GET', url: `/activities/ledger?teamId=${team.id}`, headers: bearer(owner.accessToken) })).json().data
  t.same(ledger.map((l: any) => [l.userId, l.creditedMeters]), [[latecomer.userId, 4000]], 'the run inside the dates, not the one before')
})

t.test('changing a team\'s cap or dates credits past days again', async (t) => {
  const owner = await register(app)
  const team = await createTeam(app, owner, { startDate: inDays(-10), endDate: inDays(10) })
  await log(owner, { type: 'run', distanceMeters: 10_000, startedAt: daysAgo(3) })
  await log(owner, { type: 'run', distanceMeters: 6000, startedAt: daysAgo(8) })
  const ledger = async () => (await app.inject({ method: 'GET', url: `/activities/ledger?teamId=${team.id}`, headers: bearer(owner.accessToken) })).json().data
    .map((l: any) => [l.creditedMeters, l.reason])
  t.same(await ledger(), [[6000, null], [10_000, null]])
  await app.inject({ method: 'PUT', url: `/teams/${team.id}`, headers: bearer(owner.accessToken), payload: { dailyCapMeters: 5000 } })
  t.same(await ledger(), [[5000, 'team_daily_cap'], [5000, 'team_daily_cap']], 'a new cap applies to past days')
  await app.inject({ method: 'PUT', url: `/teams/${team.id}`, headers: bearer(owner.accessToken), payload: { startDate: inDays(-5), dailyCapMeters: null } })
  t.same(await ledger(), [[0, 'outside_team_window'], [10_000, null]], 'a later start leaves the earlier day outside')
})

t.test('plausibility: future starts are refused, late uploads recorded but not credited', async (t) => {
  const walker = await register(app)
  await createTeam(app, walker, { startDate: inDays(-100), endDate: inDays(10) })
  const future = await log(walker, { type: 'walk', distanceMeters: 1000, startedAt: new Date(Date.now() + 3_600_000).toISOString() })
  t.equal(errorCode(future), 'ACTIVITY_IN_FUTURE')
  const slack = await log(walker, { type: 'walk', distanceMeters: 1000, startedAt: new Date(Date.now() + 60_000).toISOString() })
  t.equal(slack.statusCode, 201, 'a minute of clock skew is fine')
  const late = await log(walker, { type: 'walk', distanceMeters: 4000, startedAt: daysAgo(40) })
  t.equal(late.statusCode, 201)
  t.match(late.json().data.activity.credits[0], { creditedMeters: 0, reason: 'late' })
})

t.test('deleting an activity frees the cap it used', async (t) => {
  const walker = await register(app)
  const team = await createTeam(app, walker, { startDate: inDays(-10), endDate: inDays(10), dailyCapMeters: 6000 })
  // Yesterday, UTC, 10:00 and 11:00: one local day whatever the time now.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
  const first = (await log(walker, { type: 'walk', distanceMeters: 5000, startedAt: `${yesterday}T10:00:00Z`, timezone: 'UTC' })).json().data.activity
  const second = (await log(walker, { type: 'walk', distanceMeters: 5000, startedAt: `${yesterday}T11:00:00Z`, timezone: 'UTC' })).json().data.activity
  t.equal(first.localDay, second.localDay)
  t.match(second.credits[0], { creditedMeters: 1000, reason: 'team_daily_cap' })
  t.equal((await app.inject({ method: 'DELETE', url: `/activities/${first.id}`, headers: bearer(walker.accessToken) })).statusCode, 204)
  const ledger = (await app.inject({ method: 'GET', url: `/activities/ledger?teamId=${team.id}`, headers: bearer(walker.accessToken) })).json().data
  t.equal(ledger.length, 1)
  t.match(ledger[0], { activityId: second.id, creditedMeters: 5000, reason: null })
  const someoneElse = await register(app)
  t.equal(errorCode(await app.inject({ method: 'DELETE', url: `/activities/${second.id}`, headers: bearer(someoneElse.accessToken) })), 'ACTIVITY_NOT_FOUND')
})

t.test('clientId and externalId make uploads idempotent; a sync batch sent 3 times credits once', async (t) => {
  const walker = await register(app)
  const team = await createTeam(app, walker, { startDate: inDays(-10), endDate: inDays(10) })
  const first = await log(walker, { type: 'run', distanceMeters: 5000, startedAt: hoursAgo(5), clientId: 'phone-1' })
  const again = await log(walker, { type: 'run', distanceMeters: 5000, startedAt: hoursAgo(5), clientId: 'phone-1' })
  t.equal(first.statusCode, 201)
  t.equal(again.statusCode, 200)
  t.equal(again.json().data.duplicate, true)
  t.equal(again.json().data.activity.id, first.json().data.activity.id)

  const items = Array.from({ length: 30 }, (_, i) => ({
    type: 'walk', distanceMeters: 100 + i, startedAt: hoursAgo(1 + i / 60), source: 'healthkit', externalId: `hk-${i}`
  }))
  items.push({ type: 'walk', distanceMeters: 100, startedAt: new Date(Date.now() + 86_400_000).toISOString(), source: 'healthkit', externalId: 'hk-future' })
  const runs = []
  for (let i = 0; i < 3; i++) {
    runs.push((await app.inject({ method: 'POST', url: '/activities/sync', headers: bearer(walker.accessToken), payload: { items } })).json().data)
  }
  t.same(runs.map(r => [r.created, r.duplicates, r.rejected]), [[30, 0, 1], [0, 30, 1], [0, 30, 1]])
  t.match(runs[0].results.at(-1), { index: 30, status: 'rejected', error: { code: 'ACTIVITY_IN_FUTURE' } })
  const ledger = (await app.inject({ method: 'GET', url: `/activities/ledger?teamId=${team.id}&limit=500`, headers: bearer(walker.accessToken) })).json().data
  const credited = ledger.reduce((sum: number, l: any) => sum + l.creditedMeters, 0)
  const expected = 5000 + items.slice(0, 30).reduce((sum, i) => sum + i.distanceMeters, 0)
  t.equal(credited, expected, 'every metre credited exactly once')
})

t.test('listing: filters and keyset pages', async (t) => {
  const walker = await register(app)
  const team = await createTeam(app, walker, { startDate: inDays(-30), endDate: inDays(10) })
  for (let i = 0; i < 7; i++) await log(walker, { type: i % 2 ? 'run' : 'walk', distanceMeters: 1000 + i, startedAt: daysAgo(i) })
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const res: Awaited<ReturnType<typeof app.inject>> = await app.inject({ method: 'GET', url: `/activities?limit=3${cursor ? `&cursor=${cursor}` : ''}`, headers: bearer(walker.accessToken) })
    seen.push(...res.json().data.map((a: any) => a.startedAt))
    cursor = res.json().meta.nextCursor
  } while (cursor)
  t.equal(seen.length, 7)
  t.same(seen, [...seen].sort().reverse(), 'newest first')
  const runs = (await app.inject({ method: 'GET', url: '/activities?type=run', headers: bearer(walker.accessToken) })).json().data
  t.equal(runs.length, 3)
  const recent = (await app.inject({ method: 'GET', url: `/activities?from=${inDays(-1)}&to=${today}`, headers: bearer(walker.accessToken) })).json().data
  t.ok(recent.length >= 1 && recent.length <= 3)
  const forTeam = (await app.inject({ method: 'GET', url: `/activities?teamId=${team.id}`, headers: bearer(walker.accessToken) })).json().data
  t.equal(forTeam.length, 7)
})

t.test('the ledger: members see their own lines, admins the team\'s', async (t) => {
  const owner = await register(app)
  const member = await register(app)
  const team = await createTeam(app, owner, { startDate: inDays(-10), endDate: inDays(10) })
  await joinWithCode(app, member, team.joinCode)
  await log(owner, { type: 'walk', distanceMeters: 3000, startedAt: hoursAgo(1) })
  await log(member, { type: 'walk', distanceMeters: 2000, startedAt: hoursAgo(1) })
  const asOwner = (await app.inject({ method: 'GET', url: `/activities/ledger?teamId=${team.id}`, headers: bearer(owner.accessToken) })).json().data
  const asMember = (await app.inject({ method: 'GET', url: `/activities/ledger?teamId=${team.id}`, headers: bearer(member.accessToken) })).json().data
  t.equal(asOwner.length, 2)
  t.equal(asMember.length, 1)
  t.equal(asMember[0].userId, member.userId)
})

t.test('no input produces a 500', async (t) => {
  const walker = await register(app)
  const bad: Array<[string, unknown, string]> = [
    ['wrong type', { type: 'teleport', distanceMeters: 1, startedAt: hoursAgo(1) }, 'VALIDATION_ERROR'],
    ['NaN string', { type: 'walk', distanceMeters: 'NaN', startedAt: hoursAgo(1) }, 'VALIDATION_ERROR'],
    ['huge number', { type: 'walk', distanceMeters: 1e308, startedAt: hoursAgo(1) }, 'VALIDATION_ERROR'],
    ['negative', { type: 'walk', distanceMeters: -5, startedAt: hoursAgo(1) }, 'VALIDATION_ERROR'],
    ['fractional steps', { type: 'steps', steps: 10.5, startedAt: hoursAgo(1) }, 'VALIDATION_ERROR'],
    ['steps without steps', { type: 'steps', distanceMeters: 100, startedAt: hoursAgo(1) }, 'VALIDATION_ERROR'],
    ['walk without distance', { type: 'walk', startedAt: hoursAgo(1) }, 'VALIDATION_ERROR'],
    ['not a date', { type: 'walk', distanceMeters: 1, startedAt: 'yesterday' }, 'VALIDATION_ERROR'],
    ['invalid time zone', { type: 'walk', distanceMeters: 1, startedAt: hoursAgo(1), timezone: 'Moon/Tranquility' }, 'VALIDATION_ERROR'],
    ['unknown field', { type: 'walk', distanceMeters: 1, startedAt: hoursAgo(1), userId: walker.userId }, 'VALIDATION_ERROR'],
    ['array', [1, 2], 'VALIDATION_ERROR']
  ]
  for (const [what, body, code] of bad) {
    const res = await log(walker, body as Record<string, unknown>)
    t.equal(errorCode(res), code, what)
  }
  const tenMegabytes = await app.inject({ method: 'POST', url: '/activities', headers: { ...bearer(walker.accessToken), 'content-type': 'application/json' }, payload: `{"type":"walk","pad":"${'x'.repeat(10 * 1024 * 1024)}"}` })
  t.equal(errorCode(tenMegabytes), 'PAYLOAD_TOO_LARGE')
  const tooMany = await app.inject({ method: 'POST', url: '/activities/sync', headers: bearer(walker.accessToken), payload: { items: Array.from({ length: 501 }, () => ({ type: 'walk', distanceMeters: 1, startedAt: hoursAgo(1) })) } })
  t.equal(errorCode(tooMany), 'VALIDATION_ERROR', 'at most 500 items a batch')
})
