import t, { type Test } from 'tap'
import { randomBytes } from 'node:crypto'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import type { SQSRecord } from 'aws-lambda'
import { build, testEnvironment } from '../helpers/build.ts'
import { register } from '../helpers/api.ts'
import { createTeam } from '../helpers/teams.ts'
import { dayFromToday, eventually } from '../helpers/progress.ts'
import { loadConfig } from '../../src/lib/config.ts'
import { jobMessage } from '../../src/lib/jobs.ts'
import { startConsumers } from '../../src/app/start-consumers.ts'
import { localWindow, redisWindow } from '../../src/workers/coalescing-window.ts'
import { createSqsHandler } from '../../src/workers/sqs-handler.ts'

const WINDOW_MS = 150
const BURST = 3
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

t.test('a local window with a burst of 1: idle keys run at once, busy keys wait for the window to end', async (t) => {
  let now = 1_000
  const window = localWindow({ windowMs: 180, burst: 1 }, () => now)
  t.equal(await window.claim('a'), 0, 'idle: run now')
  t.equal(await window.claim('b'), 0, 'keys are independent')
  now += 50
  t.equal(await window.claim('a'), 130, 'ran 50 ms ago: wait the rest of the window')
  now += 130
  t.equal(await window.claim('a'), 0, 'window over: run now, and a new window starts')
  t.equal(await localWindow({ windowMs: 0, burst: 1 }).claim('a'), 0, 'no window')
  t.equal(await localWindow({ windowMs: 0, burst: 1 }).claim('a'), 0)
})

t.test('a local window with a burst: an idle key runs `burst` times at once, then once per window', async (t) => {
  let now = 1_000
  const window = localWindow({ windowMs: 180, burst: 3 }, () => now)
  t.same([await window.claim('a'), await window.claim('a'), await window.claim('a')], [0, 0, 0], 'three runs back to back')
  t.equal(await window.claim('a'), 180, 'the fourth waits a whole window')
  now += 100
  t.equal(await window.claim('a'), 80, '…less what has passed')
  now += 80
  t.equal(await window.claim('a'), 0, 'then one run')
  t.equal(await window.claim('a'), 180, 'and the next a window later: sustained, one run per window')
  now += 180
  t.equal(await window.claim('a'), 0)
  now += 540
  t.equal(await window.claim('a'), 0, 'after 3 idle windows the burst is back')
  t.equal(await window.claim('a'), 0)
  t.equal(await window.claim('a'), 0)
  t.ok(await window.claim('a') > 0, 'and spent')
  // Over any span a key runs at most burst + span / window times.
  const spread = localWindow({ windowMs: 180, burst: 3 }, () => now)
  let runs = 0
  const from = now
  for (let i = 0; i < 1000; i++, now += 7) if (await spread.claim('k') === 0) runs++
  t.ok(runs <= 3 + Math.ceil((now - from) / 180), `${runs} runs in ${now - from} ms`)
  t.ok(runs >= Math.floor((now - from) / 180), 'and no fewer than the window allows')
})

t.test('a Redis window: the same rule, on the Redis clock, shared by every claimant', async (t) => {
  const redis = new Redis(REDIS_URL)
  const otherWorker = new Redis(REDIS_URL)
  t.teardown(() => { redis.disconnect(); otherWorker.disconnect() })
  const prefix = `tt-window-${randomBytes(4).toString('hex')}`
  const first = redisWindow(redis, prefix, { windowMs: 1000, burst: 3 })
  const second = redisWindow(otherWorker, prefix, { windowMs: 1000, burst: 3 })
  t.same([await first.claim('a'), await second.claim('a'), await first.claim('a')], [0, 0, 0], 'a burst of three, whoever claims')
  const wait = await second.claim('a')
  t.ok(wait > 800 && wait <= 1000, `the fourth waits about a window (${wait} ms)`)
  t.equal(await first.claim('b'), 0, 'keys are independent')
  const ttl = await redis.pttl(`${prefix}:window:a`)
  t.ok(ttl > 2000 && ttl <= 3000, `an idle key expires once its burst is back (${ttl} ms)`)
  await sleep(wait + 5)
  t.equal(await first.claim('a'), 0, 'the wait over, one run')
  t.ok(await first.claim('a') > 800, 'and the next a window later')
  t.equal(await redisWindow(redis, prefix, { windowMs: 0, burst: 1 }).claim('a'), 0, 'no window')
})

/** Send `count` aggregations of one team, one every `everyMs`; returns when the last was sent. */
async function burst (send: () => Promise<unknown>, count: number, everyMs: number): Promise<{ first: number, last: number }> {
  const first = Date.now()
  for (let i = 0; i < count; i++) {
    await send()
    await sleep(everyMs)
  }
  return { first, last: Date.now() - everyMs }
}

function checkRuns (t: Test, starts: number[], sent: { first: number, last: number }) {
  const spanMs = sent.last - sent.first
  t.ok(starts.length >= 3, `runs kept coming while changes did (${starts.length} runs)`)
  t.ok(starts.length <= BURST + Math.ceil(spanMs / WINDOW_MS) + 2,
    `at most ${BURST} + one run per ${WINDOW_MS} ms window: ${starts.length} runs for ${starts.length > 0 ? spanMs : 0} ms of changes`)
  // Bounds allow for a loaded 2-core machine running other test files alongside.
  t.ok(starts[0]! - sent.first < 250, `leading edge: the first run started ${starts[0]! - sent.first} ms after the first change`)
  t.ok(starts.at(-1)! >= sent.last - 5, 'trailing edge: a run started after the last change')
  // Any BURST + 1 runs in a row span at least one window.
  const spans = starts.slice(BURST).map((s, i) => s - starts[i]!)
  t.ok(spans.every(span => span >= WINDOW_MS - 50), `every ${BURST + 1} runs in a row span a window (${spans.join(', ')} ms)`)
}

t.test('BullMQ: a team is aggregated at most once per window, first and last change included', async (t) => {
  const environment = await testEnvironment(t)
  const settings = { REDIS_URL, JOBS_PREFIX: `tt-coalesce-${randomBytes(4).toString('hex')}`, JOBS_QUEUE_NAME: 'jobs', COALESCE_WINDOW_MS: String(WINDOW_MS), COALESCE_BURST: String(BURST) }
  const app = await build(t, environment, settings)
  const owner = await register(app)
  const team = await createTeam(app, owner, { startDate: dayFromToday(-1), endDate: dayFromToday(9), timezone: 'UTC' })
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null })
  const queue = new Queue(settings.JOBS_QUEUE_NAME, { connection, prefix: settings.JOBS_PREFIX })
  t.teardown(async () => {
    await queue.obliterate({ force: true })
    await queue.close()
    connection.disconnect()
  })
  // Let the team's creation events drain before measuring.
  const consumers = await startConsumers(app, { ...loadConfig({ ...environment.env, ...settings }), DATABASE_URL: environment.databaseUrl }, { schedules: false })
  t.teardown(() => consumers.stop())
  await eventually(() => queue.getJobCounts('waiting', 'delayed', 'active'), c => (c.waiting ?? 0) + (c.delayed ?? 0) + (c.active ?? 0) === 0, 10_000, 'queue idle')
  await sleep(WINDOW_MS)
  await queue.clean(0, 1000, 'completed')

  const sent = await burst(() => app.jobQueue.enqueue([jobMessage('aggregate-progress', { teamId: team.id })]), 60, 10)
  await eventually(() => queue.getJobCounts('waiting', 'delayed', 'active'), c => (c.waiting ?? 0) + (c.delayed ?? 0) + (c.active ?? 0) === 0, 10_000, 'queue idle')
  const completed = await queue.getCompleted(0, 1000)
  const starts = completed.filter(job => job.name === 'aggregate-progress').map(job => job.processedOn!).sort((a, b) => a - b)
  checkRuns(t, starts, sent)
})

t.test('SQS handler (embedded poller, Lambda): the same window within one process', async (t) => {
  const environment = await testEnvironment(t)
  const app = await build(t, environment)
  const owner = await register(app)
  const team = await createTeam(app, owner, { startDate: dayFromToday(-1), endDate: dayFromToday(9), timezone: 'UTC' })
  const starts: number[] = []
  // Each aggregation opens one transaction: note when, to see when runs start.
  const db = new Proxy(app.db, {
    get (target, property) {
      if (property === 'transaction') starts.push(Date.now())
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    }
  })
  const deps = { ...app.jobDeps, db, publishEvents: app.jobDeps.publishEvents }
  const handler = createSqsHandler(deps, { window: localWindow({ windowMs: WINDOW_MS, burst: BURST }) })
  const message = jobMessage('aggregate-progress', { teamId: team.id })
  let n = 0
  const record = (): SQSRecord => ({
    messageId: `m${n++}`,
    receiptHandle: 'h',
    body: JSON.stringify(message),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-2:123456789012:teamtrek-jobs',
    awsRegion: 'eu-west-2'
  })
  // Batches as concurrent pollers deliver them: each one's run waits for the window.
  const running: Array<Promise<unknown>> = []
  const sent = await burst(async () => { running.push(handler({ Records: [record(), record()] })) }, 40, 15)
  const results = await Promise.all(running)
  t.ok(results.every(r => (r as { batchItemFailures: unknown[] }).batchItemFailures.length === 0), 'every batch succeeded')
  checkRuns(t, starts, sent)
})
