import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { createSqsQueue, ensureJobQueues } from './queue/sqs.ts'
import type { JobQueue } from './queue/port.ts'
import { createOutboxRelay, publishPending, type OutboxRelay } from './outbox-relay.ts'
import type { JobDeps } from './handlers.ts'

declare module 'fastify' {
  interface FastifyInstance {
    jobQueue: JobQueue
    outboxRelay: OutboxRelay
    /** What job handlers run with in this process (the worker, `npm run job`, tests). */
    jobDeps: JobDeps
  }
}

export interface JobsPluginOptions {
  driver: 'bullmq' | 'sqs'
  redisUrl?: string | undefined
  queueName: string
  prefix: string
  attempts: number
  /** The SQS queue (AWS). */
  sqsQueueUrl?: string | undefined
  /** Without a queue URL, create `queueName` and its dead-letter queue (emulators only). */
  createSqsQueue: boolean
  relay: 'after-response' | 'before-response'
  retentionDays: number
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

async function createQueue (fastify: FastifyInstance, opts: JobsPluginOptions): Promise<JobQueue> {
  if (opts.driver === 'bullmq') {
    if (!opts.redisUrl) throw new Error('QUEUE_DRIVER=bullmq needs REDIS_URL')
    // BullMQ (~1 MB with its dependencies) is loaded only where it is the queue.
    const { createBullmqQueue } = await import('../workers/queue/bullmq.ts')
    return createBullmqQueue({ redisUrl: opts.redisUrl, queueName: opts.queueName, prefix: opts.prefix, attempts: opts.attempts })
  }
  let queueUrl = opts.sqsQueueUrl
  if (queueUrl === undefined) {
    if (!opts.createSqsQueue) throw new Error('the SQS job queue needs JOBS_QUEUE_URL (or REDIS_URL for BullMQ)')
    queueUrl = (await ensureJobQueues(await fastify.aws.sqs(), opts.queueName, opts.attempts)).queueUrl
  }
  return createSqsQueue(fastify.aws.sqs, queueUrl)
}

/**
 * The job queue and the outbox relay. After every successful write request
 * the relay publishes the outbox rows it committed (right after the
 * response, or before it on Lambda); anything it misses waits for the
 * sweeper (the `relay-outbox` schedule).
 */
async function jobsPlugin (fastify: FastifyInstance, opts: JobsPluginOptions) {
  const queue = await createQueue(fastify, opts)
  // Before the response, a request publishes at most one claim of rows: a
  // backlog (after an outage) is the sweeper's, not one unlucky client's.
  // After the response, a pass's rows are marked published with the next
  // pass's claim: one round trip a pass while writes keep coming.
  const relay = createOutboxRelay(fastify.db, queue, fastify.log, opts.relay === 'before-response' ? { maxClaimsPerPass: 1 } : { carryMarks: true })
  fastify.decorate<JobQueue>('jobQueue', queue)
  fastify.decorate('outboxRelay', relay)
  fastify.decorate<JobDeps>('jobDeps', {
    db: fastify.db,
    redis: fastify.redis,
    queue,
    log: fastify.log,
    // The activities domain registers after this plugin (whose hooks must
    // cover its routes); jobs only run once the app is ready.
    get activities () { return fastify.activities },
    get integrations () { return fastify.integrations },
    get chat () { return fastify.chat },
    retentionDays: opts.retentionDays,
    publishEvents: () => publishPending(fastify.db, queue, fastify.log),
    email: fastify.email,
    // The realtime plugin registers after this one, like the domains.
    get broadcaster () { return fastify.broadcaster },
    get notificationSettings () { return fastify.notificationSettings },
    get reportSettings () { return fastify.reportSettings }
  })

  // A GET that writes (an OAuth callback: browsers arrive by redirect) says so with `config: { writes: true }`.
  const wrote = (request: FastifyRequest, statusCode: number) =>
    (!READS.has(request.method) || request.routeOptions.config.writes === true) && statusCode < 400
  if (opts.relay === 'before-response') {
    fastify.addHook('onSend', async (request, reply) => {
      if (wrote(request, reply.statusCode)) await relay.kick()
    })
  } else {
    fastify.addHook('onResponse', (request, reply, done) => {
      // Not awaited: the client has its answer; the relay logs its own failures.
      if (wrote(request, reply.statusCode)) relay.kick().catch(() => {})
      done()
    })
  }
  fastify.addHook('onClose', async () => {
    await relay.idle()
    await queue.close()
  })
}

export default fp(jobsPlugin, { name: 'jobs', fastify: '5.x', dependencies: ['database', 'aws', 'redis', 'email'] })
