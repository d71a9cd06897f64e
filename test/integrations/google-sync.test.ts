import t from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register, type Account } from '../helpers/api.ts'
import { createTeam } from '../helpers/teams.ts'
import { startMockProviders } from '../helpers/mock-providers.ts'
import { connect, GOOGLE_WEBHOOK_TOKEN, integrationsOf, providerSettings, sync, utcDay } from '../helpers/integrations.ts'
import type { App } from '../../src/app/app.ts'

const environment = await testEnvironment(t)
const mock = await startMockProviders(t)
const app = await build(t, environment, providerSettings(mock))

async function ledger (app: App, account: Account, teamId: string) {
  const res = await app.inject({ method: 'GET', url: `/activities/ledger?teamId=${teamId}`, headers: bearer(account.accessToken) })
  return res.json().data as Array<{ source: string, rawMeters: number, creditedMeters: number, reason: string | null, localDay: string }>
}
const credited = (lines: Array<{ creditedMeters: number }>) => lines.reduce((sum, l) => sum + l.creditedMeters, 0)

/** A walker (stride 1 m, UTC) in a team around today, connected to Google Health as `sub`. */
async function walker (sub: string) {
  const account = await register(app, { strideLengthMeters: 1, timezone: 'UTC' })
  const team = await createTeam(app, account, { startDate: utcDay(-20), endDate: utcDay(20), timezone: 'UTC' })
  const connectionId = await connect(app, mock, account, 'google', sub)
  return { account, team, connectionId }
}

async function pushPhoneTotal (account: Account, day: string, steps: number, source = 'healthkit') {
  const res = await app.inject({
    method: 'POST',
    url: '/activities/sync',
    headers: bearer(account.accessToken),
    payload: { items: [{ type: 'steps', steps, startedAt: `${day}T06:00:00Z`, timezone: 'UTC', source, dailyTotal: true }] }
  })
  if (res.statusCode !== 200) throw new Error(res.body)
  return res.json().data
}

t.test('connect → sync → credits in the ledger with their source; a re-run changes nothing', async (t) => {
  const { account, team, connectionId } = await walker('g-basic')
  mock.google.steps.set('g-basic', new Map([[utcDay(-2), 4000], [utcDay(-1), 6000], [utcDay(0), 1500]]))
  t.same(await sync(app, connectionId), { synced: 1 })
  const rollUps = mock.requests.filter(r => r.route.endsWith(':dailyRollUp'))
  const body = JSON.parse(rollUps.at(-1)!.body)
  t.same(body.range.start.date, { year: Number(utcDay(-7).slice(0, 4)), month: Number(utcDay(-7).slice(5, 7)), day: Number(utcDay(-7).slice(8)) }, 'a civil-time range from the back-fill window')
  t.equal(body.windowSizeDays, 1)
  let lines = await ledger(app, account, team.id)
  t.same(lines.map(l => [l.localDay, l.source, l.creditedMeters]), [[utcDay(-2), 'google_health', 4000], [utcDay(-1), 'google_health', 6000], [utcDay(0), 'google_health', 1500]])
  const ids = (await app.db.selectFrom('activities').select(['id', 'steps']).where('user_id', '=', account.userId).orderBy('local_day').execute())

  // The same figures again: nothing changes.
  await app.db.updateTable('integration_connections').set({ last_success_at: null }).where('id', '=', connectionId).execute()
  t.same(await sync(app, connectionId), { synced: 1 })
  t.same(await app.db.selectFrom('activities').select(['id', 'steps']).where('user_id', '=', account.userId).orderBy('local_day').execute(), ids, 'same rows, same figures')

  // Google recomputed today (more steps): replaced, and credited again.
  mock.google.steps.get('g-basic')!.set(utcDay(0), 9000)
  await sync(app, connectionId)
  lines = await ledger(app, account, team.id)
  t.equal(lines.find(l => l.localDay === utcDay(0))!.creditedMeters, 9000, 'replace: the provider\'s latest figure for the day')
  const list = await integrationsOf(app, account)
  t.match(list.google.health, { status: 'ok', lastError: null, hoursSinceSuccess: 0 })
  t.ok(Date.now() - Date.parse(list.google.health.lastSuccessAt) < 60_000)
})

t.test('the phone\'s total and Google\'s for the same day are not added together', async (t) => {
  const { account, team, connectionId } = await walker('g-merge')
  const day = utcDay(-1)
  mock.google.steps.set('g-merge', new Map([[day, 10_000]]))
  await sync(app, connectionId)
  const phone = await pushPhoneTotal(account, day, 8000)
  t.match(phone, { created: 1, updated: 0 })
  let lines = await ledger(app, account, team.id)
  t.equal(credited(lines), 10_000, 'one source counts: the higher total by default')
  t.match(lines.find(l => l.source === 'healthkit'), { rawMeters: 8000, creditedMeters: 0, reason: 'superseded_by_source' })

  // The phone's total grows past Google's: the phone counts now, Google's is superseded.
  t.match(await pushPhoneTotal(account, day, 12_000), { updated: 1 })
  // A late retry of an older, lower figure never lowers it (GREATEST).
  t.match(await pushPhoneTotal(account, day, 9000), { duplicates: 1 })
  lines = await ledger(app, account, team.id)
  t.equal(credited(lines), 12_000)
  t.match(lines.find(l => l.source === 'google_health'), { creditedMeters: 0, reason: 'superseded_by_source' })

  // A source priority: Google first. The day is credited again at once.
  const set = await app.inject({ method: 'PUT', url: '/integrations/source-priority', headers: bearer(account.accessToken), payload: { sources: ['google_health', 'healthkit'] } })
  t.equal(set.statusCode, 200, set.body)
  lines = await ledger(app, account, team.id)
  t.equal(credited(lines), 10_000, 'the preferred source counts even though it is lower')
  t.match(lines.find(l => l.source === 'healthkit'), { creditedMeters: 0, reason: 'superseded_by_source' })
  const events = await app.db.selectFrom('outbox').select('payload').where('type', '=', 'activity.recredited').execute()
  t.ok(events.some(e => (e.payload as any).userId === account.userId), 'the change reaches team progress')
  const got = await app.inject({ method: 'GET', url: '/integrations/source-priority', headers: bearer(account.accessToken) })
  t.same(got.json().data.sources, ['google_health', 'healthkit'])
})

t.test('a whole-day total is topped up over the day\'s walks and runs, not added to them', async (t) => {
  const { account, team, connectionId } = await walker('g-topup')
  const day = utcDay(-1)
  mock.google.steps.set('g-topup', new Map([[day, 8000]]))
  // A manual 3 km walk and an app-logged 20 km ride the same day.
  for (const body of [
    { type: 'walk', distanceMeters: 3000, durationSeconds: 2400, startedAt: `${day}T09:00:00Z`, timezone: 'UTC' },
    { type: 'cycle', distanceMeters: 20_000, durationSeconds: 3600, startedAt: `${day}T14:00:00Z`, timezone: 'UTC', source: 'app' }
  ]) {
    const res = await app.inject({ method: 'POST', url: '/activities', headers: bearer(account.accessToken), payload: body })
    t.equal(res.statusCode, 201, res.body)
  }
  await sync(app, connectionId)
  let lines = await ledger(app, account, team.id)
  t.match(lines.find(l => l.source === 'google_health'), { rawMeters: 8000, creditedMeters: 5000, reason: 'covered_by_activities' })
  t.equal(credited(lines), 28_000, 'on foot: the greater of the total (8 km) and the walks (3 km); plus the ride')

  // A long walk logged later covers the whole total: the day is recomputed.
  await app.inject({ method: 'POST', url: '/activities', headers: bearer(account.accessToken), payload: { type: 'walk', distanceMeters: 6000, durationSeconds: 4000, startedAt: `${day}T17:00:00Z`, timezone: 'UTC' } })
  lines = await ledger(app, account, team.id)
  t.match(lines.find(l => l.source === 'google_health'), { creditedMeters: 0, reason: 'covered_by_activities' })
  t.equal(credited(lines), 29_000, '9 km of walks beat the 8 km total; plus the ride')
})

t.test('429 with Retry-After backs off and records it; 5xx backs off exponentially; malformed and oversized answers are refused', async (t) => {
  const { account, connectionId } = await walker('g-faults')
  mock.google.steps.set('g-faults', new Map([[utcDay(0), 3000]]))
  const route = 'POST /v4/users/me/dataTypes/steps/dataPoints:dailyRollUp'

  mock.inject(route, { status: 429, headers: { 'retry-after': '120' } })
  t.same(await sync(app, connectionId), { rate_limited: 1 })
  let health = (await integrationsOf(app, account)).google.health
  t.equal(health.status, 'rate_limited')
  const wait = Date.parse(health.nextSyncAfter) - Date.now()
  t.ok(wait > 100_000 && wait <= 120_000, `waits for Retry-After (${wait} ms)`)
  // The user's bucket is blocked: no request goes out until then, even when asked directly.
  const sent = mock.requests.filter(r => r.route === route).length
  t.same(await sync(app, connectionId), { rate_limited: 1 })
  t.equal(mock.requests.filter(r => r.route === route).length, sent, 'nothing sent while blocked')
  // The hourly round leaves it alone (it is not due).
  const attempted = async () => (await app.db.selectFrom('integration_connections').select('last_attempt_at').where('id', '=', connectionId).executeTakeFirstOrThrow()).last_attempt_at
  const before = await attempted()
  await sync(app)
  t.same(await attempted(), before, 'the round did not try it')
  await app.db.deleteFrom('provider_rate_budgets').where('bucket', '=', `google:${connectionId}`).execute()
  await app.db.updateTable('integration_connections').set({ next_sync_after: null }).where('id', '=', connectionId).execute()

  mock.inject(route, { status: 500 }, { status: 503 })
  t.same(await sync(app, connectionId), { failed: 1 })
  let row = await app.db.selectFrom('integration_connections').selectAll().where('id', '=', connectionId).executeTakeFirstOrThrow()
  const first = row.next_sync_after!.getTime() - Date.now()
  t.ok(first > 50_000 && first <= 60_000, `1 min after one failure (${first})`)
  t.same(await sync(app, connectionId), { failed: 1 })
  row = await app.db.selectFrom('integration_connections').selectAll().where('id', '=', connectionId).executeTakeFirstOrThrow()
  const second = row.next_sync_after!.getTime() - Date.now()
  t.ok(second > 110_000 && second <= 120_000, `2 min after two (${second})`)
  t.equal(row.consecutive_failures, 2)
  health = (await integrationsOf(app, account)).google.health
  t.match(health, { status: 'error', lastError: /HTTP 503/ })

  mock.inject(route, { status: 200, body: '{"rollupDataPoints": [' })
  t.same(await sync(app, connectionId), { failed: 1 })
  t.match((await integrationsOf(app, account)).google.health.lastError, /not JSON/)
  mock.inject(route, { status: 200, body: JSON.stringify({ rollupDataPoints: [{ civilStartTime: { date: { year: 2026, month: 13, day: 1 } }, steps: { countSum: '-5' } }] }) })
  t.same(await sync(app, connectionId), { failed: 1 })
  t.match((await integrationsOf(app, account)).google.health.lastError, /unexpected response/)
  mock.inject(route, { status: 200, bytes: 2_000_000 })
  t.same(await sync(app, connectionId), { failed: 1 })
  t.match((await integrationsOf(app, account)).google.health.lastError, /cap/)
  t.equal((await app.db.selectFrom('activities').select('id').where('user_id', '=', account.userId).execute()).length, 0, 'nothing stored from a bad answer')

  // An access token Google stops taking mid-life: refreshed once, then the call succeeds.
  mock.expireAccessTokens()
  t.same(await sync(app, connectionId), { synced: 1 })
  t.equal((await app.db.selectFrom('activities').select('steps').where('user_id', '=', account.userId).execute())[0]?.steps, 3000)
  t.equal((await integrationsOf(app, account)).google.health.status, 'ok', 'healthy again after a success')
})

t.test('a shared per-user budget: 300 requests a minute by default, enforced across calls', async (t) => {
  const tight = await build(t, environment, providerSettings(mock, { GOOGLE_REQUESTS_PER_MINUTE_PER_USER: '1', FITNESS_BACKFILL_DAYS: '3' }))
  const account = await register(tight, { timezone: 'UTC' })
  const connectionId = await connect(tight, mock, account, 'google', 'g-budget')
  t.same(await sync(tight, connectionId), { synced: 1 })
  const sent = mock.requests.filter(r => r.route.endsWith(':dailyRollUp')).length
  t.same(await sync(tight, connectionId), { rate_limited: 1 }, 'a second call within the minute waits')
  t.equal(mock.requests.filter(r => r.route.endsWith(':dailyRollUp')).length, sent)
})

t.test('quiet connections: a notice after 30 h, at risk after 36 h, once per quiet spell', async (t) => {
  const { account, connectionId } = await walker('g-quiet')
  await sync(app, connectionId)
  // Quiet for 31 h, and backing off after an error: the round does not pull it, but tells the user.
  await app.db.updateTable('integration_connections').set({
    last_success_at: new Date(Date.now() - 31 * 3_600_000), last_error: 'HTTP 500', last_error_at: new Date(), next_sync_after: new Date(Date.now() + 3_600_000)
  }).where('id', '=', connectionId).execute()
  const round = await sync(app)
  t.ok(round.notified! >= 1, JSON.stringify(round))
  const notices = () => app.db.selectFrom('outbox').select('payload').where('type', '=', 'integration.sync_stale').execute()
    .then(rows => rows.filter(r => (r.payload as any).connectionId === connectionId))
  t.equal((await notices()).length, 1)
  t.match((await notices())[0]!.payload, { userId: account.userId, provider: 'google', hours: 31 })
  t.match((await integrationsOf(app, account)).google.health, { status: 'error', hoursSinceSuccess: 31 })

  await app.db.updateTable('integration_connections').set({ last_success_at: new Date(Date.now() - 37 * 3_600_000), next_sync_after: new Date(Date.now() + 3_600_000) }).where('id', '=', connectionId).execute()
  await sync(app)
  t.equal((await notices()).length, 1, 'told once')
  const health = (await integrationsOf(app, account)).google.health
  t.equal(health.status, 'at_risk')
  t.match(health.warning, /36 h/)
})

t.test('Google\'s webhook: our shared token or 403; a notification starts one pull of that user', async (t) => {
  const { account, connectionId } = await walker('g-hook')
  mock.google.steps.set('g-hook', new Map([[utcDay(0), 2500]]))
  const notify = (authorization: string | undefined, body: Record<string, unknown>) => app.inject({
    method: 'POST', url: '/integrations/google/webhook', payload: body, headers: authorization === undefined ? {} : { authorization }
  })
  const body = { userId: 'g-hook', dataType: 'steps', notificationId: 'n-1' }
  t.equal((await notify(undefined, body)).statusCode, 403)
  t.equal((await notify('Bearer wrong-token-of-someone', body)).statusCode, 403)
  const first = await notify(`Bearer ${GOOGLE_WEBHOOK_TOKEN}`, body)
  t.equal(first.statusCode, 200, first.body)
  t.same(first.json().data, { accepted: true })
  t.same((await notify(`Bearer ${GOOGLE_WEBHOOK_TOKEN}`, body)).json().data, { accepted: false }, 'a re-delivery is recognised')
  t.same((await notify(`Bearer ${GOOGLE_WEBHOOK_TOKEN}`, { ...body, userId: 'nobody', notificationId: 'n-2' })).json().data, { accepted: false })
  t.equal((await notify(`Bearer ${GOOGLE_WEBHOOK_TOKEN}`, { dataType: 'steps' })).statusCode, 400)
  const events = await app.db.selectFrom('outbox').select('payload').where('type', '=', 'integration.webhook_received').execute()
  t.equal(events.filter(e => (e.payload as any).connectionId === connectionId).length, 1, 'one sync job')
  t.same(await sync(app, connectionId), { synced: 1 })
  t.equal((await app.db.selectFrom('activities').select('steps').where('user_id', '=', account.userId).executeTakeFirst())?.steps, 2500)
})
