import fp from 'fastify-plugin'
import websocket from '@fastify/websocket'
import type { FastifyInstance } from 'fastify'
import { createEventLog, type EventLog } from './event-log.ts'
import { createFanoutBroadcaster, createMemoryFanout, createRedisFanout, type Fanout } from './fanout.ts'
import { createPostgresFanout } from './postgres-fanout.ts'
import { createHub, type ChatPort, type Hub, type Identity, type ProtocolDeps } from './hub.ts'
import { createApiGatewayBroadcaster, type ApiGatewayRealtime } from './apigateway.ts'
import { createConnectionStore, ensureConnectionsTable, type ConnectionStore } from './connections-store.ts'
import type { Broadcaster } from './port.ts'
import { MAX_FRAME_BYTES, ProtocolError } from './protocol.ts'
import { createFramedSender } from './ws-frames.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** Push live events; which adapter runs is the runtime's business (REALTIME_DRIVER). */
    broadcaster: Broadcaster
    realtime: {
      log: EventLog
      /** Null on Lambda (API Gateway holds the sockets). */
      hub: Hub | null
      /** Lambda mode only: the connections table and PostToConnection. */
      apigateway: { store: ConnectionStore, api: ApiGatewayRealtime } | null
      protocol: ProtocolDeps
      /** The chat domain plugs in what `sendMessage` calls. */
      useChat: (chat: ChatPort) => void
    }
  }
}

export interface RealtimePluginOptions {
  driver: 'memory' | 'redis' | 'postgres' | 'apigateway'
  /** The listening connection of the `postgres` driver. */
  databaseUrl: string
  routes: boolean
  channel: string
  connectionsTable: string
  createTables: boolean
  managementEndpoint?: string | undefined
  region: string
  origins: string[]
  limits: {
    maxSubscriptions: number
    messagesPerSecond: number
    heartbeatMs: number
    idleTimeoutMs: number
    maxConnectionMs: number
    maxBufferedBytes: number
  }
}

/** Always a text frame (the protocol is JSON text); one options object for every send. */
const TEXT_FRAME = { binary: false } as const

/** Verify an access token as the HTTP API does (signature, claims, live session). */
export function tokenVerifier (fastify: FastifyInstance) {
  return async (token: string): Promise<Identity> => {
    let claims: { sub: string, sid: string, exp: number }
    try {
      claims = fastify.jwt.verify<{ sub: string, sid: string, exp: number }>(token)
    } catch (err) {
      if ((err as { code?: string }).code === 'FAST_JWT_EXPIRED') throw new ProtocolError('TOKEN_EXPIRED', 'The access token has expired; refresh it and send {"action":"auth"}')
      throw new ProtocolError('UNAUTHORIZED', 'The access token is not valid')
    }
    if (!(await fastify.sessionGuard.isLive(claims.sid, claims.sub))) throw new ProtocolError('SESSION_EXPIRED', 'The session has ended; sign in again')
    return { userId: claims.sub, sessionId: claims.sid, expiresAt: claims.exp * 1000 }
  }
}

/**
 * Real time: the team event log, the broadcaster for this runtime, and (in
 * containers and embedded mode) `GET /ws` with the connections of this
 * process. Domains and jobs only see `fastify.broadcaster`.
 */
async function realtimePlugin (fastify: FastifyInstance, opts: RealtimePluginOptions) {
  const log = createEventLog(fastify.db)
  let chat: ChatPort | undefined
  const protocol: ProtocolDeps = {
    log,
    verifyToken: tokenVerifier(fastify),
    async isMember (teamId, userId) {
      const row = await fastify.db.selectFrom('team_members').select('role').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst()
      return row !== undefined
    },
    chat: () => chat
  }

  if (opts.driver === 'apigateway') {
    if (opts.createTables) await ensureConnectionsTable(await fastify.aws.dynamodb(), opts.connectionsTable)
    const store = createConnectionStore(fastify.aws.dynamodb, opts.connectionsTable)
    if (!opts.managementEndpoint) throw new Error('REALTIME_DRIVER=apigateway needs WEBSOCKET_MANAGEMENT_ENDPOINT')
    const apigw = createApiGatewayBroadcaster({
      log,
      store,
      endpoint: opts.managementEndpoint,
      region: opts.region,
      logger: fastify.log,
      // A local stand-in (tests, offline development) takes any credentials.
      ...(opts.managementEndpoint.startsWith('http://') && { credentials: { accessKeyId: 'teamtreklocal', secretAccessKey: 'teamtreklocal' } })
    })
    fastify.decorate<Broadcaster>('broadcaster', apigw.broadcaster)
    fastify.decorate('realtime', { log, hub: null, apigateway: { store, api: apigw }, protocol, useChat: (c: ChatPort) => { chat = c } })
    fastify.addHook('onClose', async () => apigw.destroy())
    return
  }

  let fanout: Fanout
  if (opts.driver === 'redis') {
    if (!fastify.redis) throw new Error('REALTIME_DRIVER=redis needs REDIS_URL')
    fanout = createRedisFanout(fastify.redis, opts.channel, fastify.log)
  } else if (opts.driver === 'postgres') {
    fanout = createPostgresFanout({ url: opts.databaseUrl, channel: opts.channel, db: fastify.db, log, logger: fastify.log })
  } else {
    fanout = createMemoryFanout()
  }
  const hub = createHub(protocol, { ...opts.limits, authTimeoutMs: 10_000 }, fastify.log)
  fanout.onMessage((message) => {
    switch (message.kind) {
      case 'team': hub.deliverTeam(message.event); break
      case 'user': hub.deliverUser(message.userId, message.type, message.data); break
      case 'team_ended': hub.endTeam(message.teamId); break
      case 'sessions_ended': hub.endSessions(message.userId, message.sessionId, message.reason)
    }
  })
  fastify.decorate<Broadcaster>('broadcaster', createFanoutBroadcaster(log, fanout, fastify.log))
  fastify.decorate('realtime', { log, hub, apigateway: null, protocol, useChat: (c: ChatPort) => { chat = c } })
  // Start without Redis if it is down (pushes then wait for the subscriber to
  // reconnect; clients catch up from the log): a bounded wait, never a hang.
  fastify.addHook('onReady', async () => {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<void>(resolve => { timer = setTimeout(resolve, 2000) })
    await Promise.race([fanout.ready, late])
    clearTimeout(timer)
  })
  fastify.addHook('onClose', async () => fanout.close())

  if (!opts.routes) return
  const heartbeat = setInterval(() => hub.sweep(), opts.limits.heartbeatMs)
  heartbeat.unref()
  // Before the server stops accepting: tell every client to reconnect elsewhere.
  fastify.addHook('preClose', async () => {
    clearInterval(heartbeat)
    hub.closeAll()
  })
  await fastify.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } })
  const origins = new Set(opts.origins)
  // A team event's bytes, framed once for all of its sockets.
  const frames = createFramedSender()
  fastify.get('/ws', {
    websocket: true,
    schema: { hide: true },
    // Before the upgrade: a page from another site cannot open a socket.
    preValidation: async (request, reply) => {
      const origin = request.headers.origin
      if (origins.size > 0 && origin !== undefined && !origins.has(origin)) {
        await reply.code(403).send({ success: false, error: { code: 'FORBIDDEN', message: 'This origin may not open a WebSocket' } })
      }
    }
  }, (socket, request) => {
    const plain = socket.extensions === ''
    const conn = hub.open({
      send: data => typeof data === 'string' ? socket.send(data, TEXT_FRAME) : frames.send(socket, data, plain),
      close: (code, reason) => socket.close(code, reason),
      terminate: () => socket.terminate(),
      ping: () => socket.ping(),
      get bufferedAmount () { return socket.bufferedAmount }
    })
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      conn.onFrame(isBinary ? Buffer.from('') : data).catch(() => {})
    })
    socket.on('pong', () => { conn.alive = true })
    socket.on('close', () => conn.forget())
    socket.on('error', () => conn.forget())
    const token = (request.query as { token?: unknown }).token
    if (typeof token === 'string' && token.length > 0) conn.onFrame(JSON.stringify({ action: 'auth', token })).catch(() => {})
  })
}

export default fp(realtimePlugin, { name: 'realtime', fastify: '5.x', dependencies: ['database', 'aws', 'redis', 'auth'] })
