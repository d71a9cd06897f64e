import type { FastifyBaseLogger } from 'fastify'
import { onFirstUse } from '../lib/aws/on-first-use.ts'
import type { ConnectionStore, StoredSubscription } from './connections-store.ts'
import type { EventLog } from './event-log.ts'
import type { Broadcaster, TeamEvent } from './port.ts'
import { endReasonOf, type ServerFrame } from './protocol.ts'

export interface ApiGatewayOptions {
  log: EventLog
  store: ConnectionStore
  /** https://{api-id}.execute-api.{region}.amazonaws.com/{stage}, or a local stand-in. */
  endpoint: string
  region: string
  logger: FastifyBaseLogger
  /** Local stand-ins accept any credentials. */
  credentials?: { accessKeyId: string, secretAccessKey: string }
}

const encoder = new TextEncoder()
const CONCURRENCY = 32

async function eachLimited<T> (items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!)
  }))
}

/**
 * The API Gateway side of real time: PostToConnection for every subscriber,
 * with the subscription's `lastSeq` in DynamoDB deciding who sends what.
 * Sending events (from, to] first claims them with a conditional update, so
 * two Lambdas pushing events of one team never send an event twice, and an
 * event that arrives ahead of a gap sends the gap from the log first. A
 * connection API Gateway reports gone (410) is removed.
 */
export function createApiGatewayBroadcaster (opts: ApiGatewayOptions) {
  // Made, and its SDK loaded, on the first post: most requests push nothing to a WebSocket.
  const management = onFirstUse(async () => {
    const sdk = await import('../lib/aws/apigateway-sdk.ts')
    const client = new sdk.ApiGatewayManagementApiClient({
      endpoint: opts.endpoint,
      region: opts.region,
      ...(opts.credentials && { credentials: opts.credentials })
    })
    return { client, sdk }
  }, ({ client }) => client.destroy())

  /** Post one frame; false (and the connection forgotten) when it is gone. */
  async function post (connectionId: string, frame: ServerFrame): Promise<boolean> {
    const { client, sdk } = await management()
    try {
      await client.send(new sdk.PostToConnectionCommand({ ConnectionId: connectionId, Data: encoder.encode(JSON.stringify(frame)) }))
      return true
    } catch (err) {
      if (err instanceof sdk.GoneException || (err as { name?: string }).name === 'GoneException') {
        await opts.store.remove(connectionId)
        return false
      }
      throw err
    }
  }

  async function disconnect (connectionId: string): Promise<void> {
    const { client, sdk } = await management()
    try {
      await client.send(new sdk.DeleteConnectionCommand({ ConnectionId: connectionId }))
    } catch (err) {
      if (!(err instanceof sdk.GoneException) && (err as { name?: string }).name !== 'GoneException') throw err
    }
    await opts.store.remove(connectionId)
  }

  /** The token behind a subscription ran out: say so, close, forget. */
  async function expire (connectionId: string): Promise<void> {
    await post(connectionId, { type: 'error', code: 'TOKEN_EXPIRED', message: 'The access token expired; reconnect with a fresh one and resume' })
    await disconnect(connectionId)
  }

  /**
   * Bring one subscription up to `upTo` (an event just logged, or the log's
   * end for a resume): claim (lastSeq, upTo], then send what was claimed.
   */
  async function catchUp (sub: StoredSubscription, upTo: TeamEvent | number): Promise<void> {
    const target = typeof upTo === 'number' ? upTo : upTo.seq
    let current: StoredSubscription | undefined = sub
    for (let attempt = 0; attempt < 5 && current; attempt++) {
      if (target <= current.lastSeq) return
      if (current.tokenExpiresAt <= Date.now()) return expire(sub.connectionId)
      if (await opts.store.claim(sub.connectionId, sub.teamId, current.lastSeq, target)) {
        const last = typeof upTo === 'number' ? undefined : upTo
        const gap = await opts.log.between(sub.teamId, current.lastSeq, last ? target - 1 : target)
        for (const event of last ? [...gap, last] : gap) {
          if (!(await post(sub.connectionId, event))) return
          if (event.type === 'member_left' && event.data.userId === sub.userId) {
            await opts.store.unsubscribe(sub.connectionId, sub.teamId)
            await post(sub.connectionId, { type: 'subscription_ended', teamId: sub.teamId, reason: endReasonOf(event.data.reason) })
            return
          }
        }
        return
      }
      current = await opts.store.subscription(sub.connectionId, sub.teamId)
    }
  }

  async function push (event: TeamEvent): Promise<void> {
    const subscribers = await opts.store.subscribersOf(event.teamId)
    await eachLimited(subscribers, sub => catchUp(sub, event).catch((err: unknown) => {
      opts.logger.warn({ err, connectionId: sub.connectionId, teamId: event.teamId }, 'live event not posted; the client catches up on resume')
    }))
  }

  const broadcaster: Broadcaster = {
    async toTeam (teamId, type, data, options = {}) {
      const event = await opts.log.append(teamId, type, data, options.id)
      if (!event) return null
      await push(event)
      return event
    },
    push,
    async toUser (userId, type, payload) {
      const connections = await opts.store.connectionsOf(userId)
      await eachLimited(connections, async id => { await post(id, { type, data: payload }).catch(() => {}) })
    },
    async endTeam (teamId) {
      await eachLimited(await opts.store.subscribersOf(teamId), async (sub) => {
        // Unsubscribed first: nothing of the team goes out after the notice.
        await opts.store.unsubscribe(sub.connectionId, teamId)
        await post(sub.connectionId, { type: 'subscription_ended', teamId, reason: 'team_deleted' })
      })
    },
    async endSessions (userId, end) {
      await eachLimited(await opts.store.connectionsOf(userId), async (connectionId) => {
        if (end.sessionId !== undefined) {
          const connection = await opts.store.get(connectionId)
          if (connection?.sessionId !== end.sessionId) return
        }
        // A post to a vanished client removes it; the rest are told, then closed by API Gateway.
        if (await post(connectionId, { type: 'session_ended', reason: end.reason })) await disconnect(connectionId)
      })
    }
  }

  return { broadcaster, post, disconnect, catchUp, destroy: management.destroy }
}

export type ApiGatewayRealtime = ReturnType<typeof createApiGatewayBroadcaster>
