import t from 'tap'
import type { Test } from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'
import { register } from '../helpers/api.ts'
import { createTeam } from '../helpers/teams.ts'
import { clientsOf, is } from '../helpers/ws.ts'
import type { App } from '../../src/app/app.ts'

// The protocol's limits, each on an app with that limit set small.
const environment = await testEnvironment(t)

async function serve (t: Test, settings: Record<string, string>) {
  const app = await build(t, environment, settings)
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const url = `${address.replace('http', 'ws')}/ws`
  const openClient = clientsOf(t)
  return {
    app,
    url,
    open: async (query = '', options = {}) => openClient(url + query, options)
  }
}

/** An access token for `account`'s session that expires in `seconds`. */
function shortToken (app: App, accessToken: string, seconds: number): string {
  const claims = app.jwt.decode<{ sub: string, sid: string }>(accessToken)!
  return app.jwt.sign({ sub: claims.sub, sid: claims.sid }, { expiresIn: `${seconds}s` })
}

t.test('frames per second, subscriptions per connection, frame size', async (t) => {
  const { app, open } = await serve(t, { WS_MESSAGES_PER_SECOND: '2', WS_MAX_SUBSCRIPTIONS: '1' })
  const ada = await register(app)
  const [one, two] = [await createTeam(app, ada), await createTeam(app, ada)]
  const c = await open(`?token=${ada.accessToken}`)
  await c.next(is('authenticated'))
  await new Promise(resolve => setTimeout(resolve, 1100))
  for (let i = 0; i < 10; i++) c.send({ action: 'ping' })
  await c.next(f => f.type === 'error' && f.code === 'RATE_LIMITED')
  const pongs = c.frames.filter(f => f.type === 'pong').length
  t.ok(pongs >= 2 && pongs <= 5, `a burst of twice the rate passes (${pongs} pongs), the rest is refused`)

  await new Promise(resolve => setTimeout(resolve, 1100))
  await c.request({ action: 'subscribe', teamId: one.id }, is('subscribed'))
  t.match(await c.request({ action: 'subscribe', teamId: two.id }, is('error')), { code: 'TOO_MANY_SUBSCRIPTIONS', teamId: two.id })

  const big = await open()
  big.send(JSON.stringify({ action: 'ping', pad: 'x'.repeat(130 * 1024) }))
  t.equal((await big.waitClosed()).code, 1009, 'a frame over 128 KB closes the connection (message too big), as API Gateway refuses it')
  await new Promise(resolve => setTimeout(resolve, 1100))
  t.match(await c.request({ action: 'ping' }, is('pong')), { type: 'pong' }, 'the server carries on')
})

t.test('an Origin allow-list stops cross-site WebSocket hijacking', async (t) => {
  const { open } = await serve(t, { WS_ORIGINS: 'https://app.teamtrek.example' })
  await t.rejects(open('', { headers: { origin: 'https://evil.example' } }), /403/)
  const ok = await open('', { headers: { origin: 'https://app.teamtrek.example' } })
  t.match(await ok.request({ action: 'ping' }, is('pong')), { type: 'pong' })
})

t.test('idle connections are closed, and none outlives the maximum age', async (t) => {
  const idle = await serve(t, { WS_HEARTBEAT_MS: '100', WS_IDLE_TIMEOUT_MS: '1000' })
  const ada = await register(idle.app)
  const quiet = await idle.open(`?token=${ada.accessToken}`)
  t.equal((await quiet.waitClosed(5000)).code, 4000, 'closed after 1 s without a frame (pongs to pings do not count)')

  const aged = await serve(t, { WS_HEARTBEAT_MS: '100', WS_MAX_CONNECTION_MS: '1000' })
  const bob = await register(aged.app)
  const old = await aged.open(`?token=${bob.accessToken}`)
  const chatty = setInterval(() => old.closed || old.send({ action: 'ping' }), 200)
  t.teardown(() => clearInterval(chatty))
  t.match(await old.next(is('reconnect'), 5000), { reason: 'max_connection_age' })
  t.equal((await old.waitClosed()).code, 1012)
})

t.test('an access token that expires ends the connection unless renewed with auth', async (t) => {
  const { app, open } = await serve(t, { WS_HEARTBEAT_MS: '100' })
  const ada = await register(app)
  const team = await createTeam(app, ada)

  const lapsing = await open()
  const first = await lapsing.request({ action: 'auth', token: shortToken(app, ada.accessToken, 2) }, is('authenticated'))
  t.ok(Date.parse(first.expiresAt) - Date.now() < 2500, 'the server says when the token expires')
  await lapsing.request({ action: 'subscribe', teamId: team.id }, is('subscribed'))
  t.match(await lapsing.next(is('error'), 6000), { code: 'TOKEN_EXPIRED' })
  t.equal((await lapsing.waitClosed()).code, 4401)

  const renewed = await open()
  await renewed.request({ action: 'auth', token: shortToken(app, ada.accessToken, 2) }, is('authenticated'))
  await renewed.request({ action: 'subscribe', teamId: team.id }, is('subscribed'))
  const later = await renewed.request({ action: 'auth', token: ada.accessToken }, is('authenticated'))
  t.ok(Date.parse(later.expiresAt) - Date.now() > 60_000, 'a fresh token moves the deadline')
  await new Promise(resolve => setTimeout(resolve, 3000))
  t.equal(renewed.closed, null, 'still open after the first token expired')
  const msg = await app.inject({ method: 'POST', url: `/teams/${team.id}/messages`, headers: { authorization: `Bearer ${ada.accessToken}` }, payload: { text: 'still live' } })
  t.equal(msg.statusCode, 201)
  t.match(await renewed.next(is('chat_message')), { data: { text: 'still live' } })

  const expired = await open()
  const expiredToken = shortToken(app, ada.accessToken, 1)
  await new Promise(resolve => setTimeout(resolve, 1100))
  t.match(await expired.request({ action: 'auth', token: expiredToken }, is('error')), { code: 'TOKEN_EXPIRED' }, 'an expired token is refused, with the code that says refresh')

  // A session that ended (logout) stops its tokens at once on this instance.
  const logout = await app.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken: ada.refreshToken } })
  t.equal(logout.statusCode, 204)
  const after = await open()
  t.match(await after.request({ action: 'auth', token: ada.accessToken }, is('error')), { code: 'SESSION_EXPIRED' })
})

t.test('the heartbeat drops a connection that stops answering pings, and keeps one that answers', async (t) => {
  const { app, open } = await serve(t, { WS_HEARTBEAT_MS: '100' })
  const ada = await register(app)
  // A client whose pongs never come back (a phone that went out of range, a dead NAT mapping).
  const dead = await open(`?token=${ada.accessToken}`, { autoPong: false })
  await dead.next(is('authenticated'))
  const alive = await open(`?token=${ada.accessToken}`)
  await alive.next(is('authenticated'))
  const closed = await dead.waitClosed(3000)
  t.equal(closed.code, 1006, 'terminated without a close handshake after a missed pong')
  t.equal(alive.closed, null, 'a client that answers stays connected, even without sending a frame')
  t.equal(app.realtime.hub!.size, 1, 'and the server forgot the dead one')
})

t.test('a slow reader is disconnected rather than buffered without bound', async (t) => {
  const maxBuffered = 256 * 1024
  const { app, open } = await serve(t, { WS_MAX_BUFFERED_BYTES: String(maxBuffered) })
  const ada = await register(app)
  const bob = await register(app)
  const slow = await open(`?token=${ada.accessToken}`)
  await slow.next(is('authenticated'))
  const other = await open(`?token=${bob.accessToken}`)
  await other.next(is('authenticated'))
  // The client stops reading: the kernel's buffers fill, then the server's.
  const transport = (slow.socket as unknown as { _socket: import('node:net').Socket })._socket
  transport.pause()
  const payload = { pad: 'x'.repeat(32 * 1024) }
  let pushed = 0
  while (app.realtime.hub!.size === 2 && pushed < 2000) {
    await app.broadcaster.toUser(ada.userId, 'notification', payload)
    pushed++
    if (pushed % 10 === 0) await new Promise(resolve => setImmediate(resolve))
  }
  t.equal(app.realtime.hub!.size, 1, `dropped after ${pushed} frames of 32 KB (${(pushed * 32 / 1024).toFixed(1)} MB), not buffered for ever`)
  t.ok(pushed < 2000, 'long before the test gives up')
  transport.resume()
  t.ok(await slow.waitClosed(5000), 'the slow client finds its connection closed once it reads again')
  t.match(await other.request({ action: 'ping' }, is('pong')), { type: 'pong' }, 'everyone else carries on')
})
