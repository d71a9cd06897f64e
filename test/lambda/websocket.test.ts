import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register } from '../helpers/api.ts'
import { createTeam, joinWithCode } from '../helpers/teams.ts'
import { addRoute, dayFromToday, eventually, logRide } from '../helpers/progress.ts'
import { startConsumers } from '../../src/app/start-consumers.ts'
import { loadConfig } from '../../src/lib/config.ts'

/**
 * A local stand-in for the API Gateway management API: records every
 * PostToConnection, answers 410 GoneException (as API Gateway does) for
 * connections the test marks vanished, and records DeleteConnection.
 */
async function managementApi (t: import('tap').Test) {
  const posts: Array<{ connectionId: string, frame: any }> = []
  const deleted: string[] = []
  const gone = new Set<string>()
  const body = async (req: IncomingMessage) => { let s = ''; for await (const c of req) s += c; return s }
  const server = createServer(async (req, res) => {
    const match = /^\/@connections\/([^/?]+)/.exec(req.url ?? '')
    const connectionId = match ? decodeURIComponent(match[1]!) : ''
    const text = await body(req)
    if (!match) { res.writeHead(404).end(); return }
    if (gone.has(connectionId)) {
      res.writeHead(410, { 'x-amzn-errortype': 'GoneException', 'content-type': 'application/json' }).end('{"message":"Gone"}')
      return
    }
    if (req.method === 'POST') posts.push({ connectionId, frame: JSON.parse(text) })
    if (req.method === 'DELETE') deleted.push(connectionId)
    res.writeHead(200).end()
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>(resolve => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts, deleted, gone, framesOf: (id: string) => posts.filter(p => p.connectionId === id).map(p => p.frame) }
}

let connections = 0
/** Real-shaped API Gateway WebSocket events (as the Lambda integration delivers them). */
function wsEvent (routeKey: string, connectionId: string, extra: { body?: string, query?: Record<string, string>, headers?: Record<string, string> } = {}) {
  const eventType = routeKey === '$connect' ? 'CONNECT' : routeKey === '$disconnect' ? 'DISCONNECT' : 'MESSAGE'
  return {
    ...(routeKey === '$connect' && {
      headers: { Host: 'abc123.execute-api.eu-west-2.amazonaws.com', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '13', 'X-Forwarded-For': '203.0.113.7', ...extra.headers },
      multiValueHeaders: {},
      ...(extra.query && { queryStringParameters: extra.query, multiValueQueryStringParameters: Object.fromEntries(Object.entries(extra.query).map(([k, v]) => [k, [v]])) })
    }),
    requestContext: {
      routeKey,
      eventType,
      ...(eventType === 'MESSAGE' && { messageId: `m${Math.random()}` }),
      extendedRequestId: 'Xyz=',
      requestTime: new Date().toUTCString(),
      messageDirection: 'IN',
      stage: 'prod',
      connectedAt: Date.now(),
      requestTimeEpoch: Date.now(),
      identity: { sourceIp: '203.0.113.7', userAgent: 'test' },
      requestId: 'req',
      domainName: 'abc123.execute-api.eu-west-2.amazonaws.com',
      connectionId,
      apiId: 'abc123'
    },
    ...(extra.body !== undefined && { body: extra.body }),
    isBase64Encoded: false
  }
}

const environment = await testEnvironment(t)
const mgmt = await managementApi(t)
const lambdaEnv = { REALTIME_DRIVER: 'apigateway', WEBSOCKET_MANAGEMENT_ENDPOINT: mgmt.url, DYNAMODB_CREATE_TABLES: 'true' }
// The HTTP API and the workers on Lambda: the same adapter (chat and aggregation post to connections).
const app = await build(t, environment, lambdaEnv)
const consumers = await startConsumers(app, { ...loadConfig({ ...environment.env, ...lambdaEnv }), DATABASE_URL: environment.databaseUrl })
t.teardown(() => consumers.stop())
// The WebSocket function reads its settings from the environment at import, as on Lambda.
// Its limits are the ones a client meets on /ws (a browser origin allow-list, subscriptions per connection).
Object.assign(process.env, environment.env, lambdaEnv, { DATABASE_URL: environment.databaseUrl, JWT_SECRET: environment.env.JWT_SECRET, WS_ORIGINS: 'https://app.teamtrek.example', WS_MAX_SUBSCRIPTIONS: '2', WS_MESSAGES_PER_SECOND: '5' })
const { handler } = await import('../../src/app/lambda-websocket.ts')
const send = (id: string, frame: unknown) => handler(wsEvent('$default', id, { body: typeof frame === 'string' ? frame : JSON.stringify(frame) }))
const connect = async (query?: Record<string, string>, headers?: Record<string, string>) => {
  const id = `conn-${++connections}=`
  return { id, result: await handler(wsEvent('$connect', id, { ...(query && { query }), ...(headers && { headers }) })) }
}
const last = (id: string, type: string) => mgmt.framesOf(id).filter(f => f.type === type).at(-1)

const ada = await register(app, { displayName: 'Ada' })
const bob = await register(app, { displayName: 'Bob' })
const eve = await register(app, { displayName: 'Eve' })
const team = await createTeam(app, ada, { startDate: dayFromToday(-10), endDate: dayFromToday(30), timezone: 'UTC' })
await joinWithCode(app, bob, team.joinCode)
await addRoute(app, ada, team.id)

t.test('$connect needs a valid token, in the query string or Sec-WebSocket-Protocol', async (t) => {
  t.equal((await connect()).result.statusCode, 401)
  t.equal((await connect({ token: 'nope' })).result.statusCode, 401)
  t.equal((await connect({ token: ada.accessToken })).result.statusCode, 200)
  const viaProtocol = await connect(undefined, { 'Sec-WebSocket-Protocol': `bearer, ${bob.accessToken}` })
  t.equal(viaProtocol.result.statusCode, 200)
  t.same(viaProtocol.result.headers, { 'Sec-WebSocket-Protocol': 'bearer' }, 'the subprotocol is accepted')
})

t.test('$default speaks the /ws protocol: subscribe, membership, bad frames, live events, resume', async (t) => {
  const adaConn = (await connect({ token: ada.accessToken })).id
  const eveConn = (await connect({ token: eve.accessToken })).id
  await send(adaConn, '{oops')
  t.match(last(adaConn, 'error'), { code: 'BAD_FRAME' })
  await send(eveConn, { action: 'subscribe', teamId: team.id })
  t.match(last(eveConn, 'error'), { code: 'TEAM_NOT_FOUND' }, 'outsiders cannot subscribe')
  await send(adaConn, { action: 'subscribe', teamId: team.id })
  const subscribed = last(adaConn, 'subscribed')
  t.match(subscribed, { teamId: team.id })
  await send(adaConn, { action: 'ping' })
  t.ok(last(adaConn, 'pong'))

  // The aggregation worker posts progress_update to the connection.
  await logRide(app, ada, 90_000)
  const update = await eventually(async () => mgmt.framesOf(adaConn).find(f => f.type === 'progress_update' && f.data.totalDistance === 90_000), f => f !== undefined, 15_000, 'progress_update posted')
  t.equal(update.teamId, team.id)
  t.same(mgmt.framesOf(eveConn).filter(f => f.teamId === team.id && f.seq !== undefined), [], 'nothing for the outsider')

  // Chat over the socket, with a retry that is a no-op.
  await send(adaConn, { action: 'sendMessage', teamId: team.id, text: 'from Lambda', clientMessageId: 'l-1' })
  await send(adaConn, { action: 'sendMessage', teamId: team.id, text: 'from Lambda', clientMessageId: 'l-1' })
  const acks = mgmt.framesOf(adaConn).filter(f => f.type === 'message_sent')
  t.same(acks.map(a => a.duplicate), [false, true])
  t.equal(mgmt.framesOf(adaConn).filter(f => f.type === 'chat_message' && f.data.text === 'from Lambda').length, 1, 'posted once')

  const seqs = mgmt.framesOf(adaConn).filter(f => f.teamId === team.id && typeof f.seq === 'number' && f.id).map(f => f.seq)
  t.same(seqs, [...new Set(seqs)].sort((a, b) => a - b), 'no duplicates, in order')

  // Resume on a new connection: exactly what came after.
  const pushed = mgmt.framesOf(adaConn).filter(f => f.teamId === team.id && typeof f.seq === 'number' && f.id)
  const from = pushed[0]!.seq
  const again = (await connect({ token: ada.accessToken })).id
  await send(again, { action: 'resume', teamId: team.id, after: from })
  // An event logged meanwhile (a trailing aggregation's progress_update) may
  // bring the new connection up to date through the live path instead,
  // posting after the resume frame has returned: wait for the delivery.
  const replayed = await eventually(async () => mgmt.framesOf(again).filter(f => f.teamId === team.id && typeof f.seq === 'number' && f.id),
    frames => frames.length >= pushed.length - 1, 15_000, 'the missed events replayed')
  // Events recorded after the snapshot above may follow.
  t.same(replayed.slice(0, pushed.length - 1).map(f => f.id), pushed.slice(1).map(f => f.id), 'the same events after `from`')
  t.ok(replayed.length >= pushed.length - 1)
  await send(again, { action: 'resume', teamId: team.id, after: 1_000_000 })
  t.match(last(again, 'resync_required'), { teamId: team.id })
})

t.test('a vanished connection (410 GoneException) is removed', async (t) => {
  const bobConn = (await connect({ token: bob.accessToken })).id
  await send(bobConn, { action: 'subscribe', teamId: team.id })
  mgmt.gone.add(bobConn)
  const res = await app.inject({ method: 'POST', url: `/teams/${team.id}/messages`, headers: bearer(ada.accessToken), payload: { text: 'anyone?' } })
  t.equal(res.statusCode, 201)
  t.equal(await app.realtime.apigateway!.store.get(bobConn), undefined, 'connection forgotten')
  t.same(await app.realtime.apigateway!.store.subscriptions(bobConn), [], 'and its subscriptions')
})

t.test('token expiry and renewal on a long-lived connection', async (t) => {
  const conn = (await connect({ token: bob.accessToken })).id
  await send(conn, { action: 'subscribe', teamId: team.id })
  const store = app.realtime.apigateway!.store
  // Renewal: a fresh token for the same person moves the deadline.
  const fresh = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: bob.email, password: bob.password } })
  await send(conn, { action: 'auth', token: fresh.json().data.accessToken })
  t.match(last(conn, 'authenticated'), { userId: bob.userId })
  await send(conn, { action: 'auth', token: eve.accessToken })
  t.match(last(conn, 'error'), { code: 'USER_MISMATCH' })
  // Time passes beyond the token's expiry (set in the table, as the clock would).
  const table = loadConfig(environment.env).WEBSOCKET_CONNECTIONS_TABLE
  for (const sk of ['CONN', `TEAM#${team.id}`]) {
    await (await app.aws.dynamodb()).documents.send(new UpdateCommand({ TableName: table, Key: { pk: conn, sk }, UpdateExpression: 'SET tokenExpiresAt = :p', ExpressionAttributeValues: { ':p': Date.now() - 1000 } }))
  }
  await app.inject({ method: 'POST', url: `/teams/${team.id}/messages`, headers: bearer(ada.accessToken), payload: { text: 'after expiry' } })
  t.notOk(mgmt.framesOf(conn).some(f => f.type === 'chat_message' && f.data.text === 'after expiry'), 'nothing delivered on an expired token')
  t.match(last(conn, 'error'), { code: 'TOKEN_EXPIRED' })
  t.ok(mgmt.deleted.includes(conn), 'the connection is closed through the management API')
  t.equal(await store.get(conn), undefined)
})

t.test('a member removed stops receiving, told by subscription_ended', async (t) => {
  const carol = await register(app, { displayName: 'Carol' })
  await joinWithCode(app, carol, team.joinCode)
  const conn = (await connect({ token: carol.accessToken })).id
  await send(conn, { action: 'subscribe', teamId: team.id })
  const res = await app.inject({ method: 'DELETE', url: `/teams/${team.id}/members/${carol.userId}`, headers: bearer(ada.accessToken) })
  t.equal(res.statusCode, 204)
  const ended = await eventually(async () => last(conn, 'subscription_ended'), f => f !== undefined, 15_000, 'subscription_ended')
  t.match(ended, { teamId: team.id, reason: 'removed' })
  await app.inject({ method: 'POST', url: `/teams/${team.id}/messages`, headers: bearer(ada.accessToken), payload: { text: 'after removal' } })
  t.notOk(mgmt.framesOf(conn).some(f => f.type === 'chat_message' && f.data.text === 'after removal'))
})

t.test('$disconnect forgets the connection', async (t) => {
  const conn = (await connect({ token: ada.accessToken })).id
  await send(conn, { action: 'subscribe', teamId: team.id })
  t.equal((await handler(wsEvent('$disconnect', conn))).statusCode, 200)
  t.equal(await app.realtime.apigateway!.store.get(conn), undefined)
  t.same(await app.realtime.apigateway!.store.subscriptions(conn), [])
})

t.test('a deleted team ends its subscriptions, told by subscription_ended', async (t) => {
  const dora = await register(app, { displayName: 'Dora' })
  const doomed = await createTeam(app, dora)
  await joinWithCode(app, bob, doomed.joinCode)
  const conns = [(await connect({ token: dora.accessToken })).id, (await connect({ token: bob.accessToken })).id]
  for (const conn of conns) await send(conn, { action: 'subscribe', teamId: doomed.id })
  const res = await app.inject({ method: 'DELETE', url: `/teams/${doomed.id}`, headers: bearer(dora.accessToken) })
  t.equal(res.statusCode, 204)
  for (const conn of conns) {
    const ended = await eventually(async () => last(conn, 'subscription_ended'), f => f !== undefined, 15_000, 'subscription_ended')
    t.match(ended, { teamId: doomed.id, reason: 'team_deleted' })
    t.equal(await app.realtime.apigateway!.store.subscription(conn, doomed.id), undefined, 'the subscription item is gone')
    t.ok(await app.realtime.apigateway!.store.get(conn), 'the connection itself stays')
  }
})

t.test('logout and account deletion close the connections through the management API at once', async (t) => {
  const fay = await register(app, { displayName: 'Fay' })
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: fay.email, password: fay.password } })
  const second = login.json().data as { accessToken: string }
  const first = (await connect({ token: fay.accessToken })).id
  const other = (await connect({ token: second.accessToken })).id
  const store = app.realtime.apigateway!.store

  const out = await app.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken: fay.refreshToken } })
  t.equal(out.statusCode, 204)
  t.match(last(first, 'session_ended'), { reason: 'logout' }, 'told before the answer to the logout')
  t.ok(mgmt.deleted.includes(first), 'DeleteConnection')
  t.equal(await store.get(first), undefined)
  t.notOk(mgmt.deleted.includes(other), 'the other session stays connected')
  t.ok(await store.get(other))

  const gone = await app.inject({ method: 'DELETE', url: '/users/me', headers: bearer(second.accessToken) })
  t.equal(gone.statusCode, 204)
  t.match(last(other, 'session_ended'), { reason: 'account_deleted' })
  t.ok(mgmt.deleted.includes(other))
  t.equal(await store.get(other), undefined)
})

t.test('the limits of /ws hold on Lambda: Origin allow-list, subscriptions per connection, frame size, frames per second', async (t) => {
  t.equal((await connect({ token: ada.accessToken }, { Origin: 'https://evil.example' })).result.statusCode, 403, 'a page of another site cannot connect')
  t.equal((await connect({ token: ada.accessToken }, { Origin: 'https://app.teamtrek.example' })).result.statusCode, 200)
  const [second, third] = [await createTeam(app, ada), await createTeam(app, ada)]
  const conn = (await connect({ token: ada.accessToken })).id
  await send(conn, { action: 'subscribe', teamId: team.id })
  await send(conn, { action: 'subscribe', teamId: second.id })
  t.equal(mgmt.framesOf(conn).filter(f => f.type === 'subscribed').length, 2)
  await send(conn, { action: 'subscribe', teamId: third.id })
  t.match(last(conn, 'error'), { code: 'TOO_MANY_SUBSCRIPTIONS', teamId: third.id })
  t.equal(await app.realtime.apigateway!.store.subscription(conn, third.id), undefined, 'not subscribed')
  await send(conn, JSON.stringify({ action: 'ping', pad: 'x'.repeat(130 * 1024) }))
  t.match(last(conn, 'error'), { code: 'FRAME_TOO_LARGE' }, 'API Gateway refuses such a frame anyway; the handler says so too')

  // 5 a second here: 10 per 2-second window, counted in DynamoDB whichever Lambda takes the frame.
  const busy = (await connect({ token: ada.accessToken })).id
  const started = Date.now()
  for (let i = 0; i < 30; i++) await send(busy, { action: 'ping' })
  const elapsed = Date.now() - started
  const pongs = mgmt.framesOf(busy).filter(f => f.type === 'pong').length
  const limited = mgmt.framesOf(busy).filter(f => f.type === 'error' && f.code === 'RATE_LIMITED').length
  t.ok(pongs >= 10 && pongs <= 10 * (Math.floor(elapsed / 2000) + 2), `${pongs} of 30 pings answered in ${elapsed} ms`)
  t.equal(pongs + limited, 30, 'the rest refused with RATE_LIMITED')
  await new Promise(resolve => setTimeout(resolve, 2100))
  await send(busy, { action: 'ping' })
  t.equal(mgmt.framesOf(busy).at(-1)?.type, 'pong', 'the next window has room again')

  // Renewing the token does not give a fresh allowance. The eleven frames
  // must fall in one 2-second window: each try starts at a window's start,
  // and one that a busy machine stretched across two is tried again.
  let inOneWindow = false
  for (let attempt = 0; attempt < 5 && !inOneWindow; attempt++) {
    const renewing = (await connect({ token: ada.accessToken })).id
    await new Promise(resolve => setTimeout(resolve, 2000 - (Date.now() % 2000) + 5))
    const window = Math.floor(Date.now() / 2000)
    for (let i = 0; i < 9; i++) await send(renewing, { action: 'ping' })
    await send(renewing, { action: 'auth', token: ada.accessToken })
    const renewed = last(renewing, 'authenticated')
    await send(renewing, { action: 'ping' })
    inOneWindow = Math.floor(Date.now() / 2000) === window
    if (!inOneWindow) continue
    t.ok(renewed, 'the tenth frame, a renewal, is allowed')
    t.match(mgmt.framesOf(renewing).at(-1), { type: 'error', code: 'RATE_LIMITED' }, 'the eleventh is not')
  }
  t.ok(inOneWindow, 'eleven frames fitted in one rate window')
})
