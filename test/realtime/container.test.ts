import t from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register } from '../helpers/api.ts'
import { createTeam, joinWithCode } from '../helpers/teams.ts'
import { addRoute, dayFromToday } from '../helpers/progress.ts'
import { startRedisServer } from '../helpers/processes.ts'
import { clientsOf, is, startApiServer } from '../helpers/ws.ts'

t.setTimeout(240_000)

// Container mode: two API processes sharing Postgres and Redis (pub/sub for
// the push, BullMQ for jobs). Instance A also runs the workers; B serves
// only HTTP and sockets. An event produced through one reaches the other's clients.
t.test('two API processes fan out through Redis, and resume works across them', async (t) => {
  const environment = await testEnvironment(t)
  const redis = await startRedisServer(t)
  const env = { ...environment.env, REDIS_URL: redis.url, LOG_LEVEL: 'info' }
  const [a, b] = await Promise.all([
    startApiServer(t, { ...env, WORKER_IN_PROCESS: 'true' }, 'api-a'),
    startApiServer(t, { ...env, WORKER_IN_PROCESS: 'false' }, 'api-b')
  ])
  // Accounts and teams through a third instance (inject): the same database and session table.
  const setup = await build(t, environment, { REDIS_URL: redis.url })
  const ada = await register(setup, { displayName: 'Ada' })
  const bob = await register(setup, { displayName: 'Bob' })
  const team = await createTeam(setup, ada, { startDate: dayFromToday(-10), endDate: dayFromToday(30), timezone: 'UTC' })
  const other = await createTeam(setup, bob, { startDate: dayFromToday(-10), endDate: dayFromToday(30), timezone: 'UTC' })
  await joinWithCode(setup, bob, team.joinCode)
  await addRoute(setup, ada, team.id)

  const open = clientsOf(t)
  const post = (base: string, path: string, token: string, body: unknown) =>
    fetch(base + path, { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify(body) })

  const adaOnB = await open(b.ws)
  await adaOnB.request({ action: 'subscribe', teamId: team.id, token: ada.accessToken }, is('subscribed'))
  const bobOnA = await open(a.ws)
  await bobOnA.request({ action: 'subscribe', teamId: team.id, token: bob.accessToken }, is('subscribed'))
  await bobOnA.request({ action: 'subscribe', teamId: other.id }, is('subscribed'))

  await t.test('an activity posted to A reaches a client of B as progress_update, on its team only', async (t) => {
    const posted = await post(a.http, '/activities', ada.accessToken, {
      type: 'cycle', distanceMeters: 90_000, durationSeconds: 9000, startedAt: new Date(Date.now() - 4 * 3_600_000).toISOString(), timezone: 'UTC'
    })
    t.equal(posted.status, 201)
    const returned = Date.now()
    const update = await adaOnB.next(f => f.type === 'progress_update' && f.data.totalDistance === 90_000, 20_000)
    t.comment(`progress_update on B ${Date.now() - returned} ms after POST /activities on A returned`)
    t.equal(update.teamId, team.id)
    t.match(await bobOnA.next(f => f.seq === update.seq && f.teamId === team.id), { id: update.id }, 'A\'s client gets the same event')
    t.same(bobOnA.frames.filter(f => f.teamId === other.id && f.type === 'progress_update' && f.data.totalDistance > 0), [], 'the other team (Bob\'s, not Ada\'s) does not move')
  })

  await t.test('chat sent on B over the socket persists and reaches A', async (t) => {
    const ack = await adaOnB.request({ action: 'sendMessage', teamId: team.id, text: 'Through Redis', clientMessageId: 'c-1' }, is('message_sent'))
    t.equal(ack.duplicate, false)
    const again = await adaOnB.request({ action: 'sendMessage', teamId: team.id, text: 'Through Redis', clientMessageId: 'c-1' }, is('message_sent'))
    t.same([again.duplicate, again.messageId], [true, ack.messageId], 'a retried send is a no-op')
    const seen = await bobOnA.next(f => f.type === 'chat_message' && f.data.id === ack.messageId)
    t.equal(seen.data.text, 'Through Redis')
    const listed = await fetch(`${a.http}/teams/${team.id}/messages`, { headers: bearer(bob.accessToken) }).then(r => r.json()) as { data: Array<{ id: string }> }
    t.same(listed.data.filter(m => m.id === ack.messageId).length, 1, 'stored once')
  })

  await t.test('a client that drops off A resumes on B: every missed event exactly once, in order', async (t) => {
    const lastSeen = bobOnA.teamEvents(team.id).at(-1)!.seq
    bobOnA.socket.terminate()
    await bobOnA.waitClosed()
    for (let i = 0; i < 5; i++) t.equal((await post(a.http, `/teams/${team.id}/messages`, ada.accessToken, { text: `missed ${i}` })).status, 201)
    const last = await adaOnB.next(f => f.type === 'chat_message' && f.data.text === 'missed 4')
    const missed = adaOnB.teamEvents(team.id).filter(f => f.seq > lastSeen && f.seq <= last.seq)
    t.ok(missed.length >= 5)

    const back = await open(b.ws)
    back.send({ action: 'subscribe', teamId: team.id, token: bob.accessToken, after: lastSeen })
    await back.next(f => f.seq === last.seq)
    const replayed = back.teamEvents(team.id).filter(f => f.seq <= last.seq)
    t.same(replayed.map(f => f.id), missed.map(f => f.id), 'exactly the missed events, in order')
    await post(a.http, `/teams/${team.id}/messages`, ada.accessToken, { text: 'live again' })
    const live = await back.next(f => f.type === 'chat_message' && f.data.text === 'live again')
    t.equal(live.seq, back.teamEvents(team.id).at(-2)!.seq + 1, 'then live, without a gap')
  })

  await t.test('a team deleted through A ends the subscriptions held on B', async (t) => {
    const onB = await open(b.ws)
    await onB.request({ action: 'subscribe', teamId: other.id, token: bob.accessToken }, is('subscribed'))
    const res = await fetch(`${a.http}/teams/${other.id}`, { method: 'DELETE', headers: bearer(bob.accessToken) })
    t.equal(res.status, 204)
    t.match(await onB.next(is('subscription_ended'), 20_000), { teamId: other.id, reason: 'team_deleted' })
  })

  await t.test('a logout on A closes that session\'s sockets on B at once', async (t) => {
    const onB = await open(b.ws)
    await onB.request({ action: 'auth', token: bob.accessToken }, is('authenticated'))
    const res = await fetch(`${a.http}/auth/logout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: bob.refreshToken }) })
    t.equal(res.status, 204)
    t.match(await onB.next(is('session_ended'), 5000), { reason: 'logout' })
    t.equal((await onB.waitClosed(5000)).code, 4001, 'through Redis, long before the access token expires')
    t.equal(adaOnB.closed, null, 'other people\'s sockets stay open')
  })

  await t.test('a shutting-down instance tells its clients to reconnect', async (t) => {
    const onB = adaOnB
    await b.server.kill('SIGTERM')
    t.match(await onB.next(is('reconnect')), { reason: 'server_shutdown' })
    t.equal((await onB.waitClosed()).code, 1012)
  })
})
