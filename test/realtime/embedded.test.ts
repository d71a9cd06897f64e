import t from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register } from '../helpers/api.ts'
import { createTeam, joinWithCode } from '../helpers/teams.ts'
import { addRoute, dayFromToday, logRide } from '../helpers/progress.ts'
import { Client, is } from '../helpers/ws.ts'
import { startConsumers } from '../../src/app/start-consumers.ts'
import { loadConfig } from '../../src/lib/config.ts'

// Embedded mode end to end: the in-process broadcaster, the SQS emulator
// drained in-process, real WebSocket clients on /ws.
t.test('embedded mode over a real WebSocket', async (t) => {
  const environment = await testEnvironment(t)
  const app = await build(t, environment, { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' })
  const consumers = await startConsumers(app, { ...loadConfig(environment.env), DATABASE_URL: environment.databaseUrl })
  t.teardown(() => consumers.stop())
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const wsUrl = `${address.replace('http', 'ws')}/ws`
  const clients: Client[] = []
  t.teardown(() => { for (const c of clients) c.close() })
  const open = async (query = '') => { const c = await Client.open(wsUrl + query); clients.push(c); return c }

  const ada = await register(app, { displayName: 'Ada' })
  const bob = await register(app, { displayName: 'Bob' })
  const eve = await register(app, { displayName: 'Eve' })
  const teamA = await createTeam(app, ada, { startDate: dayFromToday(-10), endDate: dayFromToday(30), timezone: 'UTC' })
  const teamB = await createTeam(app, eve, { startDate: dayFromToday(-10), endDate: dayFromToday(30), timezone: 'UTC' })
  await joinWithCode(app, bob, teamA.joinCode)
  await addRoute(app, ada, teamA.id)

  const adaSocket = await open()
  const bobSocket = await open(`?token=${bob.accessToken}`)
  const eveSocket = await open()
  await bobSocket.next(is('authenticated'))

  await t.test('bad frames get error frames with stable codes, never a crash', async (t) => {
    t.match(await adaSocket.request({ action: 'subscribe', teamId: teamA.id } as never, is('error')), { code: 'UNAUTHORIZED', action: 'subscribe' })
    const notJson = adaSocket.frames.length
    adaSocket.send('{not json')
    t.match(await adaSocket.next(is('error'), 5000, notJson), { code: 'BAD_FRAME' })
    t.match(await adaSocket.request({ action: 'fly' }, is('error')), { code: 'BAD_FRAME' })
    t.match(await adaSocket.request({ action: 'subscribe', teamId: 'nope' }, is('error')), { code: 'BAD_FRAME', action: 'subscribe' })
    t.match(await adaSocket.request({ action: 'auth', token: 'not-a-jwt' }, is('error')), { code: 'UNAUTHORIZED' })
    t.match(await adaSocket.request({ action: 'ping' }, is('pong')), { type: 'pong' })
  })

  await t.test('members subscribe; an outsider cannot, as if the team did not exist', async (t) => {
    t.match(await adaSocket.request({ action: 'subscribe', teamId: teamA.id, token: ada.accessToken }, is('subscribed')), { teamId: teamA.id })
    t.match(await bobSocket.request({ action: 'subscribe', teamId: teamA.id }, is('subscribed')), { teamId: teamA.id })
    const refused = await eveSocket.request({ action: 'subscribe', teamId: teamA.id, token: eve.accessToken }, f => f.type === 'error' || f.type === 'subscribed')
    t.match(refused, { type: 'error', code: 'TEAM_NOT_FOUND', teamId: teamA.id })
    t.match(await eveSocket.request({ action: 'subscribe', teamId: teamB.id }, is('subscribed')), { teamId: teamB.id })
    t.match(await bobSocket.request({ action: 'auth', token: eve.accessToken }, is('error')), { code: 'USER_MISMATCH' }, 'one person per connection')
  })

  await t.test('an activity produces progress_update on its team only, then waypoint_reached', async (t) => {
    const before = eveSocket.frames.length
    const posted = Date.now()
    await logRide(app, ada, 90_000)
    const update = await adaSocket.next(f => f.type === 'progress_update' && f.data.totalDistance > 0, 15_000)
    t.comment(`progress_update ${Date.now() - posted} ms after POST /activities returned`)
    t.equal(update.teamId, teamA.id)
    t.equal(update.data.totalDistance, 90_000)
    t.ok(update.data.percentComplete > 25, 'percentComplete')
    t.match(update.data.lastActivity, { type: 'cycle' })
    t.type(update.id, 'string')
    t.type(update.seq, 'number')
    t.match(await bobSocket.next(f => f.seq === update.seq), { id: update.id, type: 'progress_update' }, 'the same event for every subscriber')
    t.match(await adaSocket.next(is('waypoint_reached'), 15_000), { data: { name: 'Oxford' } })
    await new Promise(resolve => setTimeout(resolve, 200))
    t.same(eveSocket.frames.slice(before).filter(f => f.teamId === teamA.id), [], 'team B hears nothing of team A')
  })

  await t.test('sequence numbers strictly increase, with no duplicates', async (t) => {
    const seqs = adaSocket.teamEvents(teamA.id).map(f => f.seq)
    t.ok(seqs.length >= 2)
    t.ok(seqs.every((s, i) => i === 0 || s === seqs[i - 1] + 1), `contiguous: ${seqs}`)
  })

  await t.test('events are readable over REST for clients without a socket', async (t) => {
    // Taken first: a trailing aggregation may push an event after the read below.
    const live = adaSocket.teamEvents(teamA.id)
    const res = await app.inject({ method: 'GET', url: `/teams/${teamA.id}/events?after=0`, headers: bearer(bob.accessToken) })
    t.equal(res.statusCode, 200)
    const events: Array<{ id: string, seq: number }> = res.json().data
    t.same(events.filter(e => e.seq >= live[0]!.seq && e.seq <= live.at(-1)!.seq).map(e => e.id), live.map(f => f.id), 'the same events as pushed')
    t.same(events.map(e => e.seq), events.map((_e, i) => i + 1), 'every event since the team began, in order')
    const page = await app.inject({ method: 'GET', url: `/teams/${teamA.id}/events?after=2&limit=2`, headers: bearer(bob.accessToken) })
    t.same(page.json().data.map((e: { seq: number }) => e.seq), [3, 4])
    t.equal(page.json().meta.nextCursor, '4')
    const future = await app.inject({ method: 'GET', url: `/teams/${teamA.id}/events?after=100000`, headers: bearer(bob.accessToken) })
    t.equal(future.statusCode, 410)
    t.equal(future.json().error.code, 'RESYNC_REQUIRED')
    const outsider = await app.inject({ method: 'GET', url: `/teams/${teamA.id}/events?after=0`, headers: bearer(eve.accessToken) })
    t.equal(outsider.statusCode, 404)
  })

  await t.test('resume after a dropped connection: every missed event, once, in order', async (t) => {
    const seen = bobSocket.teamEvents(teamA.id)
    const lastSeen = seen.at(-1)!.seq
    bobSocket.socket.terminate()
    await bobSocket.waitClosed()
    // While Bob is away: a chat message and another activity.
    const msg = await app.inject({ method: 'POST', url: `/teams/${teamA.id}/messages`, headers: bearer(ada.accessToken), payload: { text: 'Oxford! <b>not bold</b>' } })
    t.equal(msg.statusCode, 201)
    await logRide(app, ada, 10_000, { startedAt: new Date(Date.now() - 4 * 3_600_000).toISOString() })
    const adaLatest = await adaSocket.next(f => f.type === 'progress_update' && f.data.totalDistance === 100_000, 15_000)
    const missed = adaSocket.teamEvents(teamA.id).filter(f => f.seq > lastSeen && f.seq <= adaLatest.seq)

    const back = await open()
    back.send({ action: 'auth', token: bob.accessToken })
    await back.next(is('authenticated'))
    back.send({ action: 'resume', teamId: teamA.id, after: lastSeen })
    await back.next(f => f.seq === adaLatest.seq, 10_000)
    const replayed = back.teamEvents(teamA.id).filter(f => f.seq <= adaLatest.seq)
    t.same(replayed.map(f => f.id), missed.map(f => f.id), 'exactly the missed events, in order')
    t.match(replayed.find(f => f.type === 'chat_message'), { data: { text: 'Oxford! <b>not bold</b>' } }, 'chat stored and returned as sent')
    clients.push(back)
  })

  await t.test('a member removed mid-session stops receiving, with an event saying so', async (t) => {
    const bobAgain = clients.at(-1)!
    const removed = await app.inject({ method: 'DELETE', url: `/teams/${teamA.id}/members/${bob.userId}`, headers: bearer(ada.accessToken) })
    t.equal(removed.statusCode, 204)
    t.match(await bobAgain.next(is('subscription_ended'), 15_000), { teamId: teamA.id, reason: 'removed' })
    await adaSocket.next(f => f.type === 'member_left' && f.data.userId === bob.userId, 15_000)
    const after = bobAgain.frames.length
    await app.inject({ method: 'POST', url: `/teams/${teamA.id}/messages`, headers: bearer(ada.accessToken), payload: { text: 'still here?' } })
    await adaSocket.next(f => f.type === 'chat_message' && f.data.text === 'still here?')
    await new Promise(resolve => setTimeout(resolve, 200))
    t.same(bobAgain.frames.slice(after).filter(f => f.teamId === teamA.id), [], 'nothing after the end')
    t.match(await bobAgain.request({ action: 'subscribe', teamId: teamA.id }, is('error')), { code: 'TEAM_NOT_FOUND' })
  })

  await t.test('a new member joining is announced', async (t) => {
    const carol = await register(app, { displayName: 'Carol' })
    await joinWithCode(app, carol, teamA.joinCode)
    t.match(await adaSocket.next(f => f.type === 'member_joined' && f.data.userId === carol.userId, 15_000), { data: { role: 'member' } })
  })
})
