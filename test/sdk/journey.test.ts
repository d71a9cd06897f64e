import t from 'tap'
import { readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { build, testEnvironment } from '../helpers/build.ts'
import { uniqueEmail, STRONG_PASSWORD } from '../helpers/api.ts'
import { dayFromToday, eventually } from '../helpers/progress.ts'
import { startMockProviders } from '../helpers/mock-providers.ts'
import { providerSettings } from '../helpers/integrations.ts'
import { startConsumers } from '../../src/app/start-consumers.ts'
import { loadConfig } from '../../src/lib/config.ts'
import { runJob } from '../../src/workers/handlers.ts'
import { addDays, isoWeekday, isoWeekOf } from '../../src/routes/reports/weeks.ts'
import {
  createTeamTrekClient, TeamTrekError, type ChatMessage, type Notification, type ReportSummary, type TeamEvent, type Tokens, type TeamMember, type LogActivityBody
} from '../../sdk/typescript/src/index.ts'

// The whole journey an integrator's app makes, through the SDK only, over
// real HTTP against a listening server with its job pipeline running.
t.test('the SDK drives the whole journey against a running server', async (t) => {
  const environment = await testEnvironment(t)
  // Google Health and Strava are local stand-ins (test/helpers/mock-providers.ts).
  const mock = await startMockProviders(t)
  const settings = { ...environment.env, ...providerSettings(mock) }
  const app = await build(t, environment, providerSettings(mock))
  const consumers = await startConsumers(app, { ...loadConfig(settings), DATABASE_URL: environment.databaseUrl }, { schedules: false })
  t.teardown(() => consumers.stop())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`

  const saved: Array<Tokens | undefined> = []
  const ada = createTeamTrekClient({ baseUrl, onTokens: (tokens) => { saved.push(tokens) } })
  const bo = createTeamTrekClient({ baseUrl })
  const adaEmail = uniqueEmail('ada')

  // Register, then sign in again: each gives a session, and the SDK keeps its tokens.
  const registered = await ada.register({ email: adaEmail, password: STRONG_PASSWORD, displayName: 'Ada', timezone: 'UTC' })
  t.equal(registered.user.displayName, 'Ada')
  await bo.register({ email: uniqueEmail('bo'), password: STRONG_PASSWORD, displayName: 'Bo', timezone: 'UTC' })
  const signedIn = await ada.signIn({ email: adaEmail, password: STRONG_PASSWORD })
  t.equal(ada.tokens?.accessToken, signedIn.accessToken)
  t.equal(saved.length, 2, 'onTokens saw both sessions')
  const me = await ada.unwrap(ada.api.GET('/users/me'))
  t.equal(me.email, adaEmail)

  await t.test('refresh: by hand, then by itself on a 401, once for concurrent calls', async (t) => {
    const before = ada.tokens!
    const refreshed = await ada.refresh()
    t.not(refreshed.refreshToken, before.refreshToken, 'a new refresh token')
    // A stale access token: the next calls answer 401, the SDK refreshes once and retries each.
    const current = ada.tokens!
    await ada.setTokens({ accessToken: 'not-a-valid-token', refreshToken: current.refreshToken })
    const changes = saved.length
    const [a, b, c] = await Promise.all([
      ada.unwrap(ada.api.GET('/users/me')),
      ada.unwrap(ada.api.PATCH('/users/me', { body: { displayName: 'Ada L.' } })),
      ada.unwrap(ada.api.GET('/users/{id}', { params: { path: { id: me.id } } }))
    ])
    t.equal(a.id, me.id)
    t.equal(b.displayName, 'Ada L.', 'a request with a body is retried with its body')
    t.equal(c.id, me.id)
    t.equal(saved.length, changes + 1, 'three 401s, one refresh')
    t.not(ada.tokens!.refreshToken, current.refreshToken, 'rotated')
    t.not(ada.tokens!.accessToken, 'not-a-valid-token')
    // The old refresh token was used once; a second use is reuse, and revokes the session.
    const reuse = createTeamTrekClient({ baseUrl, tokens: current })
    const err = await reuse.refresh().catch((e: unknown) => e)
    t.ok(err instanceof TeamTrekError)
    t.equal((err as TeamTrekError).code, 'REFRESH_TOKEN_REUSED')
    t.equal(reuse.tokens, undefined, 'the SDK forgets a dead session')
    // Reuse ended Ada's session too: her client gets the 401 once refresh fails, and signs in again.
    const denied = await ada.unwrap(ada.api.GET('/users/me')).catch((e: unknown) => e)
    t.equal((denied as TeamTrekError).status, 401)
    await ada.signIn({ email: adaEmail, password: STRONG_PASSWORD })
  })

  // A team, joined by code.
  const team = await ada.unwrap(ada.api.POST('/teams', {
    body: { name: 'End to end', startDate: dayFromToday(-5), endDate: dayFromToday(60), timezone: 'UTC' }
  }))
  t.equal(team.role, 'owner')
  t.type(team.joinCode, 'string')
  const joined = await bo.unwrap(bo.api.POST('/teams/join', { body: { code: team.joinCode! } }))
  t.equal(joined.team.id, team.id)
  t.equal(joined.alreadyMember, false)

  // The route: a real GPX track, Land's End to John o' Groats.
  const gpx = await readFile(new URL('../fixtures/lejog.gpx', import.meta.url), 'utf8')
  const route = await ada.unwrap(ada.api.POST('/teams/{id}/waypoints/import', {
    params: { path: { id: team.id } },
    body: { format: 'gpx', content: gpx, maxWaypoints: 60 }
  }))
  t.ok(route.length > 10 && route.length <= 60, `${route.length} waypoints`)
  t.equal(route[0]!.name, 'Land\'s End')
  const goal = route[route.length - 1]!.cumulativeMeters
  t.ok(goal > 1_100_000 && goal < 1_400_000, `route of ${Math.round(goal / 1000)} km`)
  const waypoints = await bo.unwrap(bo.api.GET('/teams/{id}/waypoints', { params: { path: { id: team.id } } }))
  t.equal(waypoints.length, route.length, 'members read the route')

  // Activities: one at a time (with an Idempotency-Key), then a sync batch.
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString()
  const logged = await ada.unwrap(ada.api.POST('/activities', {
    params: { header: { 'idempotency-key': 'ride-1' } },
    body: { type: 'cycle', distanceMeters: 40_000, durationSeconds: 3600, startedAt: hourAgo, clientId: 'ada-ride-1' }
  }))
  t.equal(logged.duplicate, false)
  t.equal(logged.activity.credits[0]?.creditedMeters, 40_000)
  const items: LogActivityBody[] = [1, 2, 3].map(i => ({
    type: 'walk', distanceMeters: 5_000, durationSeconds: 3600, startedAt: new Date(Date.now() - (i + 2) * 86_400_000).toISOString(), clientId: `bo-walk-${i}`
  }))
  const sync = await bo.unwrap(bo.api.POST('/activities/sync', { body: { items } }))
  t.same([sync.created, sync.duplicates, sync.rejected], [3, 0, 0])
  const again = await bo.unwrap(bo.api.POST('/activities/sync', { body: { items } }))
  t.same([again.created, again.duplicates], [0, 3], 'a retried batch credits nothing twice')

  // Pagination as an async iterator: Bo's three walks, one per page.
  const walks = []
  for await (const activity of bo.paginate(cursor => bo.api.GET('/activities', { params: { query: { cursor, limit: 1 } } }))) walks.push(activity)
  t.same(walks.map(w => w.clientId), ['bo-walk-1', 'bo-walk-2', 'bo-walk-3'], 'newest first, across three pages')
  const members: TeamMember[] = []
  for await (const member of ada.paginate(cursor => ada.api.GET('/teams/{id}/members', { params: { path: { id: team.id }, query: { cursor, limit: 1 } } }))) members.push(member)
  t.same(members.map(m => m.displayName).sort(), ['Ada L.', 'Bo'])

  // Progress, moved by the worker pipeline (outbox → queue → aggregation).
  const progress = await eventually(
    () => ada.unwrap(ada.api.GET('/teams/{id}/progress', { params: { path: { id: team.id } } })),
    p => p.totalDistance === 55_000, 15_000, 'progress of 55 km')
  t.ok(Math.abs(progress.goalDistance - goal) < 1, `goal ${progress.goalDistance} m`)
  t.equal(progress.nextWaypoint?.name !== undefined, true)
  t.ok(progress.percentComplete > 3 && progress.percentComplete < 5, `${progress.percentComplete} %`)

  const board = await bo.unwrap(bo.api.GET('/teams/{id}/leaderboard', { params: { path: { id: team.id } } }))
  t.same(board.map(m => [m.rank, m.displayName, m.distanceMeters]), [[1, 'Ada L.', 40_000], [2, 'Bo', 15_000]])
  const teams = await ada.unwrap(ada.api.GET('/leaderboards/teams', { params: { query: { limit: 10 } } }))
  t.ok(teams.some(s => s.teamId === team.id && s.isMember), 'our team on the teams board')

  // The ledger explains every credited metre; the owner sees the whole team's.
  const ledger = await ada.unwrap(ada.api.GET('/activities/ledger', { params: { query: { teamId: team.id } } }))
  t.equal(ledger.length, 4)
  t.equal(ledger.reduce((sum, line) => sum + line.creditedMeters, 0), 55_000)

  // Weekly reports: made by the generate-reports job (the hourly schedule's work, run here by
  // hand for this week and the one before), listed newest first, read as JSON and as CSV.
  const today = new Date().toISOString().slice(0, 10)
  const thisWeek = isoWeekOf(today)
  const lastWeek = isoWeekOf(addDays(today, -7))
  for (const week of [lastWeek, thisWeek]) await runJob('generate-reports', { teamId: team.id, week }, app.jobDeps)
  const reports: ReportSummary[] = []
  for await (const summary of bo.paginate(cursor => bo.api.GET('/teams/{id}/reports', { params: { path: { id: team.id }, query: { cursor, limit: 1 } } }))) reports.push(summary)
  t.same(reports.map(r => r.week), [thisWeek, lastWeek], 'newest week first, one per page')
  const monday = addDays(today, 1 - isoWeekday(today))
  t.same([reports[0]!.from, reports[0]!.to], [monday, addDays(monday, 6)], 'Monday to Sunday')
  const current = await bo.unwrap(bo.api.GET('/reports/{id}', { params: { path: { id: reports[0]!.id } } }))
  t.equal(current.week, thisWeek)
  // Expected from the activities themselves: what each person logged on the week's days.
  const inWeek = (day: string) => day >= monday && day <= addDays(monday, 6)
  const adaWeek = inWeek(logged.activity.localDay) ? 40_000 : 0
  const boWeek = walks.filter(w => inWeek(w.localDay)).length * 5_000
  const lines = Object.fromEntries(current.report.members.map(m => [m.displayName, m]))
  t.equal(lines['Ada L.']?.weekMeters, adaWeek, 'Ada\'s metres this week')
  t.equal(lines.Bo?.weekMeters, boWeek, 'Bo\'s metres this week')
  t.equal(current.report.totals.weekMeters, adaWeek + boWeek)
  t.equal(current.report.totals.toDateMeters, 55_000, 'everything up to the end of this week')
  t.equal(current.report.daily.length, 7)
  t.equal(current.report.daily.reduce((sum, d) => sum + d.meters, 0), adaWeek + boWeek)
  // The same report as CSV: parseAs 'text', so the body arrives as a string.
  const csv = await bo.unwrap(bo.api.GET('/reports/{id}', { params: { path: { id: current.id }, query: { format: 'csv' } }, parseAs: 'text' }))
  const rows = csv.trim().split('\r\n').map(line => line.split(','))
  t.same(rows[0]!.slice(0, 5), ['week', 'user_id', 'display_name', 'current_member', 'week_meters'])
  t.same(rows.slice(1).map(r => [r[2], Number(r[4])]).sort(), [['Ada L.', adaWeek], ['Bo', boWeek], ['TOTAL', adaWeek + boWeek]].sort())
  const notReport = await bo.unwrap(bo.api.GET('/reports/{id}', { params: { path: { id: team.id } } })).catch((e: unknown) => e)
  t.equal((notReport as TeamTrekError).code, 'REPORT_NOT_FOUND')

  // Team chat: send (a retried send returns the first message), page through it, delete.
  const texts = ['Oxford by Friday?', 'On my way 🚴', '<b>not bold</b>']
  const sent: ChatMessage[] = []
  for (const [i, text] of texts.entries()) {
    const author = i === 1 ? bo : ada
    sent.push(await author.unwrap(author.api.POST('/teams/{id}/messages', { params: { path: { id: team.id } }, body: { text, clientMessageId: `journey-${i}` } })))
  }
  t.same(sent.map(m => m.authorName), ['Ada L.', 'Bo', 'Ada L.'])
  const retried = await ada.api.POST('/teams/{id}/messages', { params: { path: { id: team.id } }, body: { text: texts[0]!, clientMessageId: 'journey-0' } })
  t.equal(retried.response.status, 200, 'a retried send is not a second message')
  t.equal(retried.data?.data.id, sent[0]!.id)
  const chat: ChatMessage[] = []
  for await (const message of bo.paginate(cursor => bo.api.GET('/teams/{id}/messages', { params: { path: { id: team.id }, query: { cursor, limit: 2 } } }))) chat.push(message)
  t.same(chat.map(m => m.text), [...texts].reverse(), 'newest first, text exactly as sent, across two pages')
  const forbidden = await bo.unwrap(bo.api.DELETE('/teams/{id}/messages/{messageId}', { params: { path: { id: team.id, messageId: sent[0]!.id } } })).catch((e: unknown) => e)
  t.same([(forbidden as TeamTrekError).status, (forbidden as TeamTrekError).code], [403, 'FORBIDDEN'], 'a member cannot delete someone else\'s message')
  t.equal(await bo.unwrap(bo.api.DELETE('/teams/{id}/messages/{messageId}', { params: { path: { id: team.id, messageId: sent[1]!.id } } })), undefined, '204: the author deletes their own')
  const remaining = await ada.unwrap(ada.api.GET('/teams/{id}/messages', { params: { path: { id: team.id } } }))
  t.same(remaining.map(m => m.id), [sent[2]!.id, sent[0]!.id])

  // The team's event feed over REST: the events the WebSocket pushed, in sequence, resumable.
  const feed = await eventually(async () => {
    const events: TeamEvent[] = []
    for await (const event of ada.teamEvents(team.id, { limit: 2 })) events.push(event)
    return events
  }, events => events.some(e => e.type === 'member_joined') && events.some(e => e.type === 'chat_message_deleted'), 15_000, 'member_joined and the chat in the feed')
  t.same(feed.map(e => e.seq), feed.map((_, i) => i + 1), 'seq 1, 2, 3… with no gap, across pages of two')
  t.equal(new Set(feed.map(e => e.id)).size, feed.length, 'unique ids')
  t.same(feed.filter(e => e.type === 'member_joined').map(e => [e.data.userId, e.data.role]), [[me.id, 'owner'], [members.find(m => m.displayName === 'Bo')!.userId, 'member']], 'the owner creating the team, then Bo joining')
  t.same(feed.filter(e => e.type === 'chat_message').map(e => e.data.text), texts, 'every message, in the order sent')
  t.same(feed.filter(e => e.type === 'chat_message_deleted').map(e => e.data.messageId), [sent[1]!.id])
  t.ok(feed.some(e => e.type === 'progress_update' && e.data.totalDistance === 55_000), 'the progress the worker pushed')
  const lastSeq = feed.at(-1)!.seq
  const caughtUp: TeamEvent[] = []
  for await (const event of ada.teamEvents(team.id, { after: lastSeq })) caughtUp.push(event)
  t.same(caughtUp, [], 'nothing after the last seq')
  const outsider = createTeamTrekClient({ baseUrl })
  await outsider.register({ email: uniqueEmail('eve'), password: STRONG_PASSWORD, displayName: 'Eve', timezone: 'UTC' })
  const hidden = await outsider.teamEvents(team.id).next().catch((e: unknown) => e)
  t.equal((hidden as TeamTrekError).code, 'TEAM_NOT_FOUND', 'non-members see no feed')

  // Notifications: Bo joining, each waypoint reached and each report tell Ada in-app (through the job pipeline).
  const inbox = await eventually(async () => {
    const all: Notification[] = []
    for await (const n of ada.paginate(cursor => ada.api.GET('/notifications', { params: { query: { cursor, limit: 2 } } }))) all.push(n)
    return all
  }, all => all.some(n => n.type === 'member_joined') && all.filter(n => n.type === 'report_ready').length === 2 &&
    all.filter(n => n.type === 'waypoint_reached').length === progress.reachedWaypoints, 15_000, 'Ada\'s notifications')
  const boJoined = inbox.find(n => n.type === 'member_joined')!
  t.equal(boJoined.teamId, team.id)
  t.equal(boJoined.title, 'Bo joined End to end')
  t.same(inbox.filter(n => n.type === 'report_ready').map(n => n.data.reportId).sort(), reports.map(r => r.id).sort(), 'one per report')
  const unreadBefore = await ada.unwrap(ada.api.GET('/notifications/unread-count'))
  t.equal(unreadBefore.unread, inbox.filter(n => n.readAt === null).length, 'the badge counts the unread ones')
  const read = await ada.unwrap(ada.api.POST('/notifications/{id}/read', { params: { path: { id: boJoined.id } } }))
  t.type(read.readAt, 'string')
  t.equal((await ada.unwrap(ada.api.GET('/notifications/unread-count'))).unread, unreadBefore.unread - 1)
  const unreadList: Notification[] = []
  for await (const n of ada.paginate(cursor => ada.api.GET('/notifications', { params: { query: { cursor, unread: true } } }))) unreadList.push(n)
  t.notOk(unreadList.some(n => n.id === boJoined.id), '?unread=true leaves out the one read')
  const readAll = await ada.unwrap(ada.api.POST('/notifications/read-all'))
  t.equal(readAll.updated, unreadBefore.unread - 1)
  t.equal((await ada.unwrap(ada.api.GET('/notifications/unread-count'))).unread, 0)
  const notMine = await bo.unwrap(bo.api.POST('/notifications/{id}/read', { params: { path: { id: boJoined.id } } })).catch((e: unknown) => e)
  t.equal((notMine as TeamTrekError).code, 'NOTIFICATION_NOT_FOUND', 'someone else\'s notification does not exist for Bo')
  // Preferences: defaults, then a partial change that leaves the rest alone.
  const defaults = await ada.unwrap(ada.api.GET('/users/me/notification-preferences'))
  t.same(defaults.types.report_ready, { inApp: true, email: true })
  t.equal(defaults.quietHours, null)
  const changed = await ada.unwrap(ada.api.PATCH('/users/me/notification-preferences', {
    body: { types: { report_ready: { email: false } }, quietHours: { start: '22:00', end: '07:00' } }
  }))
  t.same(changed.types.report_ready, { inApp: true, email: false })
  t.same(changed.quietHours, { start: '22:00', end: '07:00' })
  t.same(changed.types.member_joined, defaults.types.member_joined, 'what was not sent stays')
  t.same(await ada.unwrap(ada.api.GET('/users/me/notification-preferences')), changed, 'stored')
  const emptyPatch = await ada.unwrap(ada.api.PATCH('/users/me/notification-preferences', { body: {} })).catch((e: unknown) => e)
  t.equal((emptyPatch as TeamTrekError).code, 'VALIDATION_ERROR')

  // Integrations: the provider list, then Google connected through the OAuth flow (its consent
  // screen is the local stand-in), synced by the worker, and disconnected.
  const providers = await ada.unwrap(ada.api.GET('/integrations'))
  t.same(providers.map(p => [p.provider, p.available, p.status]).sort(), [['garmin', false, 'not_connected'], ['google', true, 'not_connected'], ['strava', true, 'not_connected']])
  mock.google.nextSubject = 'journey-ada'
  mock.google.steps.set('journey-ada', new Map([[today, 8_000]]))
  const started = await ada.unwrap(ada.api.POST('/integrations/{provider}/connect', { params: { path: { provider: 'google' } } }))
  t.equal(started.pkce, true)
  const authorizationUrl = new URL(started.authorizationUrl)
  t.equal(authorizationUrl.origin, new URL(mock.url).origin, 'the provider\'s consent page')
  t.equal(authorizationUrl.searchParams.get('code_challenge_method'), 'S256')
  const back = await mock.consent(started.authorizationUrl)
  const connected = await ada.unwrap(ada.api.GET('/integrations/{provider}/callback', {
    params: { path: { provider: 'google' }, query: { code: back.get('code')!, state: back.get('state')! } }
  }))
  t.equal(connected.status, 'connected')
  const replayed = await ada.unwrap(ada.api.GET('/integrations/{provider}/callback', {
    params: { path: { provider: 'google' }, query: { code: back.get('code')!, state: back.get('state')! } }
  })).catch((e: unknown) => e)
  t.same([(replayed as TeamTrekError).code, (replayed as TeamTrekError).details?.reason], ['OAUTH_STATE_INVALID', 'unknown_or_used'], 'a state works once')
  const synced = await eventually(() => ada.unwrap(ada.api.GET('/integrations')),
    list => list.find(p => p.provider === 'google')?.health?.status === 'ok', 15_000, 'the first sync')
  t.match(synced.find(p => p.provider === 'google'), { status: 'connected', source: 'google_health' })
  const imported = await ada.unwrap(ada.api.GET('/activities', { params: { query: { from: today, to: today } } }))
  t.same(imported.filter(a => a.source === 'google_health').map(a => [a.steps, a.localDay]), [[8_000, today]], 'today\'s steps, imported once')
  const unknownProvider = await ada.unwrap(ada.api.POST('/integrations/{provider}/connect', { params: { path: { provider: 'fitbit' } } })).catch((e: unknown) => e)
  t.equal((unknownProvider as TeamTrekError).code, 'INTEGRATION_PROVIDER_NOT_FOUND')
  const disconnected = await ada.unwrap(ada.api.DELETE('/integrations/{provider}', { params: { path: { provider: 'google' } } }))
  t.same([disconnected.status, disconnected.revokedAtProvider, disconnected.importedActivities], ['disconnected', true, 'kept'])
  t.ok(mock.requests.some(r => r.route === 'POST /revoke'), 'revoked at Google')

  // Errors arrive as TeamTrekError with the envelope's stable code.
  const missing = await ada.unwrap(ada.api.GET('/teams/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } })).catch((e: unknown) => e)
  t.ok(missing instanceof TeamTrekError)
  t.same([(missing as TeamTrekError).status, (missing as TeamTrekError).code], [404, 'TEAM_NOT_FOUND'])
  t.type((missing as TeamTrekError).requestId, 'string')

  // Sign out ends the session on the server: its refresh token no longer works.
  const last = ada.tokens!
  await ada.signOut()
  t.equal(ada.tokens, undefined)
  const after = await createTeamTrekClient({ baseUrl, tokens: last }).refresh().catch((e: unknown) => e)
  t.equal((after as TeamTrekError).status, 401)
})
