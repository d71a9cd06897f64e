import type { FastifyBaseLogger } from 'fastify'
import type { EventLog } from './event-log.ts'
import { createTeamSequencer } from './team-sequencer.ts'
import type { SessionEndReason, TeamEvent, UserEventType } from './port.ts'
import {
  CLOSE, ProtocolError, actionOf, endReasonOf, errorFrame, parseFrame,
  type ClientFrame, type EndReason, type ServerFrame
} from './protocol.ts'

/** Who is behind a connection, from a verified access token. */
export interface Identity {
  userId: string
  sessionId: string
  /** When the access token expires (epoch ms). */
  expiresAt: number
}

/** What `sendMessage` calls: the chat domain plugs itself in here. */
export interface ChatPort {
  send: (userId: string, teamId: string, input: { text: string, clientMessageId?: string | undefined }) => Promise<{ messageId: string, duplicate: boolean }>
}

/** What the protocol needs from the rest of the service, in every runtime. */
export interface ProtocolDeps {
  log: EventLog
  /** Verify an access token and its session; throws ProtocolError (UNAUTHORIZED, TOKEN_EXPIRED, SESSION_EXPIRED). */
  verifyToken: (token: string) => Promise<Identity>
  isMember: (teamId: string, userId: string) => Promise<boolean>
  chat: () => ChatPort | undefined
}

export interface HubLimits {
  maxSubscriptions: number
  messagesPerSecond: number
  idleTimeoutMs: number
  maxConnectionMs: number
  maxBufferedBytes: number
  /** Connections that have not authenticated by then are closed. */
  authTimeoutMs: number
}

/** The part of a WebSocket the hub uses (the `ws` package's socket fits). */
export interface Socket {
  /** A text frame: a string, or its UTF-8 bytes (encoded once for many sockets). */
  send: (data: string | Buffer) => void
  close: (code: number, reason: string) => void
  terminate: () => void
  ping: () => void
  readonly bufferedAmount: number
}

interface Subscription {
  lastSeq: number
  /** Every delivery to this subscription runs in order on this chain. */
  chain: Promise<void>
  /** Steps queued on the chain and not finished: 0 lets the next event go out at once. */
  pending: number
}

/**
 * The connections of this process and how events reach them. Each
 * subscription keeps the last sequence number it delivered and handles its
 * events one at a time: an event arriving ahead of a gap (pub/sub gives no
 * order between publishers) first fetches the gap from the team's log, and
 * anything already delivered is dropped. So every subscriber gets each
 * event once and in order, live or resumed.
 */
export function createHub (deps: ProtocolDeps, limits: HubLimits, logger: FastifyBaseLogger) {
  const connections = new Set<Connection>()
  const byTeam = new Map<string, Set<Connection>>()
  const byUser = new Map<string, Set<Connection>>()

  function index<K> (map: Map<K, Set<Connection>>, key: K, conn: Connection, add: boolean) {
    let set = map.get(key)
    if (add) {
      if (!set) map.set(key, set = new Set())
      set.add(conn)
    } else if (set) {
      set.delete(conn)
      if (set.size === 0) map.delete(key)
    }
  }

  function leaveTeam (teamId: string, conn: Connection) {
    index(byTeam, teamId, conn, false)
    if (!byTeam.has(teamId)) sequencer.forget(teamId)
  }

  /** A team event, in sequence order, to every local subscriber of its team. */
  function fanOut (event: TeamEvent): void {
    const subscribers = byTeam.get(event.teamId)
    if (!subscribers) return
    // Serialised and encoded once; the ws adapter frames these bytes once too.
    const bytes = Buffer.from(JSON.stringify(event))
    for (const conn of subscribers) conn.deliver(event, bytes)
  }

  const sequencer = createTeamSequencer({
    between: (teamId, from, to) => deps.log.between(teamId, from, to),
    release: fanOut,
    onError: (err, teamId) => logger.warn({ err, teamId }, 'could not fill a gap in live events; subscriptions fetch it themselves')
  })

  class Connection {
    readonly openedAt = Date.now()
    lastFrameAt = Date.now()
    identity: Identity | null = null
    readonly subs = new Map<string, Subscription>()
    alive = true
    closed = false
    private tokens: number
    private refilledAt = Date.now()
    readonly socket: Socket

    constructor (socket: Socket) {
      this.socket = socket
      this.tokens = limits.messagesPerSecond * 2
    }

    send (frame: ServerFrame): void {
      this.sendText(JSON.stringify(frame))
    }

    /** A frame already serialised: one JSON.stringify per event, not per subscriber. */
    sendText (text: string | Buffer): void {
      if (this.closed) return
      this.socket.send(text)
      if (this.socket.bufferedAmount > limits.maxBufferedBytes) {
        logger.info({ userId: this.identity?.userId, buffered: this.socket.bufferedAmount }, 'slow websocket reader disconnected')
        this.close(CLOSE.slowReader, 'slow reader')
        this.socket.terminate()
      }
    }

    close (code: number, reason: string): void {
      if (this.closed) return
      this.closed = true
      this.socket.close(code, reason)
      this.forget()
    }

    forget (): void {
      this.closed = true
      connections.delete(this)
      for (const teamId of this.subs.keys()) leaveTeam(teamId, this)
      this.subs.clear()
      if (this.identity) index(byUser, this.identity.userId, this, false)
    }

    /** A token bucket: a burst of twice the rate, then the rate. */
    private allow (): boolean {
      const now = Date.now()
      this.tokens = Math.min(limits.messagesPerSecond * 2, this.tokens + (now - this.refilledAt) * limits.messagesPerSecond / 1000)
      this.refilledAt = now
      if (this.tokens < 1) return false
      this.tokens -= 1
      return true
    }

    expired (now = Date.now()): boolean {
      return this.identity !== null && this.identity.expiresAt <= now
    }

    expire (): void {
      this.send({ type: 'error', code: 'TOKEN_EXPIRED', message: 'The access token expired; reconnect with a fresh one and resume' })
      this.close(CLOSE.tokenExpired, 'token expired')
    }

    async onFrame (raw: string | Buffer): Promise<void> {
      this.lastFrameAt = Date.now()
      if (this.expired()) return this.expire()
      let frame: ClientFrame
      try {
        if (!this.allow()) throw new ProtocolError('RATE_LIMITED', `at most ${limits.messagesPerSecond} frames per second`)
        frame = parseFrame(raw)
      } catch (err) {
        this.send(errorFrame(err, { action: actionOf(raw) }))
        return
      }
      const teamId = 'teamId' in frame ? frame.teamId : undefined
      try {
        await this.handle(frame)
      } catch (err) {
        if (!(err instanceof ProtocolError) && (err as { statusCode?: number }).statusCode === undefined) {
          logger.error({ err, action: frame.action }, 'websocket action failed')
        }
        this.send(errorFrame(err, { action: frame.action, teamId }))
      }
    }

    private async authenticate (token: string): Promise<Identity> {
      const identity = await deps.verifyToken(token)
      if (this.identity && this.identity.userId !== identity.userId) {
        throw new ProtocolError('USER_MISMATCH', 'a connection belongs to one person; open another for someone else')
      }
      if (!this.identity) index(byUser, identity.userId, this, true)
      this.identity = identity
      return identity
    }

    private requireIdentity (): Identity {
      if (!this.identity) throw new ProtocolError('UNAUTHORIZED', 'authenticate first: {"action":"auth","token":"…"} or a token on subscribe')
      return this.identity
    }

    private async handle (frame: ClientFrame): Promise<void> {
      switch (frame.action) {
        case 'ping':
          this.send({ type: 'pong', at: new Date().toISOString() })
          return
        case 'auth': {
          const identity = await this.authenticate(frame.token)
          this.send({ type: 'authenticated', userId: identity.userId, expiresAt: new Date(identity.expiresAt).toISOString() })
          return
        }
        case 'subscribe': {
          if (frame.token !== undefined) await this.authenticate(frame.token)
          await this.subscribe(frame.teamId, frame.after)
          return
        }
        case 'resume': {
          this.requireIdentity()
          if (!this.subs.has(frame.teamId)) await this.subscribe(frame.teamId, frame.after)
          else this.enqueue(frame.teamId, sub => this.replay(frame.teamId, sub, frame.after))
          return
        }
        case 'unsubscribe': {
          this.requireIdentity()
          if (!this.subs.has(frame.teamId)) throw new ProtocolError('NOT_SUBSCRIBED', 'not subscribed to this team')
          this.unsubscribe(frame.teamId)
          this.send({ type: 'unsubscribed', teamId: frame.teamId })
          return
        }
        case 'sendMessage': {
          const identity = this.requireIdentity()
          const chat = deps.chat()
          if (!chat) throw new ProtocolError('INTERNAL_ERROR', 'chat is not available here')
          const sent = await chat.send(identity.userId, frame.teamId, { text: frame.text, clientMessageId: frame.clientMessageId })
          this.send({
            type: 'message_sent',
            teamId: frame.teamId,
            ...(frame.clientMessageId !== undefined && { clientMessageId: frame.clientMessageId }),
            messageId: sent.messageId,
            duplicate: sent.duplicate
          })
        }
      }
    }

    private async subscribe (teamId: string, after: number | undefined): Promise<void> {
      const identity = this.requireIdentity()
      if (!this.subs.has(teamId) && this.subs.size >= limits.maxSubscriptions) {
        throw new ProtocolError('TOO_MANY_SUBSCRIPTIONS', `at most ${limits.maxSubscriptions} teams per connection`)
      }
      if (!(await deps.isMember(teamId, identity.userId))) throw new ProtocolError('TEAM_NOT_FOUND', 'Team not found')
      if (this.closed) return
      if (this.subs.has(teamId)) {
        if (after !== undefined) this.enqueue(teamId, sub => this.replay(teamId, sub, after))
        else this.send({ type: 'subscribed', teamId, seq: this.subs.get(teamId)!.lastSeq })
        return
      }
      // Registered before the first read, so no event published meanwhile is
      // missed: it waits on the chain behind this step.
      const sub: Subscription = { lastSeq: Number.MAX_SAFE_INTEGER, chain: Promise.resolve(), pending: 0 }
      this.subs.set(teamId, sub)
      index(byTeam, teamId, this, true)
      this.enqueue(teamId, async (s) => {
        if (after === undefined) {
          s.lastSeq = await deps.log.lastSeq(teamId)
          if (this.subs.get(teamId) === s) sequencer.seen(teamId, s.lastSeq)
          this.send({ type: 'subscribed', teamId, seq: s.lastSeq })
        } else {
          this.send({ type: 'subscribed', teamId, seq: after })
          await this.replay(teamId, s, after)
        }
      })
      await sub.chain
    }

    /** The subscription ends without the client asking: after anything already queued for it. */
    end (teamId: string, reason: EndReason): void {
      this.enqueue(teamId, async () => {
        this.unsubscribe(teamId)
        this.send({ type: 'subscription_ended', teamId, reason })
      })
    }

    private unsubscribe (teamId: string): void {
      this.subs.delete(teamId)
      leaveTeam(teamId, this)
    }

    /** Every event after `after`, in pages, then live; or resync_required when they are gone. */
    private async replay (teamId: string, sub: Subscription, after: number): Promise<void> {
      let from = after
      for (;;) {
        const page = await deps.log.after(teamId, from)
        if (page.resyncRequired) {
          sub.lastSeq = page.lastSeq
          this.send({ type: 'resync_required', teamId, seq: page.lastSeq })
          return
        }
        for (const event of page.events) this.send(event)
        if (page.events.length === 0) {
          sub.lastSeq = from
          return
        }
        from = page.events.at(-1)!.seq
        sub.lastSeq = from
      }
    }

    enqueue (teamId: string, step: (sub: Subscription) => Promise<void>): void {
      const sub = this.subs.get(teamId)
      if (!sub) return
      sub.pending++
      sub.chain = sub.chain.then(async () => {
        if (this.closed || this.subs.get(teamId) !== sub) return
        await step(sub)
      }).finally(() => { sub.pending-- }).catch((err: unknown) => {
        logger.warn({ err, teamId }, 'websocket delivery failed')
        // The client missed something it cannot be told about in order: ask it to resync.
        this.send({ type: 'resync_required', teamId, seq: sub.lastSeq })
      })
    }

    deliver (event: TeamEvent, text: string | Buffer): void {
      const sub = this.subs.get(event.teamId)
      if (!sub) return
      // The common case, without a promise: nothing queued, and the very next event.
      if (sub.pending === 0 && event.seq === sub.lastSeq + 1 && !this.expired()) {
        this.push(sub, event, text)
        return
      }
      this.enqueue(event.teamId, async (s) => {
        if (event.seq <= s.lastSeq) return
        if (this.expired()) return this.expire()
        if (event.seq > s.lastSeq + 1) {
          for (const missed of await deps.log.between(event.teamId, s.lastSeq, event.seq - 1)) {
            this.push(s, missed, JSON.stringify(missed))
            if (!this.subs.has(event.teamId)) return
          }
        }
        this.push(s, event, text)
      })
    }

    private push (sub: Subscription, event: TeamEvent, text: string | Buffer): void {
      this.sendText(text)
      sub.lastSeq = event.seq
      if (event.type === 'member_left' && event.data.userId === this.identity?.userId) {
        this.unsubscribe(event.teamId)
        this.send({ type: 'subscription_ended', teamId: event.teamId, reason: endReasonOf(event.data.reason) })
      }
    }
  }

  return {
    /** A new socket; feed it frames with `onFrame`, and call `forget` when it closes. */
    open (socket: Socket): Connection {
      const conn = new Connection(socket)
      connections.add(conn)
      return conn
    },
    /** A team event from the fan-out: to every local subscriber of its team, in sequence order. */
    deliverTeam (event: TeamEvent): void {
      if (byTeam.has(event.teamId)) sequencer.push(event)
    },
    deliverUser (userId: string, type: UserEventType, data: Record<string, unknown>): void {
      for (const conn of byUser.get(userId) ?? []) {
        if (conn.expired()) conn.expire()
        else conn.send({ type, data })
      }
    },
    /** The team was deleted: its subscribers here are told and unsubscribed. */
    endTeam (teamId: string): void {
      for (const conn of [...byTeam.get(teamId) ?? []]) conn.end(teamId, 'team_deleted')
    },
    /** Close the user's connections of that session (of every session without one). */
    endSessions (userId: string, sessionId: string | undefined, reason: SessionEndReason): void {
      for (const conn of [...byUser.get(userId) ?? []]) {
        if (sessionId !== undefined && conn.identity?.sessionId !== sessionId) continue
        conn.send({ type: 'session_ended', reason })
        conn.close(CLOSE.sessionEnded, reason)
      }
    },
    /** One heartbeat: drop dead, idle, too old, unauthenticated or expired connections; ping the rest. */
    sweep (now = Date.now()): void {
      for (const conn of connections) {
        if (!conn.alive) {
          conn.socket.terminate()
          conn.forget()
        } else if (now - conn.lastFrameAt >= limits.idleTimeoutMs) {
          conn.close(CLOSE.idle, 'idle')
        } else if (now - conn.openedAt >= limits.maxConnectionMs) {
          conn.send({ type: 'reconnect', reason: 'max_connection_age' })
          conn.close(CLOSE.reconnect, 'max connection age')
        } else if (conn.identity === null && now - conn.openedAt >= limits.authTimeoutMs) {
          conn.send({ type: 'error', code: 'UNAUTHORIZED', message: 'authenticate within a few seconds of connecting' })
          conn.close(CLOSE.unauthorized, 'unauthenticated')
        } else if (conn.expired(now)) {
          conn.expire()
        } else {
          conn.alive = false
          conn.socket.ping()
        }
      }
    },
    /** Shutdown: tell every client to reconnect (elsewhere) and resume. */
    closeAll (): void {
      for (const conn of connections) {
        conn.send({ type: 'reconnect', reason: 'server_shutdown' })
        conn.close(CLOSE.reconnect, 'server shutting down')
      }
    },
    get size (): number { return connections.size }
  }
}

export type Hub = ReturnType<typeof createHub>
export type HubConnection = ReturnType<Hub['open']>
