import pg from 'pg'
import { sql } from 'kysely'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/database.ts'
import type { EventLog } from './event-log.ts'
import type { Fanout, FanoutMessage } from './fanout.ts'

/** Postgres refuses a NOTIFY payload of 8,000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7900
/** Postgres truncates longer channel names (NAMEDATALEN - 1). */
const MAX_CHANNEL_BYTES = 63
const RECONNECT_MS = { first: 200, max: 10_000 }
/** How the listening connection shows in pg_stat_activity. */
export const LISTENER_NAME = 'teamtrek-realtime-listener'

/** On the wire, a team event too large for NOTIFY travels as its place in the team's log. */
type WireMessage = FanoutMessage | { kind: 'team_ref', teamId: string, seq: number }

export interface PostgresFanoutOptions {
  /** For the listening connection: one per instance, held open (behind RDS Proxy it is pinned, as it must be). */
  url: string
  channel: string
  /** Publishes with a NOTIFY through the pool. */
  db: Db
  /** Reads an event that was too large to travel whole. */
  log: EventLog
  logger: FastifyBaseLogger
}

/**
 * Several instances without Redis (Fargate without the cache, a compose
 * file without Redis): LISTEN/NOTIFY on the database every instance
 * already shares. Like Redis pub/sub it may drop a message while the
 * listener reconnects; the team's log fills the gap at the next event and
 * resume covers the rest, so NOTIFY carries only the push.
 */
export function createPostgresFanout ({ url, channel, db, log, logger }: PostgresFanoutOptions): Fanout {
  if (Buffer.byteLength(channel) > MAX_CHANNEL_BYTES) {
    throw new Error(`the realtime channel "${channel}" is longer than Postgres allows (${MAX_CHANNEL_BYTES} bytes): shorten JOBS_PREFIX`)
  }
  const handlers: Array<(m: FanoutMessage) => void> = []
  let client: pg.Client | undefined
  let closed = false
  let retryMs = RECONNECT_MS.first
  let timer: NodeJS.Timeout | undefined

  async function deliver (wire: WireMessage): Promise<void> {
    let message: FanoutMessage
    if (wire.kind === 'team_ref') {
      const [event] = await log.between(wire.teamId, wire.seq - 1, wire.seq)
      if (event === undefined) return
      message = { kind: 'team', event }
    } else {
      message = wire
    }
    for (const handler of handlers) handler(message)
  }

  function scheduleReconnect (): void {
    if (closed || timer !== undefined) return
    timer = setTimeout(() => {
      timer = undefined
      listen().catch(() => {})
    }, retryMs)
    retryMs = Math.min(retryMs * 2, RECONNECT_MS.max)
  }

  async function listen (): Promise<void> {
    const listener = new pg.Client({ connectionString: url, application_name: LISTENER_NAME })
    client = listener
    listener.on('notification', (notification) => {
      if (notification.channel !== channel || notification.payload === undefined) return
      let wire: WireMessage
      try {
        wire = JSON.parse(notification.payload) as WireMessage
      } catch {
        return
      }
      deliver(wire).catch((err: unknown) => logger.warn({ err }, 'realtime: could not read an announced team event'))
    })
    listener.on('error', (err) => {
      logger.warn({ err }, 'realtime: the Postgres listener lost its connection; reconnecting')
      listener.end().catch(() => {})
      scheduleReconnect()
    })
    listener.on('end', () => { if (client === listener) scheduleReconnect() })
    try {
      await listener.connect()
      await listener.query(`listen "${channel.replaceAll('"', '""')}"`)
      retryMs = RECONNECT_MS.first
    } catch (err) {
      logger.warn({ err }, 'realtime: could not LISTEN on Postgres; retrying')
      listener.end().catch(() => {})
      scheduleReconnect()
      throw err
    }
  }

  const ready = listen().catch(() => {})

  return {
    async publish (message) {
      let payload = JSON.stringify(message)
      if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
        if (message.kind !== 'team') throw new Error(`a ${message.kind} fan-out message is too large for NOTIFY`)
        payload = JSON.stringify({ kind: 'team_ref', teamId: message.event.teamId, seq: message.event.seq } satisfies WireMessage)
      }
      await sql`select pg_notify(${channel}, ${payload})`.execute(db)
    },
    onMessage (handler) { handlers.push(handler) },
    async close () {
      closed = true
      clearTimeout(timer)
      const listener = client
      client = undefined
      await listener?.end().catch(() => {})
    },
    ready
  }
}
