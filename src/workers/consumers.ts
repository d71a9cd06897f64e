import { DelayedError, Job, Queue, UnrecoverableError, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import { defaultJobOptions } from './queue/bullmq.ts'
import { checkQueueRedis } from './queue/redis-requirements.ts'
import { jobMessage, PoisonJobError } from '../lib/jobs.ts'
import { runJob, type JobDeps } from './handlers.ts'
import { localWindow, redisWindow, type CoalescingRate } from './coalescing-window.ts'
import { SCHEDULES } from './schedules.ts'
import { createSqsHandler } from './sqs-handler.ts'
import { startSqsPoller, visibilityBackoff } from './sqs-poller.ts'
import type { Sqs } from '../lib/aws/clients.ts'

export interface ConsumerSettings {
  concurrency: number
  /** Runs of one coalescing key start at most once per window (leading and trailing edge); 0 = no window. */
  coalescing: CoalescingRate
  /** Run the recurring jobs too (one process per deployment should, more is harmless). */
  schedules: boolean
  /** On stop, how long running jobs may finish before they are handed back (default: at once). */
  shutdownGraceMs?: number
}

/** Resolves true if `promise` settled within `ms`, false otherwise. */
async function settlesWithin (promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<boolean>(resolve => { timer = setTimeout(() => resolve(false), ms) })
  try {
    return await Promise.race([promise.then(() => true, () => true), late])
  } finally {
    clearTimeout(timer)
  }
}

export interface BullmqConsumerSettings extends ConsumerSettings {
  redisUrl: string
  queueName: string
  prefix: string
  attempts: number
  /** How long a job may run before a dead worker's job is taken back (kill -9, lost container). */
  lockDurationMs: number
}

export interface Consumers {
  stop: () => Promise<void>
}

/**
 * The container worker: BullMQ's Worker calls the job handlers; failures are
 * retried with exponential backoff and, once out of attempts, stay in the
 * failed set (the dead-letter queue). A poison job fails at once.
 */
export async function startBullmqConsumers (deps: JobDeps, settings: BullmqConsumerSettings): Promise<Consumers> {
  // Workers block on Redis, so their connection must wait (not fail) while Redis is away.
  const connection = new Redis(settings.redisUrl, { maxRetriesPerRequest: null })
  connection.on('error', () => {})
  // Not awaited: a Redis that is away at start must not hold the worker up.
  checkQueueRedis(connection, deps.log).catch(() => {})
  const window = redisWindow(connection, settings.prefix, settings.coalescing)
  // Jobs running now, with the lock token each was taken with (to hand them back on shutdown).
  const running = new Map<Job, string | undefined>()
  const worker = new Worker(settings.queueName, async (job, token) => {
    // A coalesced job whose key ran within the window waits for the window's
    // end as a delayed job (its de-duplication id still folds new adds into
    // it); the run then reads everything that came meanwhile.
    const key = job.opts.deduplication?.id
    if (key !== undefined && token !== undefined) {
      const waitMs = await window.claim(key)
      if (waitMs > 0) {
        await job.moveToDelayed(Date.now() + waitMs, token)
        throw new DelayedError()
      }
    }
    running.set(job, token)
    try {
      return await runJob(job.name, job.data, deps)
    } catch (err) {
      if (err instanceof PoisonJobError) throw new UnrecoverableError(err.message)
      throw err
    } finally {
      running.delete(job)
    }
  }, {
    connection,
    prefix: settings.prefix,
    concurrency: settings.concurrency,
    lockDuration: settings.lockDurationMs,
    stalledInterval: settings.lockDurationMs,
    // A job whose worker was killed goes back to the queue; only a job that
    // keeps killing its workers ends up failed.
    maxStalledCount: 10
  })
  worker.on('error', err => deps.log.warn({ err }, 'bullmq worker error'))
  worker.on('failed', (job, err) => deps.log.warn({ err, job: job?.name, attempts: job?.attemptsMade }, 'job failed'))

  let scheduler: Queue | null = null
  if (settings.schedules) {
    const queue = new Queue(settings.queueName, { connection, prefix: settings.prefix, defaultJobOptions: defaultJobOptions(settings.attempts) })
    scheduler = queue
    const install = async () => {
      for (const schedule of SCHEDULES) {
        await queue.upsertJobScheduler(schedule.job, { every: schedule.everyMs }, { name: schedule.job, data: {} })
      }
    }
    await install()
    // Schedulers live in Redis: one that comes back empty has none, and the
    // outbox sweeper must run again without anyone restarting the worker.
    // Upserting an existing scheduler changes nothing.
    connection.on('ready', () => {
      install().catch(err => deps.log.warn({ err }, 'could not re-create the job schedulers; will retry on the next reconnect'))
    })
  }
  return {
    /**
     * Stop taking jobs; let running ones finish within the grace period;
     * move any still running back to the waiting list, so another worker
     * starts them now rather than once their lock lapses (a stalled job).
     */
    async stop () {
      // A job BullMQ has just moved to active may not have reached the
      // processor yet; let it, so it is counted as running and handed back
      // (or finished) rather than left active until its lock lapses.
      await new Promise(resolve => setTimeout(resolve, 250))
      await worker.pause(true)
      const idle = Promise.all([...running.keys()].map(job => new Promise<void>(resolve => {
        const check = () => running.has(job) ? setTimeout(check, 25) : resolve()
        check()
      })))
      const unfinished = await settlesWithin(idle, settings.shutdownGraceMs ?? 0) ? [] : [...running]
      // Closed first, so that this worker cannot take a handed-back job again
      // (bounded: closing waits for the blocking Redis call to return).
      const closed = worker.close(true)
      await settlesWithin(closed, 3000)
      if (unfinished.length > 0) {
        const queue = new Queue(settings.queueName, { connection, prefix: settings.prefix })
        for (const [job, token] of unfinished) {
          try {
            const current = await Job.fromId(queue, job.id!)
            await current?.moveToWait(token)
            deps.log.warn({ job: job.name, jobId: job.id }, 'shutting down: job handed back to the queue unfinished')
          } catch (err) {
            deps.log.warn({ err, job: job.name, jobId: job.id }, 'shutting down: could not hand a job back; it runs again once its lock lapses')
          }
        }
        await queue.close()
      }
      await closed.catch(() => {})
      await scheduler?.close()
      connection.disconnect()
    }
  }
}

export interface SqsConsumerSettings extends ConsumerSettings {
  sqs: () => Promise<Sqs>
  queueUrl: string
  /** The queue is the in-process emulator: poll briefly instead of long-polling (see SqsPollerOptions). */
  emulated: boolean
}

/**
 * The SQS worker (embedded mode, or a container without Redis): a poller
 * feeding the same batch handler Lambda runs, and timers for the schedules.
 */
export function startSqsConsumers (deps: JobDeps, settings: SqsConsumerSettings): Consumers {
  const handler = createSqsHandler(deps, {
    delayRetry: visibilityBackoff(settings.sqs, settings.queueUrl),
    window: localWindow(settings.coalescing)
  })
  const poller = startSqsPoller({
    sqs: settings.sqs,
    queueUrl: settings.queueUrl,
    handler,
    log: deps.log,
    concurrency: settings.concurrency,
    shutdownGraceMs: settings.shutdownGraceMs ?? 0,
    ...(settings.emulated ? { waitSeconds: 0, idleMs: 25 } : { waitSeconds: 20 })
  })
  const timers = settings.schedules
    ? SCHEDULES.map(schedule => setInterval(() => {
      deps.queue.enqueue([jobMessage(schedule.job)]).catch(err => deps.log.warn({ err, job: schedule.job }, 'could not queue a scheduled job'))
    }, schedule.everyMs).unref())
    : []
  return {
    async stop () {
      for (const timer of timers) clearInterval(timer)
      await poller.stop()
    }
  }
}
