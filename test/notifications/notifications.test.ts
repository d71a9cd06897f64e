import { Writable } from 'node:stream'
import t from 'tap'
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs'
import { SESv2Client } from '@aws-sdk/client-sesv2'
import { testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register, uniqueEmail, type Account } from '../helpers/api.ts'
import { createTeam, joinWithCode } from '../helpers/teams.ts'
import { addRoute, dayFromToday, logRide } from '../helpers/progress.ts'
import { header, linkIn, sentMail } from '../helpers/mail.ts'
import { loadConfig } from '../../src/lib/config.ts'
import { buildApp, loggerOptions } from '../../src/app/app.ts'
import { recordEvent } from '../../src/db/outbox.ts'
import { runJob, type JobDeps } from '../../src/workers/handlers.ts'
import { createSesSender } from '../../src/plugins/email.ts'
import type { Broadcaster } from '../../src/realtime/port.ts'
import { recordingBroadcaster } from '../helpers/user-pushes.ts'

const environment = await testEnvironment(t)
const ses = environment.emulators.sesEndpoint
// Every log line, to show the invitation token never reaches one.
const lines: string[] = []
const stream = new Writable({ write (chunk, _enc, done) { lines.push(String(chunk)); done() } })
const config = loadConfig({ ...environment.env, LOG_LEVEL: 'trace', EMAIL_LINK_BASE_URL: 'http://teamtrek.test' })
const app = await buildApp({ ...config, DATABASE_URL: environment.databaseUrl }, { logger: { ...(loggerOptions(config) as object), transport: undefined, stream } as never })
t.teardown(() => app.close())
await app.ready()

const { broadcaster, pushes } = recordingBroadcaster()
const deps: JobDeps = { ...app.jobDeps, broadcaster }
const at = (iso: string): JobDeps => ({ ...deps, now: () => new Date(iso) })

async function eventIds (type: string, teamId: string): Promise<string[]> {
  const rows = await app.db.selectFrom('outbox').select('id').where('type', '=', type).where('team_id', '=', teamId).orderBy('created_at').execute()
  return rows.map(r => r.id)
}

/** Two workers racing on a fresh event, then three more deliveries of it. */
async function deliverManyTimes (eventId: string, jobDeps: JobDeps = deps): Promise<void> {
  await Promise.all([runJob('send-notifications', { eventId }, jobDeps), runJob('send-notifications', { eventId }, { ...jobDeps })])
  for (let i = 0; i < 3; i++) await runJob('send-notifications', { eventId }, jobDeps)
}

async function inbox (account: Account, query = '') {
  const res = await app.inject({ method: 'GET', url: `/notifications${query}`, headers: bearer(account.accessToken) })
  return res
}

const relative = (url: string) => { const u = new URL(url); return `${u.pathname}${u.search}` }

const owner = await register(app, { displayName: 'Ada <b>', timezone: 'Europe/London' })
const team = await createTeam(app, owner, { name: 'Walkers & <Friends>', startDate: dayFromToday(-10), endDate: dayFromToday(60), timezone: 'UTC' })

t.test('an invitation email arrives once, with a join link that works and a one-click unsubscribe', async (t) => {
  const guestEmail = uniqueEmail('guest')
  const res = await app.inject({ method: 'POST', url: `/teams/${team.id}/invite`, headers: bearer(owner.accessToken), payload: { email: guestEmail } })
  t.equal(res.statusCode, 201)
  await app.outboxRelay.idle()
  const [eventId] = await eventIds('invitation.created', team.id)
  await deliverManyTimes(eventId!)

  const mails = await sentMail(ses, guestEmail)
  t.equal(mails.length, 1, 'one email for five deliveries, two of them racing')
  const mail = mails[0]!
  t.match(mail.subject, 'invited you to Walkers & <Friends>')
  t.match(mail.body.html, 'Walkers &amp; &lt;Friends&gt;', 'names are escaped in HTML')
  t.notMatch(mail.body.html, '<Friends>')
  t.match(mail.body.html, 'Ada &lt;b&gt;')
  t.match(mail.from, 'notifications@teamtrek.example')
  const unsubscribe = header(mail, 'List-Unsubscribe')
  t.match(unsubscribe, /^<http:\/\/teamtrek\.test\/unsubscribe\?token=[\w.-]+>$/, 'RFC 8058 List-Unsubscribe')
  t.equal(header(mail, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click')

  const joinLink = linkIn(mail, 'http://teamtrek.test/join?token=')
  const token = new URL(joinLink).searchParams.get('token')!
  t.ok(token.length >= 40, 'the link carries the token')

  t.test('the token is in no event, job, stored email or log line', async (t) => {
    const outbox = await app.db.selectFrom('outbox').select('payload').execute()
    t.notMatch(JSON.stringify(outbox), token, 'no outbox payload')
    const emails = await app.db.selectFrom('email_deliveries').selectAll().execute()
    t.notMatch(JSON.stringify(emails), token, 'no stored email')
    t.ok(lines.some(line => line.includes('/invite')), `${lines.length} log lines captured, the invitation request among them`)
    t.notOk(lines.some(line => line.includes(token)), 'no log line')
    if (app.jobQueue.driver !== 'sqs') throw new Error('these tests run on the SQS emulator')
    const queued = await (await app.aws.sqs()).client.send(new ReceiveMessageCommand({ QueueUrl: app.jobQueue.queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }))
    t.ok((queued.Messages ?? []).length > 0, 'jobs were queued')
    t.notOk((queued.Messages ?? []).some(m => (m.Body ?? '').includes(token)), 'no queued job')
    t.ok((queued.Messages ?? []).some(m => (m.Body ?? '').includes(eventId!)), 'the send-notifications job carries the event id')
  })

  t.test('following the join link joins the team', async (t) => {
    const guest = await register(app, { email: guestEmail, displayName: 'Guest' })
    const joined = await app.inject({ method: 'POST', url: '/teams/join', headers: bearer(guest.accessToken), payload: { token } })
    t.equal(joined.statusCode, 201, joined.body)

    // member.joined → in-app to the owner (and admins), not to the newcomer, and no email by default.
    await app.outboxRelay.idle()
    const joinEvents = await eventIds('member.joined', team.id)
    await deliverManyTimes(joinEvents.at(-1)!)
    const ownerInbox = (await inbox(owner)).json().data as Array<{ type: string, title: string }>
    t.equal(ownerInbox.filter(n => n.type === 'member_joined').length, 1, 'the owner is told once')
    t.match(ownerInbox.find(n => n.type === 'member_joined')!.title, 'Guest joined')
    t.equal((await inbox(guest)).json().data.length, 0, 'the newcomer is not told about themselves')
    t.equal((await sentMail(ses, owner.email)).length, 0, 'member.joined sends no email unless asked')
  })

  t.test('the unsubscribe link asks, then its one-click POST unsubscribes without signing in', async (t) => {
    const url = relative(unsubscribe!.slice(1, -1))
    const page = await app.inject({ method: 'GET', url })
    t.equal(page.statusCode, 200)
    t.match(page.headers['content-type'], 'text/html')
    t.match(page.headers['content-security-policy'], "default-src 'none'")
    t.match(page.body, '<form method="post"')
    t.match(page.body, guestEmail)
    t.equal(await app.db.selectFrom('email_suppressions').selectAll().execute().then(r => r.length), 0, 'opening the page changes nothing')

    const done = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })
    t.equal(done.statusCode, 200, done.body)
    t.match(done.body, 'You are unsubscribed')
    const again = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })
    t.equal(again.statusCode, 200, 'unsubscribing twice is harmless')

    // Another team invites the same address: nothing is sent.
    const other = await register(app, { displayName: 'Other owner' })
    const otherTeam = await createTeam(app, other, { name: 'Other team' })
    await app.inject({ method: 'POST', url: `/teams/${otherTeam.id}/invite`, headers: bearer(other.accessToken), payload: { email: guestEmail } })
    await app.outboxRelay.idle()
    await deliverManyTimes((await eventIds('invitation.created', otherTeam.id))[0]!)
    t.equal((await sentMail(ses, guestEmail)).length, 1, 'no invitation email after unsubscribing')

    const forged = await app.inject({ method: 'GET', url: `/unsubscribe?token=${'a'.repeat(20)}.${'b'.repeat(43)}` })
    t.equal(forged.statusCode, 400)
    t.equal(errorCode(forged), 'INVALID_UNSUBSCRIBE_LINK')
    const tampered = await app.inject({ method: 'POST', url: url.replace(/token=./, 'token=Z'), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })
    t.equal(errorCode(tampered), 'INVALID_UNSUBSCRIBE_LINK')
  })
})

t.test('a waypoint and a milestone: in-app, a push and an email per member, once each', async (t) => {
  const captain = await register(app, { displayName: 'Captain', timezone: 'UTC' })
  const m1 = await register(app, { displayName: 'Mo', timezone: 'UTC', units: 'imperial' })
  const m2 = await register(app, { displayName: 'Noor', timezone: 'UTC' })
  const trek = await createTeam(app, captain, { name: 'England by bike', startDate: dayFromToday(-10), endDate: dayFromToday(60), timezone: 'UTC' })
  await joinWithCode(app, m1, trek.joinCode)
  await joinWithCode(app, m2, trek.joinCode)
  await addRoute(app, captain, trek.id)
  // Noor wants waypoints in the app only.
  const patched = await app.inject({ method: 'PATCH', url: '/users/me/notification-preferences', headers: bearer(m2.accessToken), payload: { types: { waypoint_reached: { email: false } } } })
  t.equal(patched.statusCode, 200, patched.body)
  t.same(patched.json().data.types.waypoint_reached, { inApp: true, email: false })

  await logRide(app, captain, 90_000)
  await runJob('aggregate-progress', { teamId: trek.id }, deps)
  await runJob('aggregate-progress', { teamId: trek.id }, deps)
  const [waypointEvent, ...more] = await eventIds('waypoint.reached', trek.id)
  t.equal(more.length, 0, 'Oxford is reached once')
  const milestones = await app.db.selectFrom('outbox').select(['id', 'payload']).where('type', '=', 'milestone.reached').where('team_id', '=', trek.id).execute()
  t.same(milestones.map(m => m.payload.percent), [25], '90 of ~289 km: the 25 % milestone, once')

  pushes.length = 0
  await deliverManyTimes(waypointEvent!)
  const rows = await app.db.selectFrom('notifications').select(['user_id', 'type', 'title']).where('event_id', '=', waypointEvent!).execute()
  t.same(rows.map(r => r.user_id).sort(), [captain.userId, m1.userId, m2.userId].sort(), 'one in-app notification per member')
  t.match(rows[0]!.title, 'England by bike reached Oxford')
  t.same(pushes.map(p => p.userId).sort(), [captain.userId, m1.userId, m2.userId].sort(), 'one real-time push per member')
  t.ok(pushes.every(p => p.type === 'notification' && p.data.type === 'waypoint_reached' && typeof p.data.id === 'string'))
  const captainMail = await sentMail(ses, captain.email)
  t.equal(captainMail.length, 1, 'one email to the captain')
  t.match(captainMail[0]!.subject, 'England by bike reached Oxford')
  t.match(captainMail[0]!.body.text, '90 km', 'in metric for the captain')
  const moMail = await sentMail(ses, m1.email)
  t.equal(moMail.length, 1, 'one email to Mo')
  t.match(moMail[0]!.body.text, '55.9 mi', 'in miles for Mo')
  t.ok(header(moMail[0]!, 'List-Unsubscribe'), 'with the unsubscribe header')
  t.equal((await sentMail(ses, m2.email)).length, 0, 'none to Noor, who turned them off')

  await deliverManyTimes(milestones[0]!.id)
  const milestoneRows = await app.db.selectFrom('notifications').select(['user_id', 'title']).where('event_id', '=', milestones[0]!.id).execute()
  t.equal(milestoneRows.length, 3)
  t.match(milestoneRows[0]!.title, '25% of the way')
  t.equal((await sentMail(ses, m2.email)).length, 1, 'Noor still gets milestone emails')

  t.test('the notification centre: keyset pages, unread, read, read-all, and nobody else\'s', async (t) => {
    const all = await inbox(m1)
    t.equal(all.statusCode, 200)
    t.equal(all.json().data.length, 2, 'the waypoint and the milestone')
    const first = await inbox(m1, '?limit=1')
    t.equal(first.json().data.length, 1)
    t.type(first.json().meta.nextCursor, 'string')
    const second = await inbox(m1, `?limit=1&cursor=${first.json().meta.nextCursor}`)
    t.equal(second.json().data.length, 1)
    t.not(second.json().data[0].id, first.json().data[0].id, 'the next page, not the same row')
    t.equal(second.json().meta.nextCursor, null)
    t.equal(errorCode(await inbox(m1, '?cursor=garbage')), 'INVALID_CURSOR')

    const count = (a: Account) => app.inject({ method: 'GET', url: '/notifications/unread-count', headers: bearer(a.accessToken) }).then(r => r.json().data.unread)
    t.equal(await count(m1), 2)
    const id = first.json().data[0].id
    const read = await app.inject({ method: 'POST', url: `/notifications/${id}/read`, headers: bearer(m1.accessToken) })
    t.equal(read.statusCode, 200)
    t.type(read.json().data.readAt, 'string')
    t.equal(await count(m1), 1)
    t.equal((await inbox(m1, '?unread=true')).json().data.length, 1)

    // Someone else's notification does not exist for you.
    const stolen = await app.inject({ method: 'POST', url: `/notifications/${id}/read`, headers: bearer(m2.accessToken) })
    t.equal(stolen.statusCode, 404)
    t.equal(errorCode(stolen), 'NOTIFICATION_NOT_FOUND')
    const noorIds = (await inbox(m2, '?limit=100')).json().data.map((n: { id: string }) => n.id)
    t.notOk(noorIds.includes(id), 'never listed to another member')

    const all2 = await app.inject({ method: 'POST', url: '/notifications/read-all', headers: bearer(m1.accessToken) })
    t.same(all2.json().data, { updated: 1 })
    t.equal(await count(m1), 0)
    t.equal(await count(m2), 2, 'reading yours changes nobody else\'s')
    t.equal((await app.inject({ method: 'GET', url: '/notifications' })).statusCode, 401)
  })

  t.test('a push that fails leaves the notification in the inbox; without a broadcaster nothing is pushed', async (t) => {
    const failing: Broadcaster = { ...broadcaster, async toUser () { throw new Error('connection gone') } }
    const eventId = await recordEvent(app.db, { type: 'milestone.reached', teamId: trek.id, payload: { teamId: trek.id, percent: 50, totalDistance: 145_000, goalDistance: 289_000 } })
    await runJob('send-notifications', { eventId }, { ...deps, broadcaster: failing })
    t.equal((await app.db.selectFrom('notifications').select('id').where('event_id', '=', eventId).execute()).length, 3, 'stored for every member')
    pushes.length = 0
    const quiet = await recordEvent(app.db, { type: 'milestone.reached', teamId: trek.id, payload: { teamId: trek.id, percent: 75, totalDistance: 217_000, goalDistance: 289_000 } })
    await runJob('send-notifications', { eventId: quiet }, { ...deps, broadcaster: undefined as unknown as Broadcaster })
    t.equal(pushes.length, 0)
    t.equal((await app.db.selectFrom('notifications').select('id').where('event_id', '=', quiet).execute()).length, 3)
    await app.db.updateTable('notifications').set({ read_at: new Date() }).where('event_id', 'in', [eventId, quiet]).execute()
  })

  t.test('quiet hours: the email waits until they end in the member\'s zone; in-app is immediate', async (t) => {
    const night = await register(app, { displayName: 'Owl', timezone: 'America/New_York' })
    await joinWithCode(app, night, trek.joinCode)
    const set = await app.inject({ method: 'PATCH', url: '/users/me/notification-preferences', headers: bearer(night.accessToken), payload: { quietHours: { start: '22:00', end: '07:00' } } })
    t.same(set.json().data.quietHours, { start: '22:00', end: '07:00' })
    const eventId = await recordEvent(app.db, { type: 'waypoint.reached', teamId: trek.id, payload: { teamId: trek.id, waypointId: crypto.randomUUID(), name: 'Quiet Point', position: 2, totalDistance: 176_000 } })

    // 04:30 UTC is 23:30 in New York (EST): inside quiet hours, which end at 07:00 EST = 12:00 UTC.
    await deliverManyTimes(eventId, at('2027-01-15T04:30:00Z'))
    t.equal((await inbox(night)).json().data.filter((n: { title: string }) => n.title.includes('Quiet Point')).length, 1, 'in-app at once')
    const owlMail = async () => (await sentMail(ses, night.email)).filter(m => m.subject.includes('Quiet Point'))
    t.equal((await owlMail()).length, 0, 'no email during quiet hours')
    t.equal((await sentMail(ses, captain.email)).filter(m => m.subject.includes('Quiet Point')).length, 1, 'others are emailed at once')
    const waiting = await app.db.selectFrom('email_deliveries').select(['send_after', 'status']).where('event_id', '=', eventId).where('to_address', '=', night.email).executeTakeFirstOrThrow()
    t.equal(waiting.send_after.toISOString(), '2027-01-15T12:00:00.000Z', 'due when quiet hours end')

    await runJob('deliver-emails', {}, at('2027-01-15T11:59:00Z'))
    t.equal((await owlMail()).length, 0, 'a minute before the end: still waiting')
    await runJob('deliver-emails', {}, at('2027-01-15T12:00:00Z'))
    await runJob('deliver-emails', {}, at('2027-01-15T12:05:00Z'))
    t.equal((await owlMail()).length, 1, 'sent when they end, once')
  })

  t.test('a failed send is kept and retried with backoff, never lost and never sent twice', async (t) => {
    // SES unreachable (nothing listens on port 9): the real SDK fails to connect.
    // 15:00 UTC is outside everyone's quiet hours (10:00 in New York).
    const down = new SESv2Client({ region: 'eu-west-2', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 })
    t.teardown(() => down.destroy())
    const broken: JobDeps = { ...at('2027-02-01T15:00:00Z'), email: createSesSender(down, { from: 'TeamTrek <notifications@teamtrek.example>' }) }
    const eventId = await recordEvent(app.db, { type: 'waypoint.reached', teamId: trek.id, payload: { teamId: trek.id, waypointId: crypto.randomUUID(), name: 'Retry Point', position: 3, totalDistance: 290_000 } })
    await t.rejects(runJob('send-notifications', { eventId }, broken), /could not be sent/, 'the job fails, so the queue retries it')
    const rows = await app.db.selectFrom('email_deliveries').selectAll().where('event_id', '=', eventId).execute()
    t.ok(rows.length >= 3)
    t.ok(rows.every(r => r.status === 'pending' && r.attempts === 1 && r.last_error !== null), 'every email kept, its failure recorded')
    t.ok(rows.every(r => r.send_after.toISOString() === '2027-02-01T15:01:00.000Z'), 'retried a minute later')

    // The queue's retry, a minute too early, sends nothing; the sweep after it sends each once.
    await runJob('send-notifications', { eventId }, at('2027-02-01T15:00:30Z'))
    const retryMail = async () => (await sentMail(ses)).filter(m => m.subject.includes('Retry Point'))
    t.equal((await retryMail()).length, 0)
    await runJob('deliver-emails', {}, at('2027-02-01T15:01:00Z'))
    await runJob('deliver-emails', {}, at('2027-02-01T15:02:00Z'))
    await runJob('send-notifications', { eventId }, at('2027-02-01T15:03:00Z'))
    t.equal((await retryMail()).length, rows.length, 'each email sent exactly once')
    const after = await app.db.selectFrom('email_deliveries').select(['status', 'message_id']).where('event_id', '=', eventId).execute()
    t.ok(after.every(r => r.status === 'sent' && r.message_id), 'marked sent with SES\'s message id')
  })

  t.test('the daily digest folds a day\'s teammate updates into one email the next morning', async (t) => {
    const digester = await register(app, { displayName: 'Dee', timezone: 'America/New_York' })
    await joinWithCode(app, digester, trek.joinCode)
    await app.inject({ method: 'PATCH', url: '/users/me/notification-preferences', headers: bearer(digester.accessToken), payload: { digest: true } })
    for (const name of ['Digest Point A', 'Digest Point B']) {
      const eventId = await recordEvent(app.db, { type: 'waypoint.reached', teamId: trek.id, payload: { teamId: trek.id, waypointId: crypto.randomUUID(), name, position: 2, totalDistance: 180_000 } })
      await deliverManyTimes(eventId, at('2027-01-20T15:00:00Z'))
    }
    const deeMail = () => sentMail(ses, digester.email)
    t.equal((await deeMail()).length, 0, 'nothing sent one by one')
    t.equal((await inbox(digester)).json().data.length, 2, 'in-app as usual')
    await runJob('send-digests', {}, at('2027-01-21T11:00:00Z'))
    t.equal((await deeMail()).length, 0, '06:00 in New York: not yet')
    await runJob('send-digests', {}, at('2027-01-21T12:30:00Z'))
    await runJob('send-digests', {}, at('2027-01-21T13:30:00Z'))
    const digests = await deeMail()
    t.equal(digests.length, 1, 'one digest')
    t.match(digests[0]!.subject, '2027-01-20: 2 updates')
    t.match(digests[0]!.body.text, 'Digest Point A')
    t.match(digests[0]!.body.text, 'Digest Point B')
    t.ok(header(digests[0]!, 'List-Unsubscribe'))
  })
})

t.test('preferences are validated and per person', async (t) => {
  const someone = await register(app, { displayName: 'Pat' })
  const got = await app.inject({ method: 'GET', url: '/users/me/notification-preferences', headers: bearer(someone.accessToken) })
  t.equal(got.statusCode, 200)
  t.same(got.json().data.types.member_joined, { inApp: true, email: false }, 'defaults')
  t.equal(got.json().data.quietHours, null)
  t.equal(got.json().data.digest, false)
  for (const payload of [{ quietHours: { start: '24:00', end: '07:00' } }, {}, { types: { nonsense: { email: true } } }, { digest: 'yes' }]) {
    const res = await app.inject({ method: 'PATCH', url: '/users/me/notification-preferences', headers: bearer(someone.accessToken), payload })
    t.equal(errorCode(res), 'VALIDATION_ERROR', JSON.stringify(payload))
  }
  const off = await app.inject({ method: 'PATCH', url: '/users/me/notification-preferences', headers: bearer(someone.accessToken), payload: { quietHours: { start: '23:00', end: '06:30' } } })
  t.same(off.json().data.quietHours, { start: '23:00', end: '06:30' })
  const cleared = await app.inject({ method: 'PATCH', url: '/users/me/notification-preferences', headers: bearer(someone.accessToken), payload: { quietHours: null } })
  t.equal(cleared.json().data.quietHours, null)
  t.equal((await app.inject({ method: 'GET', url: '/users/me/notification-preferences' })).statusCode, 401)
})
