import type { ResolvedConfig } from '../lib/config.ts'
import type { App } from './app.ts'
import { startBullmqConsumers, startSqsConsumers, type Consumers } from '../workers/consumers.ts'
import { coalescingRate } from '../workers/coalescing-window.ts'

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
      coalescing: coalescingRate(config),
      shutdownGraceMs: config.WORKER_SHUTDOWN_GRACE_MS,
      schedules
    })
  }
  return startSqsConsumers(app.jobDeps, {
    sqs: app.aws.sqs,
    queueUrl: app.jobQueue.queueUrl,
    concurrency: config.WORKER_CONCURRENCY,
    coalescing: coalescingRate(config),
    schedules,
    shutdownGraceMs: config.WORKER_SHUTDOWN_GRACE_MS,
    emulated: config.SQS_ENDPOINT !== undefined
  })
}
