import type { FastifyBaseLogger } from 'fastify'
import type { ApiGatewayRealtime } from './apigateway.ts'
import type { ConnectionStore } from './connections-store.ts'
import { REPLAY_LIMIT } from './event-log.ts'
import type { ProtocolDeps } from './hub.ts'
import { ProtocolError, actionOf, errorFrame, parseFrame, type ClientFrame } from './protocol.ts'

/** The parts of an API Gateway WebSocket event the handlers read. */
export interface WebSocketEvent {
  requestContext: { routeKey: string, connectionId: string, eventType?: string }
  headers?: Record<string, string | undefined> | null
  queryStringParameters?: Record<string, string | undefined> | null
  body?: string | null
  isBase64Encoded?: boolean
}

export interface WebSocketResult {
  statusCode: number
  headers?: Record<string, string>
  body?: string
}

export interface LambdaGatewayOptions {
  protocol: ProtocolDeps
  store: ConnectionStore
  api: ApiGatewayRealtime
  logger: FastifyBaseLogger
  origins: string[]
  maxSubscriptions: number
  /** The /ws rate: bursts of twice it, the rate on average (here: 2 × rate frames per 2-second window). */
  messagesPerSecond: number
}

/** Lambda's rate window: long enough to allow /ws's burst of twice the rate, short enough to average to it. */
const RATE_WINDOW_MS = 2000

/** The subprotocol that carries a token: `Sec-WebSocket-Protocol: bearer, <token>`. */
const BEARER_PROTOCOL = 'bearer'

function header (event: WebSocketEvent, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === name) return value
  return undefined
}

/** The token of a $connect: `?token=` or the `bearer, <token>` subprotocol pair. */
export function connectToken (event: WebSocketEvent): { token: string | undefined, subprotocol: boolean } {
  const query = event.queryStringParameters?.token
  if (query) return { token: query, subprotocol: false }
  const offered = (header(event, 'sec-websocket-protocol') ?? '').split(',').map(p => p.trim())
  const at = offered.indexOf(BEARER_PROTOCOL)
  return at >= 0 && offered[at + 1] ? { token: offered[at + 1], subprotocol: true } : { token: undefined, subprotocol: false }
}

/**
 * The API Gateway WebSocket routes: `$connect` (authenticate, or refuse the
 * upgrade), `$disconnect`, and `$default` with the same actions as `/ws`.
 * State lives in DynamoDB between invocations; replies go back through
 * PostToConnection, like every other frame.
 */
export function createLambdaGateway (opts: LambdaGatewayOptions) {
  const { protocol, store, api } = opts
  const origins = new Set(opts.origins)

  async function connect (event: WebSocketEvent): Promise<WebSocketResult> {
    const origin = header(event, 'origin')
    if (origins.size > 0 && origin !== undefined && !origins.has(origin)) return { statusCode: 403, body: 'origin not allowed' }
    const { token, subprotocol } = connectToken(event)
    if (!token) return { statusCode: 401, body: 'send an access token: ?token= or Sec-WebSocket-Protocol: bearer, <token>' }
    try {
      const identity = await protocol.verifyToken(token)
      await store.put(event.requestContext.connectionId, identity)
    } catch (err) {
      if (err instanceof ProtocolError) return { statusCode: 401, body: err.code }
      throw err
    }
    return { statusCode: 200, ...(subprotocol && { headers: { 'Sec-WebSocket-Protocol': BEARER_PROTOCOL } }) }
  }

  async function replay (connectionId: string, teamId: string, after: number): Promise<void> {
    const page = await protocol.log.after(teamId, after, 1)
    if (page.resyncRequired) {
      const sub = await store.subscription(connectionId, teamId)
      if (sub) await store.claim(connectionId, teamId, sub.lastSeq, page.lastSeq)
      await api.post(connectionId, { type: 'resync_required', teamId, seq: page.lastSeq })
      return
    }
    // Send in pages the size a socket resume gets.
    let sub = await store.subscription(connectionId, teamId)
    while (sub && sub.lastSeq < page.lastSeq) {
      await api.catchUp(sub, Math.min(page.lastSeq, sub.lastSeq + REPLAY_LIMIT))
      sub = await store.subscription(connectionId, teamId)
    }
  }

  async function act (connectionId: string, frame: ClientFrame): Promise<void> {
    let connection = await store.get(connectionId)
    if (!connection) throw new ProtocolError('UNAUTHORIZED', 'this connection is not known; reconnect')
    if (connection.tokenExpiresAt <= Date.now() && frame.action !== 'auth') {
      await api.post(connectionId, { type: 'error', code: 'TOKEN_EXPIRED', message: 'The access token expired; reconnect with a fresh one and resume' })
      await api.disconnect(connectionId)
      return
    }
    switch (frame.action) {
      case 'ping':
        await api.post(connectionId, { type: 'pong', at: new Date().toISOString() })
        return
      case 'auth': {
        const identity = await protocol.verifyToken(frame.token)
        if (identity.userId !== connection.userId) throw new ProtocolError('USER_MISMATCH', 'a connection belongs to one person; open another for someone else')
        await store.put(connectionId, identity, connection.connectedAt)
        await store.renew(connectionId, identity)
        await api.post(connectionId, { type: 'authenticated', userId: identity.userId, expiresAt: new Date(identity.expiresAt).toISOString() })
        return
      }
      case 'subscribe':
      case 'resume': {
        if (frame.action === 'subscribe' && frame.token !== undefined) {
          const identity = await protocol.verifyToken(frame.token)
          if (identity.userId !== connection.userId) throw new ProtocolError('USER_MISMATCH', 'a connection belongs to one person; open another for someone else')
          await store.put(connectionId, identity, connection.connectedAt)
          connection = { ...connection, sessionId: identity.sessionId, tokenExpiresAt: identity.expiresAt }
        }
        const existing = await store.subscription(connectionId, frame.teamId)
        if (!existing && (await store.subscriptions(connectionId)).length >= opts.maxSubscriptions) {
          throw new ProtocolError('TOO_MANY_SUBSCRIPTIONS', `at most ${opts.maxSubscriptions} teams per connection`)
        }
        if (!(await protocol.isMember(frame.teamId, connection.userId))) throw new ProtocolError('TEAM_NOT_FOUND', 'Team not found')
        const after = frame.after
        const start = after ?? existing?.lastSeq ?? await protocol.log.lastSeq(frame.teamId)
        await store.subscribe(connection, frame.teamId, start)
        await api.post(connectionId, { type: 'subscribed', teamId: frame.teamId, seq: start })
        if (after !== undefined) await replay(connectionId, frame.teamId, after)
        return
      }
      case 'unsubscribe': {
        if (!(await store.subscription(connectionId, frame.teamId))) throw new ProtocolError('NOT_SUBSCRIBED', 'not subscribed to this team')
        await store.unsubscribe(connectionId, frame.teamId)
        await api.post(connectionId, { type: 'unsubscribed', teamId: frame.teamId })
        return
      }
      case 'sendMessage': {
        const chat = protocol.chat()
        if (!chat) throw new ProtocolError('INTERNAL_ERROR', 'chat is not available here')
        const sent = await chat.send(connection.userId, frame.teamId, { text: frame.text, clientMessageId: frame.clientMessageId })
        await api.post(connectionId, {
          type: 'message_sent',
          teamId: frame.teamId,
          ...(frame.clientMessageId !== undefined && { clientMessageId: frame.clientMessageId }),
          messageId: sent.messageId,
          duplicate: sent.duplicate
        })
      }
    }
  }

  async function message (event: WebSocketEvent): Promise<WebSocketResult> {
    const connectionId = event.requestContext.connectionId
    const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : (event.body ?? '')
    let frame: ClientFrame
    try {
      if (!(await store.spend(connectionId, opts.messagesPerSecond * RATE_WINDOW_MS / 1000, RATE_WINDOW_MS)) && (await store.get(connectionId))) {
        throw new ProtocolError('RATE_LIMITED', `at most ${opts.messagesPerSecond} frames per second`)
      }
      frame = parseFrame(raw)
    } catch (err) {
      await api.post(connectionId, errorFrame(err, { action: actionOf(raw) }))
      return { statusCode: 200 }
    }
    try {
      await act(connectionId, frame)
    } catch (err) {
      if (!(err instanceof ProtocolError) && (err as { statusCode?: number }).statusCode === undefined) {
        opts.logger.error({ err, action: frame.action }, 'websocket action failed')
      }
      await api.post(connectionId, errorFrame(err, { action: frame.action, teamId: 'teamId' in frame ? frame.teamId : undefined }))
    }
    return { statusCode: 200 }
  }

  return {
    async handle (event: WebSocketEvent): Promise<WebSocketResult> {
      switch (event.requestContext.routeKey) {
        case '$connect': return connect(event)
        case '$disconnect':
          await store.remove(event.requestContext.connectionId)
          return { statusCode: 200 }
        default: return message(event)
      }
    }
  }
}
