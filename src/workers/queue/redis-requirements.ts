import type { Redis } from 'ioredis'
import type { FastifyBaseLogger } from 'fastify'

export interface QueueRedisSettings {
  maxmemoryPolicy: string
  aofEnabled: boolean
}

/** The fields of `INFO` we need (CONFIG is disabled on ElastiCache; INFO works everywhere). */
export function parseRedisInfo (info: string): QueueRedisSettings {
  const field = (name: string) => info.split(/\r?\n/).find(line => line.startsWith(`${name}:`))?.slice(name.length + 1).trim()
  return { maxmemoryPolicy: field('maxmemory_policy') ?? 'unknown', aofEnabled: field('aof_enabled') === '1' }
}

/**
 * BullMQ keeps its jobs in Redis: under any eviction policy but
 * `noeviction`, a full Redis silently deletes queued jobs (and their
 * locks), and a job that was published is not in the outbox any more to be
 * sent again. Warn, in one line saying what to change; do not refuse to
 * start: the API keeps every write in Postgres regardless, and a stopped
 * worker helps nobody. Resolves with what it found, or null when Redis did
 * not answer within `timeoutMs` (the worker's own connection logic reports
 * an unreachable Redis).
 */
export async function checkQueueRedis (redis: Redis, log: FastifyBaseLogger, timeoutMs = 5000): Promise<QueueRedisSettings | null> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<null>(resolve => { timer = setTimeout(() => resolve(null), timeoutMs) })
  try {
    const info = await Promise.race([Promise.all([redis.info('memory'), redis.info('persistence')]), timeout])
    if (info === null) return null
    const settings = parseRedisInfo(info.join('\n'))
    if (settings.maxmemoryPolicy !== 'noeviction') {
      log.warn({ maxmemoryPolicy: settings.maxmemoryPolicy }, `queue Redis has maxmemory-policy ${settings.maxmemoryPolicy}: set it to noeviction (redis.conf, or the ElastiCache parameter group), or a full Redis will drop queued jobs`)
    } else {
      log.info({ maxmemoryPolicy: settings.maxmemoryPolicy, aofEnabled: settings.aofEnabled }, 'queue Redis settings')
    }
    return settings
  } catch (err) {
    log.warn({ err }, 'could not read the queue Redis settings (INFO)')
    return null
  } finally {
    clearTimeout(timer)
  }
}
