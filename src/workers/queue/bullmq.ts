import { Queue, type JobsOptions } from 'bullmq'
import { Redis } from 'ioredis'
import { backoffMs, withoutRepeats, type JobMessage, type JobQueue } from './port.ts'

export interface BullmqQueueOptions {
  redisUrl: string
  queueName: string
  prefix: string
  attempts: number
  /** How long to wait for Redis to take the jobs before reporting failure. */
  addTimeoutMs?: number
}

async function withTimeout<T> (promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the job queue did not answer within ${ms} ms`)), ms)
  })
  // A late success is harmless: the rows are published again and the jobs coalesce.
  promise.catch(() => {})
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Failed jobs stay in BullMQ's failed set (the dead-letter queue) for two weeks. */
export function defaultJobOptions (attempts: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: backoffMs(1) },
    removeOnComplete: { count: 1000 },
    removeOnFail: { age: 14 * 24 * 3600 }
  }
}

/**
 * Coalesced jobs use BullMQ de-duplication: while one is waiting, adding it
 * again is a no-op (the waiting run will read the latest data); while one
 * is running, the newest is kept and runs after it (`keepLastIfActive`), so
 * a change committed during a run is never missed.
 */
export function createBullmqQueue (options: BullmqQueueOptions): JobQueue {
  // Adding a job while Redis is away fails at once instead of queueing in
  // memory: the outbox row stays unpublished and the sweeper retries.
  const connection = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 })
  connection.on('error', () => {})
  const queue = new Queue(options.queueName, {
    connection,
    prefix: options.prefix,
    defaultJobOptions: defaultJobOptions(options.attempts)
  })
  // Errors surface through the rejected add(); without a listener they would also crash the process.
  queue.on('error', () => {})
  return {
    driver: 'bullmq',
    async enqueue (jobs: JobMessage[]) {
      const unique = withoutRepeats(jobs)
      if (unique.length === 0) return
      const added = queue.addBulk(unique.map(job => ({
        name: job.name,
        data: job.payload,
        opts: job.coalesceKey === undefined ? {} : { deduplication: { id: job.coalesceKey, keepLastIfActive: true } }
      })))
      // Until its first connection BullMQ waits for Redis instead of failing;
      // the caller must hear "not now" so its outbox rows stay unpublished.
      await withTimeout(added, options.addTimeoutMs ?? 5000)
    },
    async close () {
      // With Redis down BullMQ's close() waits for a connection that never
      // comes; shutting down must not hang on it (nothing is buffered).
      if (connection.status === 'ready') await queue.close()
      connection.disconnect()
    }
  }
}
