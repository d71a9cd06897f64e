// Imported by redis.ts only when REDIS_URL is set (see src/lib/aws/lazy-sdks.ts for why a module of ours).
export { Redis } from 'ioredis'
