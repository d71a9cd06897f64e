import t from 'tap'
import type { AddressInfo } from 'node:net'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register, type Account } from '../helpers/api.ts'
import { createTeam, joinWithCode, setRole } from '../helpers/teams.ts'
import { startMockProviders, type StravaActivity } from '../helpers/mock-providers.ts'
import { connect, integrationsOf, providerSettings, STRAVA_SUBSCRIPTION_ID, STRAVA_VERIFY_TOKEN, sync, utcDay } from '../helpers/integrations.ts'
import type { App } from '../../src/app/app.ts'

const environment = await testEnvironment(t)
const mock = await startMockProviders(t)
const app = await build(t, environment, providerSettings(mock))

let nextActivityId = 9_000_000
function stravaActivity (athleteId: number, fields: Partial<StravaActivity> = {}): StravaActivity {
  const activity: StravaActivity = {
    id: nextActivityId++,
    athleteId,
    sport_type: 'Run',
    distance: 5000,
    moving_time: 1500,
    elapsed_time: 1600,
    start_date: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    timezone: '(GMT+00:00) Europe/London',
    ...fields
  }
  mock.strava.activities.set(activity.id, activity)
  return activity
}

function event (athleteId: number, objectId: number, aspect: 'create' | 'update' | 'delete', extra: Record<string, unknown> = {}) {
  return {
    aspect_type: aspect,
    event_time: Math.floor(Date.now() / 1000),
    object_id: objectId,
    object_type: 'activity',
    owner_id: athleteId,
    subscription_id: STRAVA_SUBSCRIPTION_ID,
    updates: {},
    ...extra
  }
}

async function deliver (app: App, body: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/integrations/strava/webhook', payload: body })
}

async function stravaRows (userId: string) {
  return app.db.selectFrom('activities').select(['external_id', 'type', 'distance_m', 'display_restricted']).where('user_id', '=', userId).where('source', '=', 'strava').orderBy('external_id').execute()
}

let athlete = 5000
async function athleteAccount () {
  const account = await register(app, { timezone: 'Europe/London' })
  const athleteId = athlete++
  const connectionId = await connect(app, mock, account, 'strava', athleteId)
  // The first sync (as the connected event would start it).
  await sync(app, connectionId)
  return { account, athleteId, connectionId }
}

t.test('the subscription check echoes hub.challenge to Strava, and only with our verify token', async (t) => {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as AddressInfo).port
  const subscribe = (verifyToken: string) => fetch(`${mock.url}/api/v3/push_subscriptions`, {
    method: 'POST',
    body: new URLSearchParams({ client_id: mock.strava.clientId, client_secret: mock.strava.clientSecret, callback_url: `http://127.0.0.1:${port}/integrations/strava/webhook`, verify_token: verifyToken })
  })
  const ok = await subscribe(STRAVA_VERIFY_TOKEN)
  t.equal(ok.status, 201, 'Strava accepted the subscription after its GET check')
  t.same(await ok.json(), { id: STRAVA_SUBSCRIPTION_ID })
  t.equal((await subscribe('not-our-token')).status, 400, 'a wrong verify token fails Strava\'s check')
  const direct = await app.inject({ method: 'GET', url: '/integrations/strava/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=abc' })
  t.equal(direct.statusCode, 403)
  t.equal(errorCode(direct), 'WEBHOOK_FORBIDDEN')
  const echoed = await app.inject({ method: 'GET', url: `/integrations/strava/webhook?hub.mode=subscribe&hub.verify_token=${STRAVA_VERIFY_TOKEN}&hub.challenge=15f7d1a91c1f40f8a748fd134752feb3` })
  t.same(echoed.json(), { 'hub.challenge': '15f7d1a91c1f40f8a748fd134752feb3' })
})

t.test('create, re-delivery, update and delete events: fetched with the owner\'s token, credited once', async (t) => {
  const { account, athleteId, connectionId } = await athleteAccount()
  const team = await createTeam(app, account, { startDate: utcDay(-10), endDate: utcDay(10) })
  const ride = stravaActivity(athleteId, { sport_type: 'Ride', distance: 30_000, moving_time: 3600, elapsed_time: 3900 })

  const created = event(athleteId, ride.id, 'create')
  const first = await deliver(app, created)
  t.equal(first.statusCode, 200)
  t.same(first.json().data, { accepted: true })
  const twice = await deliver(app, created)
  t.same(twice.json().data, { accepted: false }, 'the same delivery again is recognised')
  const jobs = await app.db.selectFrom('outbox').select('payload').where('type', '=', 'integration.webhook_received').execute()
  t.equal(jobs.filter(j => (j.payload as any).connectionId === connectionId).length, 1, 'one sync job for one event')

  t.same(await sync(app, connectionId), { synced: 1 }, JSON.stringify((await integrationsOf(app, account)).strava.health))
  await sync(app, connectionId)
  t.same(await stravaRows(account.userId), [{ external_id: String(ride.id), type: 'cycle', distance_m: 30_000, display_restricted: true }], 'the sport came from fetching the activity')
  const detail = mock.requests.filter(r => r.route === `GET /api/v3/activities/${ride.id}`)
  t.equal(detail.length, 1, 'fetched once')
  const ledger = (await app.inject({ method: 'GET', url: `/activities/ledger?teamId=${team.id}`, headers: bearer(account.accessToken) })).json().data
  t.match(ledger, [{ source: 'strava', creditedMeters: 30_000, detailsHidden: false, type: 'cycle' }])

  // Edited on Strava: brought up to date.
  ride.distance = 32_000
  await deliver(app, event(athleteId, ride.id, 'update', { updates: { title: 'Longer ride' }, event_time: Math.floor(Date.now() / 1000) + 1 }))
  await sync(app, connectionId)
  t.equal((await stravaRows(account.userId))[0]?.distance_m, 32_000)

  // Deleted on Strava: gone here, and the day credited again.
  mock.strava.activities.delete(ride.id)
  await deliver(app, event(athleteId, ride.id, 'delete', { event_time: Math.floor(Date.now() / 1000) + 2 }))
  await sync(app, connectionId)
  t.same(await stravaRows(account.userId), [])
  t.same((await app.inject({ method: 'GET', url: `/activities/ledger?teamId=${team.id}`, headers: bearer(account.accessToken) })).json().data, [])
})

t.test('events are unsigned: a forged one credits nothing it cannot fetch, and a forged deauthorization disconnects nothing', async (t) => {
  const { account, athleteId, connectionId } = await athleteAccount()
  const other = stravaActivity(athleteId + 1_000_000)
  await deliver(app, event(athleteId, other.id, 'create'))
  await sync(app, connectionId)
  t.same(await stravaRows(account.userId), [], 'someone else\'s activity id fetches nothing with this athlete\'s token')

  const wrongSubscription = await deliver(app, { ...event(athleteId, 1, 'create'), subscription_id: 1 })
  t.equal(wrongSubscription.statusCode, 403)
  t.same((await deliver(app, event(987_654_321, 1, 'create'))).json().data, { accepted: false }, 'an unknown athlete is acknowledged and ignored')
  t.equal((await deliver(app, { object_type: 'club', object_id: 1 })).statusCode, 400)

  await deliver(app, { ...event(athleteId, athleteId, 'update'), object_type: 'athlete', updates: { authorized: 'false' } })
  await sync(app, connectionId)
  t.equal((await integrationsOf(app, account)).strava.status, 'connected', 'the token still works: not believed')
})

t.test('a deauthorization on Strava disconnects, deletes the Strava data and tells the user', async (t) => {
  const { account, athleteId, connectionId } = await athleteAccount()
  const run = stravaActivity(athleteId)
  await deliver(app, event(athleteId, run.id, 'create'))
  await sync(app, connectionId)
  t.equal((await stravaRows(account.userId)).length, 1)

  mock.strava.deauthorized.add(athleteId)
  const res = await deliver(app, { ...event(athleteId, athleteId, 'update'), object_type: 'athlete', updates: { authorized: 'false' } })
  t.same(res.json().data, { accepted: true })
  t.same(await sync(app, connectionId), { disconnected: 1 })
  const list = await integrationsOf(app, account)
  t.match(list.strava, { status: 'disconnected', health: { status: 'disconnected', warning: /deauthorized_at_provider/ } })
  t.same(await stravaRows(account.userId), [], 'Strava data goes with the authorization')
  const told = await app.db.selectFrom('outbox').select('payload').where('type', '=', 'integration.disconnected').execute()
  t.ok(told.some(e => (e.payload as any).connectionId === connectionId && (e.payload as any).reason === 'deauthorized_at_provider' && (e.payload as any).importedActivities === 'deleted'))
})

t.test('Strava data is shown to its owner only: teammates and admins see credited metres', async (t) => {
  const { account: runner, athleteId, connectionId } = await athleteAccount()
  const owner = await register(app)
  const teammate = await register(app)
  const team = await createTeam(app, owner, { startDate: utcDay(-10), endDate: utcDay(10) })
  await joinWithCode(app, runner, team.joinCode)
  await joinWithCode(app, teammate, team.joinCode)
  await setRole(app, owner, team.id, teammate.userId, 'admin')
  const run = stravaActivity(athleteId, { distance: 10_000, moving_time: 3000, elapsed_time: 3100, name: 'Secret route past my house' })
  await deliver(app, event(athleteId, run.id, 'create'))
  await sync(app, connectionId)

  const ledgerAs = async (who: Account) => (await app.inject({ method: 'GET', url: `/activities/ledger?teamId=${team.id}`, headers: bearer(who.accessToken) })).json().data
  for (const [who, label] of [[owner, 'owner'], [teammate, 'admin']] as const) {
    const lines = await ledgerAs(who)
    t.same(lines.map((l: any) => ({ ...l, activityId: undefined })), [{
      activityId: undefined, userId: runner.userId, displayName: 'Walker', type: null, startedAt: null, localDay: lines[0].localDay, source: null, rawMeters: null, creditedMeters: 10_000, reason: null, detailsHidden: true
    }], `the ${label} sees credited metres only`)
  }
  t.match(await ledgerAs(runner), [{ type: 'run', source: 'strava', rawMeters: 10_000, detailsHidden: false }], 'the runner sees everything')
  const progress = (await app.inject({ method: 'GET', url: `/teams/${team.id}/progress`, headers: bearer(owner.accessToken) })).json().data
  t.equal(progress.lastActivity, null, 'not the team\'s "last activity"')
  t.match(progress.members.find((m: any) => m.userId === runner.userId), { distanceMeters: 10_000 }, 'but its metres move the team')
  const listed = (await app.inject({ method: 'GET', url: `/activities?teamId=${team.id}`, headers: bearer(owner.accessToken) })).json().data
  t.same(listed, [], 'others never list it')
  const everything = JSON.stringify([await ledgerAs(owner), progress, await integrationsOf(app, owner)])
  t.notOk(everything.includes('Secret route') || everything.includes(String(run.id)), 'no Strava detail reaches a teammate')
})

t.test('the hourly round pulls what webhooks missed, within the per-application limit shared by every instance', async (t) => {
  const { account, athleteId, connectionId } = await athleteAccount()
  stravaActivity(athleteId, { sport_type: 'Walk', distance: 2000, moving_time: 1400, elapsed_time: 1500 })
  await app.db.updateTable('integration_connections').set({ last_success_at: new Date(Date.now() - 3 * 3_600_000) }).where('id', '=', connectionId).execute()
  await sync(app, connectionId)
  t.match(await stravaRows(account.userId), [{ type: 'walk', distance_m: 2000 }], 'found by listing the athlete\'s activities')
  const list = mock.requests.filter(r => r.route === 'GET /api/v3/athlete/activities').at(-1)!
  t.ok(Number(list.query.get('after')) > 0, 'incremental: after the last sync\'s day')

  // Strava says the application has one request left in this 15-minute window.
  mock.strava.usage15 = mock.strava.limit15 - 1
  const second = await athleteAccount() // its first sync spends the last request
  t.ok(second)
  const usage = await app.db.selectFrom('provider_rate_budgets').selectAll().where('bucket', '=', 'strava:15min').executeTakeFirstOrThrow()
  t.equal(usage.used, mock.strava.limit15, 'the shared count follows X-RateLimit-Usage')
  t.equal(usage.max, 100, 'and the limit X-RateLimit-Limit')

  // Another instance of the service (same database) is held back by the same budget.
  const otherInstance = await build(t, environment, providerSettings(mock))
  const sent = mock.requests.filter(r => r.route.startsWith('GET /api/v3/')).length
  t.same(await sync(otherInstance, connectionId), { rate_limited: 1 })
  t.equal(mock.requests.filter(r => r.route.startsWith('GET /api/v3/')).length, sent, 'no request sent over the limit')
  const health = (await integrationsOf(app, account)).strava.health
  t.equal(health.status, 'rate_limited')
  const nextWindow = Math.ceil(Date.now() / 900_000) * 900_000
  t.equal(Date.parse(health.nextSyncAfter), nextWindow, 'waits for the next quarter-hour window')

  // A 429 from Strava (another application's worth of traffic, say) blocks the bucket too.
  await app.db.deleteFrom('provider_rate_budgets').execute()
  mock.strava.usage15 = 0
  mock.inject('GET /api/v3/athlete/activities', { status: 429, headers: { 'x-ratelimit-limit': '100,1000', 'x-ratelimit-usage': '100,400', 'retry-after': '60' } })
  await app.db.updateTable('integration_connections').set({ next_sync_after: null }).where('id', '=', connectionId).execute()
  t.same(await sync(app, connectionId), { rate_limited: 1 })
  const blocked = await app.db.selectFrom('provider_rate_budgets').selectAll().where('bucket', '=', 'strava:15min').executeTakeFirstOrThrow()
  t.ok(blocked.blocked_until!.getTime() > Date.now() + 50_000, 'blocked for Retry-After')
  t.same(await sync(otherInstance, second.connectionId), { rate_limited: 1 }, 'for every connection and instance')
})
