// Imported by redis.ts only when REDIS_URL is set (see src/lib/aws/s3-sdk.ts for why a module of ours).
export { Redis } from 'ioredis'
