import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Redis } from 'ioredis'

declare module 'fastify' {
  interface FastifyInstance {
    /** Null when REDIS_URL is unset (embedded mode): callers fall back to Postgres or memory. */
    redis: Redis | null
  }
}

export interface RedisPluginOptions {
  url?: string | undefined
}

async function redisPlugin (fastify: FastifyInstance, opts: RedisPluginOptions) {
  if (!opts.url) {
    fastify.decorate('redis', null)
    return
  }
  // Loaded only when Redis is configured (never on Lambda without ElastiCache).
  const { Redis } = await import('./ioredis.ts')
  const redis = new Redis(opts.url, {
    // Fail fast instead of queueing commands while Redis is away: nothing the
    // API keeps in Redis is the only copy, so callers degrade rather than wait.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    lazyConnect: true,
    // Commands issued in the same tick (concurrent requests, or a job's
    // standings and its live push) go out in one write: on a busy instance
    // the system calls, not Redis, were the cost of each command.
    enableAutoPipelining: true
  })
  redis.on('error', err => fastify.log.warn({ err }, 'redis error'))
  try {
    await redis.connect()
  } catch (err) {
    fastify.log.warn({ err }, 'redis unreachable at start; will keep retrying')
  }
  fastify.decorate('redis', redis)
  fastify.addHook('onClose', async () => {
    redis.disconnect()
  })
}

export default fp(redisPlugin, { name: 'redis', fastify: '5.x' })
