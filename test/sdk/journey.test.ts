import t from 'tap'
import { readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { build, testEnvironment } from '../helpers/build.ts'
import { uniqueEmail, STRONG_PASSWORD } from '../helpers/api.ts'
import { dayFromToday, eventually } from '../helpers/progress.ts'
import { startConsumers } from '../../src/app/start-consumers.ts'
import { loadConfig } from '../../src/lib/config.ts'
import { createTeamTrekClient, TeamTrekError, type Tokens, type TeamMember, type LogActivityBody } from '../../sdk/typescript/src/index.ts'

// The whole journey an integrator's app makes, through the SDK only, over
// real HTTP against a listening server with its job pipeline running.
t.test('the SDK drives the whole journey against a running server', async (t) => {
  const environment = await testEnvironment(t)
  const app = await build(t, environment)
  const consumers = await startConsumers(app, { ...loadConfig(environment.env), DATABASE_URL: environment.databaseUrl }, { schedules: false })
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
