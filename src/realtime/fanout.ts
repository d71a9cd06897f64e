import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import type { EventLog } from './event-log.ts'
import type { Broadcaster, SessionEndReason, TeamEvent, UserEventType } from './port.ts'

/** What travels between instances: a logged team event, a push for one user, or an order to end subscriptions or connections. */
export type FanoutMessage =
  | { kind: 'team', event: TeamEvent }
  | { kind: 'user', userId: string, type: UserEventType, data: Record<string, unknown> }
  | { kind: 'team_ended', teamId: string }
  | { kind: 'sessions_ended', userId: string, sessionId?: string | undefined, reason: SessionEndReason }

/** How one instance's events reach the sockets of every instance. */
export interface Fanout {
  publish: (message: FanoutMessage) => Promise<void>
  /** Called for every message, this instance's own included. */
  onMessage: (handler: (message: FanoutMessage) => void) => void
  close: () => Promise<void>
  /** Resolves once messages from other instances arrive. */
  ready: Promise<unknown>
}

/** One process (embedded mode, tests): a function call. */
export function createMemoryFanout (): Fanout {
  const handlers: Array<(m: FanoutMessage) => void> = []
  return {
    async publish (message) {
      for (const handler of handlers) handler(message)
    },
    onMessage (handler) { handlers.push(handler) },
    async close () {},
    ready: Promise.resolve()
  }
}

/**
 * Several instances: Redis pub/sub on one channel. Pub/sub may drop a
 * message while a subscriber reconnects; the team's log in Postgres fills
 * any such gap at the next event, and resume covers the rest. So pub/sub
 * carries only the push, never the only copy.
 */
export function createRedisFanout (redis: Redis, channel: string, logger: FastifyBaseLogger): Fanout {
  const subscriber = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, lazyConnect: false, enableAutoPipelining: false })
  subscriber.on('error', err => logger.warn({ err }, 'redis subscriber error'))
  const handlers: Array<(m: FanoutMessage) => void> = []
  const ready = subscriber.subscribe(channel).catch((err: unknown) => logger.warn({ err }, 'redis subscribe failed; will retry on reconnect'))
  subscriber.on('message', (ch: string, text: string) => {
    if (ch !== channel) return
    let message: FanoutMessage
    try {
      message = JSON.parse(text) as FanoutMessage
    } catch {
      return
    }
    for (const handler of handlers) handler(message)
  })
  return {
    async publish (message) {
      await redis.publish(channel, JSON.stringify(message))
    },
    onMessage (handler) { handlers.push(handler) },
    async close () {
      // Not after `ready`: with Redis down the subscribe never completes.
      subscriber.disconnect()
    },
    ready
  }
}

/**
 * The broadcaster of the socket-holding runtimes (embedded and containers):
 * log the event in Postgres (its sequence number), then fan it out. A failed
 * fan-out is logged, not thrown: the event is in the log, and subscribers
 * get it with the next event of the team or when they resume.
 */
export function createFanoutBroadcaster (log: EventLog, fanout: Fanout, logger: FastifyBaseLogger): Broadcaster {
  const push = async (event: TeamEvent) => {
    await fanout.publish({ kind: 'team', event })
      .catch((err: unknown) => logger.warn({ err, teamId: event.teamId, type: event.type }, 'live event not fanned out; clients catch up from the log'))
  }
  return {
    async toTeam (teamId, type, data, options = {}) {
      const event = await log.append(teamId, type, data, options.id)
      if (event) await push(event)
      return event
    },
    push,
    async toUser (userId, type, data) {
      await fanout.publish({ kind: 'user', userId, type, data }).catch((err: unknown) => logger.warn({ err, type }, 'user event not fanned out'))
    },
    // Not swallowed: the caller (a job) retries, so a Redis hiccup does not leave sockets open.
    async endTeam (teamId) {
      await fanout.publish({ kind: 'team_ended', teamId })
    },
    async endSessions (userId, end) {
      await fanout.publish({ kind: 'sessions_ended', userId, sessionId: end.sessionId, reason: end.reason })
    }
  }
}
