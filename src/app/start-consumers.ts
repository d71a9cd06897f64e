import type { ResolvedConfig } from '../lib/config.ts'
import type { App } from './app.ts'
import { startBullmqConsumers, startSqsConsumers, type Consumers } from '../workers/consumers.ts'

/** Start the consumers that match the app's queue, with the schedules. */
export async function startConsumers (app: App, config: ResolvedConfig, options: { schedules?: boolean } = {}): Promise<Consumers> {
  const schedules = options.schedules ?? true
  if (app.jobQueue.driver === 'bullmq') {
    return startBullmqConsumers(app.jobDeps, {
      redisUrl: config.REDIS_URL!,
      queueName: config.JOBS_QUEUE_NAME,
      prefix: config.JOBS_PREFIX,
      attempts: config.JOB_ATTEMPTS,
      concurrency: config.WORKER_CONCURRENCY,
      lockDurationMs: config.WORKER_LOCK_MS,
      coalesceWindowMs: config.COALESCE_WINDOW_MS,
      shutdownGraceMs: config.WORKER_SHUTDOWN_GRACE_MS,
      schedules
    })
  }
  return startSqsConsumers(app.jobDeps, {
    sqs: app.aws.sqs,
    queueUrl: app.jobQueue.queueUrl,
    concurrency: config.WORKER_CONCURRENCY,
    coalesceWindowMs: config.COALESCE_WINDOW_MS,
    schedules,
    shutdownGraceMs: config.WORKER_SHUTDOWN_GRACE_MS,
    emulated: config.SQS_ENDPOINT !== undefined
  })
}
