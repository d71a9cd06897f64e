import { generateKeyPairSync, sign } from 'node:crypto'
import t from 'tap'
import { sql } from 'kysely'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register, type Account } from '../helpers/api.ts'
import { sentMail } from '../helpers/mail.ts'
import { startMockProviders } from '../helpers/mock-providers.ts'
import { connect, GOOGLE_WEBHOOK_TOKEN, providerSettings, STRAVA_SUBSCRIPTION_ID, sync } from '../helpers/integrations.ts'
import { runJob, type JobDeps } from '../../src/workers/handlers.ts'
import { jobsForEvent } from '../../src/workers/event-jobs.ts'
import { claimStaleNotice } from '../../src/routes/integrations/repository.ts'
import { recordingBroadcaster } from '../helpers/user-pushes.ts'

// A tracker that stops feeding the team reaches its owner through the
// notification centre: in-app row, real-time push and email, once.

const environment = await testEnvironment(t)
const ses = environment.emulators.sesEndpoint
const mock = await startMockProviders(t)
const signing = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
const app = await build(t, environment, providerSettings(mock, {
  EMAIL_LINK_BASE_URL: 'http://teamtrek.test',
  GOOGLE_WEBHOOK_PUBLIC_KEY: signing.publicKey.export({ type: 'spki', format: 'pem' }).toString()
}))

const { broadcaster, pushes } = recordingBroadcaster()
const deps: JobDeps = { ...app.jobDeps, broadcaster }
const HOUR = 3_600_000

/**
 * Run what the relay would start for every event of `type` about this
 * connection (event-jobs decides), the notification jobs twice over: a
 * re-delivered job must not tell anyone twice.
 */
async function relay (type: string, connectionId: string): Promise<number> {
  const rows = await app.db.selectFrom('outbox').select(['id', 'type', 'team_id', 'payload']).where('type', '=', type).orderBy('created_at').execute()
  const mine = rows.filter(r => (r.payload as { connectionId?: string }).connectionId === connectionId)
  for (const row of mine) {
    for (const job of jobsForEvent(row)) {
      if (job.name !== 'send-notifications') continue
      await runJob(job.name, job.payload, deps)
      await runJob(job.name, job.payload, deps)
    }
  }
  return mine.length
}

async function inbox (account: Account) {
  const res = await app.inject({ method: 'GET', url: '/notifications', headers: bearer(account.accessToken) })
  if (res.statusCode !== 200) throw new Error(`inbox: ${res.statusCode} ${res.body}`)
  return res.json().data as Array<{ type: string, title: string, body: string, data: Record<string, unknown>, teamId: string | null }>
}

const deauthorize = (athleteId: number) => app.inject({
  method: 'POST',
  url: '/integrations/strava/webhook',
  payload: { aspect_type: 'update', event_time: Math.floor(Date.now() / 1000), object_id: athleteId, object_type: 'athlete', owner_id: athleteId, subscription_id: STRAVA_SUBSCRIPTION_ID, updates: { authorized: 'false' } }
})

t.test('a Strava deauthorization disconnects and tells that user once: in-app, pushed, and by email', async (t) => {
  const ada = await register(app, { displayName: 'Ada <script>', timezone: 'Europe/London' })
  const bob = await register(app)
  const adaConnection = await connect(app, mock, ada, 'strava', 8101)
  const bobConnection = await connect(app, mock, bob, 'strava', 8102)
  await sync(app, adaConnection)
  await sync(app, bobConnection)

  mock.strava.deauthorized.add(8101)
  t.equal((await deauthorize(8101)).statusCode, 200)
  // Strava retries deliveries; the same one again changes nothing.
  await deauthorize(8101)
  t.same(await sync(app, adaConnection), { disconnected: 1 })
  t.equal(await relay('integration.disconnected', adaConnection), 1, 'one ending, one event')

  const notices = (await inbox(ada)).filter(n => n.type === 'integration_disconnected')
  t.equal(notices.length, 1, 'one in-app notification for two job runs')
  t.match(notices[0], { title: 'Strava is disconnected', teamId: null, data: { provider: 'strava', reason: 'deauthorized_at_provider', importedActivities: 'deleted' } })
  t.match(notices[0]!.body, /removed in your Strava settings.*Reconnect Strava/)
  t.same(pushes.filter(p => p.userId === ada.userId).map(p => [p.type, p.data.type]), [['notification', 'integration_disconnected']], 'pushed once to Ada')

  const mails = await sentMail(ses, ada.email)
  t.equal(mails.length, 1, 'one email')
  t.equal(mails[0]!.subject, 'Strava is disconnected from TeamTrek')
  t.match(mails[0]!.body.text, 'Reconnect Strava: http://teamtrek.test/integrations')
  t.match(mails[0]!.body.text, 'were removed, as Strava\'s terms require')
  t.match(mails[0]!.body.html, 'Hello Ada &lt;script&gt;,', 'escaped in HTML')
  t.notMatch(mails[0]!.body.html, '<script>')

  t.same(await inbox(bob), [], 'the other athlete is told nothing')
  t.equal((await sentMail(ses, bob.email)).length, 0)
  t.equal(pushes.filter(p => p.userId === bob.userId).length, 0)
})

t.test('a refused refresh token (revoked at Google) disconnects and notifies; email follows the preference', async (t) => {
  const cleo = await register(app, { timezone: 'UTC' })
  const set = await app.inject({ method: 'PATCH', url: '/users/me/notification-preferences', headers: bearer(cleo.accessToken), payload: { types: { integration_disconnected: { email: false } } } })
  t.equal(set.statusCode, 200, set.body)
  const connectionId = await connect(app, mock, cleo, 'google', 'g-revoked')
  await sync(app, connectionId)

  mock.revokeGoogleSubject('g-revoked')
  mock.expireAccessTokens()
  await app.db.updateTable('integration_connections').set({ token_expires_at: new Date(0) }).where('id', '=', connectionId).execute()
  t.same(await sync(app, connectionId), { disconnected: 1 })
  const row = await app.db.selectFrom('integration_connections').select(['status', 'disconnect_reason', 'refresh_token_enc']).where('id', '=', connectionId).executeTakeFirstOrThrow()
  t.same(row, { status: 'disconnected', disconnect_reason: 'access_revoked', refresh_token_enc: null })
  await relay('integration.disconnected', connectionId)

  const notices = (await inbox(cleo)).filter(n => n.type === 'integration_disconnected')
  t.equal(notices.length, 1)
  t.match(notices[0], { title: 'Google Health is disconnected', data: { reason: 'access_revoked', importedActivities: 'kept' } })
  t.equal((await sentMail(ses, cleo.email)).length, 0, 'no email: she turned it off')
})

t.test('a refresh token Strava no longer takes (access removed without a webhook reaching us): the same notice', async (t) => {
  const kim = await register(app)
  const connectionId = await connect(app, mock, kim, 'strava', 8301)
  await sync(app, connectionId)
  // Removed on Strava's side; its deauthorization event was lost. The next sync finds out.
  mock.strava.deauthorized.add(8301)
  await app.db.updateTable('integration_connections').set({ token_expires_at: new Date(0) }).where('id', '=', connectionId).execute()
  t.same(await sync(app, connectionId), { disconnected: 1 })
  await relay('integration.disconnected', connectionId)
  const notices = (await inbox(kim)).filter(n => n.type === 'integration_disconnected')
  t.match(notices, [{ title: 'Strava is disconnected', data: { reason: 'access_revoked', importedActivities: 'deleted' } }])
  t.match(notices[0]!.body, /no longer accepts TeamTrek's access/)
  t.equal((await sentMail(ses, kim.email)).length, 1)
})

t.test('disconnecting here yourself is not notified: the answer already says what happened', async (t) => {
  const dan = await register(app)
  const connectionId = await connect(app, mock, dan, 'google', 'g-self')
  const res = await app.inject({ method: 'DELETE', url: '/integrations/google', headers: bearer(dan.accessToken) })
  t.equal(res.statusCode, 200, res.body)
  t.equal(await relay('integration.disconnected', connectionId), 1, 'the ending is still an event')
  t.same(await inbox(dan), [])
  t.equal((await sentMail(ses, dan.email)).length, 0)
})

t.test('a provider account connected to another user: the earlier owner is told', async (t) => {
  const erin = await register(app)
  const fred = await register(app)
  const erinConnection = await connect(app, mock, erin, 'strava', 8201)
  await connect(app, mock, fred, 'strava', 8201)
  await relay('integration.disconnected', erinConnection)
  t.match((await inbox(erin)).filter(n => n.type === 'integration_disconnected'), [{ data: { reason: 'linked_to_another_account' } }])
  t.same(await inbox(fred), [])
})

t.test('30 h without a sync: one notice per quiet spell, not one per hourly round', async (t) => {
  const gus = await register(app, { timezone: 'UTC' })
  const connectionId = await connect(app, mock, gus, 'google', 'g-stale')
  await sync(app, connectionId)
  // The clock moves on by `hours` for this connection: every time it keeps moves back (and it is due again).
  const timePasses = (hours: number) => app.db.updateTable('integration_connections').set({
    last_success_at: sql`last_success_at - make_interval(hours => ${hours})`,
    stale_notified_at: sql`stale_notified_at - make_interval(hours => ${hours})`,
    connected_at: sql`connected_at - make_interval(hours => ${hours})`,
    next_sync_after: null
  }).where('id', '=', connectionId).execute()
  const staleNotices = async () => (await inbox(gus)).filter(n => n.type === 'sync_stale')
  // Google fails for this user from now on: every round tries, none succeeds.
  mock.google.failing.add('g-stale')

  // 29 h: not yet.
  await timePasses(29)
  await sync(app)
  await relay('integration.sync_stale', connectionId)
  t.equal((await staleNotices()).length, 0, 'nothing before 30 h')

  // 31 h: told once, though two instances run the hourly round at the same moment.
  await timePasses(2)
  const both = await Promise.all([sync(app), sync(app)])
  t.equal(both.reduce((n, r) => n + (r.notified ?? 0), 0), 1, JSON.stringify(both))
  await relay('integration.sync_stale', connectionId)
  let notices = await staleNotices()
  t.equal(notices.length, 1)
  t.match(notices[0], { title: 'No new data from Google Health for 31 h', data: { provider: 'google', hours: 31, atRiskHours: 36 } })
  t.match(notices[0]!.body, /Open the Google Health app.*After 36 h without a sync, steps can be lost/)
  const mails = await sentMail(ses, gus.email)
  t.equal(mails.length, 1)
  t.equal(mails[0]!.subject, 'No new data from Google Health for 31 hours')
  t.match(mails[0]!.body.text, 'Check your connections: http://teamtrek.test/integrations')

  // The next hourly rounds, still failing (two instances at once, then the hour after): no repeat.
  await app.db.updateTable('integration_connections').set({ next_sync_after: null }).where('id', '=', connectionId).execute()
  const rounds = await Promise.all([sync(app), sync(app)])
  t.equal(rounds.reduce((n, r) => n + (r.notified ?? 0), 0), 0, JSON.stringify(rounds))
  await timePasses(1)
  t.match(await sync(app), { notified: 0 })
  t.equal(await relay('integration.sync_stale', connectionId), 1, 'still one event')
  t.equal((await staleNotices()).length, 1, 'still one notice')
  t.match((await app.db.selectFrom('integration_connections').select('last_error').where('id', '=', connectionId).executeTakeFirstOrThrow()).last_error, /500/, 'the rounds did try it')

  // Data comes back: the quiet spell is over.
  mock.google.failing.delete('g-stale')
  await app.db.updateTable('integration_connections').set({ next_sync_after: null }).where('id', '=', connectionId).execute()
  mock.google.steps.set('g-stale', new Map([[new Date().toISOString().slice(0, 10), 1200]]))
  t.same(await sync(app, connectionId), { synced: 1 })
  await sync(app)
  t.equal((await staleNotices()).length, 1, 'no notice while data flows')

  // …and it goes quiet again: a new notice.
  mock.google.failing.add('g-stale')
  await timePasses(33)
  t.match(await sync(app), { notified: 1 })
  t.equal(await relay('integration.sync_stale', connectionId), 2)
  notices = await staleNotices()
  t.equal(notices.length, 2)
  t.match(notices[0], { title: 'No new data from Google Health for 33 h' }, 'newest first')
  t.equal((await sentMail(ses, gus.email)).length, 2)
  mock.google.failing.delete('g-stale')
})

t.test('claiming a quiet spell\'s notice: two claims at once, one wins (the row lock re-checks the condition)', async (t) => {
  const ivy = await register(app)
  const connectionId = await connect(app, mock, ivy, 'google', 'g-claim')
  await app.db.updateTable('integration_connections').set({ last_success_at: new Date(Date.now() - 31 * HOUR) }).where('id', '=', connectionId).execute()
  const claims = await Promise.all(Array.from({ length: 4 }, () => app.db.transaction().execute(tx => claimStaleNotice(tx, connectionId, new Date()))))
  t.equal(claims.filter(Boolean).length, 1, JSON.stringify(claims))
  t.equal(await claimStaleNotice(app.db, connectionId, new Date()), false, 'told already')
})

t.test('Google\'s endpoint check and signed notifications', async (t) => {
  const hal = await register(app, { timezone: 'UTC' })
  const connectionId = await connect(app, mock, hal, 'google', 'g-signed')
  const post = (body: string, headers: Record<string, string>) => app.inject({
    method: 'POST', url: '/integrations/google/webhook', payload: body, headers: { 'content-type': 'application/json', ...headers }
  })
  const check = JSON.stringify({ type: 'verification' })
  // As Google verifies a subscriber: with our secret verbatim → 201; without → 401/403.
  const withSecret = await post(check, { authorization: GOOGLE_WEBHOOK_TOKEN })
  t.equal(withSecret.statusCode, 201, withSecret.body)
  t.equal((await post(check, {})).statusCode, 403)
  t.equal((await post(check, { authorization: 'Bearer not-the-secret-at-all' })).statusCode, 403)

  // A notification signed by Google's key (ECDSA P-256 over the bytes sent), without Authorization.
  const body = JSON.stringify({ userId: 'g-signed', dataType: 'steps', notificationId: 'sig-1' })
  const der = sign('sha256', Buffer.from(body), signing.privateKey).toString('base64')
  const raw = sign('sha256', Buffer.from(body), { key: signing.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')
  const first = await post(body, { 'x-healthapi-signature': der })
  t.equal(first.statusCode, 200, first.body)
  t.same(first.json().data, { accepted: true })
  t.same((await post(body, { 'x-healthapi-signature': raw })).json().data, { accepted: false }, 'a re-delivery (raw r‖s signature) is recognised')
  // The same signature over other bytes: refused.
  const tampered = body.replace('g-signed', 'g-stale')
  t.equal((await post(tampered, { 'x-healthapi-signature': der })).statusCode, 403)
  const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  t.equal((await post(body, { 'x-healthapi-signature': sign('sha256', Buffer.from(body), other.privateKey).toString('base64') })).statusCode, 403, 'another key')
  t.equal((await post(body, { 'x-healthapi-signature': 'bm90IGEgc2lnbmF0dXJl' })).statusCode, 403)
  t.equal((await post('{"userId":', { authorization: GOOGLE_WEBHOOK_TOKEN })).statusCode, 400, 'malformed JSON is still a 400')

  const events = await app.db.selectFrom('outbox').select(['id', 'type', 'team_id', 'payload']).where('type', '=', 'integration.webhook_received').execute()
  const mine = events.filter(e => (e.payload as { connectionId: string }).connectionId === connectionId)
  t.equal(mine.length, 1, 'one delivery stored')
  t.same(jobsForEvent(mine[0]!).map(j => [j.name, j.payload]), [['sync-fitness-data', { connectionId }]], 'it starts a sync of that connection')
})
