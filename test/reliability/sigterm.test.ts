import t from 'tap'
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { Queue } from 'bullmq'
import { GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { testEnvironment } from '../helpers/build.ts'
import { freePort, spawnManaged, startRedisServer, startWorker, type ManagedProcess } from '../helpers/processes.ts'

// Processes, load, and jobs held up on purpose.
t.setTimeout(300_000)

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
const environment = await testEnvironment(t)

/** Hold the advisory lock every aggregate-progress run of `teamId` takes first, until release(). */
async function holdAggregationLock (teamId: string) {
  const client = new pg.Client({ connectionString: environment.databaseUrl })
  await client.connect()
  await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [`aggregate-progress:${teamId}`])
  let released = false
  const release = async () => {
    if (released) return
    released = true
    await client.end()
  }
  t.teardown(release)
  return { release }
}

t.test('SIGTERM to the API under steady load: no 5xx, every request in flight answered, then a clean exit', async (t) => {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const api = spawnManaged(t, 'api', process.execPath, ['src/app/server.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...environment.env, LOG_LEVEL: 'info', PORT: String(port), HOST: '127.0.0.1', WORKER_IN_PROCESS: 'false' }
  })
  await api.waitForOutput(/TeamTrek API on/, 60_000)

  const post = (path: string, body: unknown, token?: string) => fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body)
  })
  const tokens: string[] = []
  for (let i = 0; i < 4; i++) {
    const res = await post('/auth/register', { email: `term-${i}-${randomUUID()}@example.com`, password: 'a long walk to the north', displayName: `Term ${i}` })
    tokens.push(((await res.json()) as { data: { accessToken: string } }).data.accessToken)
  }

  interface Outcome { kind: 'read' | 'write' | 'sync', sentAt: number, doneAt: number, status?: number, error?: string }
  const outcomes: Outcome[] = []
  let sigtermAt = Infinity
  let n = 0
  // Eight clients on keep-alive connections: reads, single activities, and
  // sync batches of 300 (slow enough to be in flight at the SIGTERM). Each
  // stops once the server refuses its connection.
  const client = async (kind: Outcome['kind'], token: string) => {
    for (;;) {
      const sentAt = Date.now()
      const i = n++
      try {
        const res = kind === 'read'
          ? await fetch(`${base}/users/me`, { headers: { authorization: `Bearer ${token}` } })
          : kind === 'write'
            ? await post('/activities', { type: 'walk', distanceMeters: 100, durationSeconds: 100, startedAt: new Date(Date.now() - 7_200_000 - i * 1000).toISOString(), clientId: `w-${i}` }, token)
            : await post('/activities/sync', { items: Array.from({ length: 300 }, (_, k) => ({ type: 'walk', distanceMeters: 100, durationSeconds: 60, startedAt: new Date(Date.now() - 86_400_000 - (i * 300 + k) * 1000).toISOString(), clientId: `s-${i}-${k}` })) }, token)
        await res.arrayBuffer()
        outcomes.push({ kind, sentAt, doneAt: Date.now(), status: res.status })
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause
        outcomes.push({ kind, sentAt, doneAt: Date.now(), error: cause?.code ?? (err as Error).message })
        if (Date.now() > sigtermAt) return
      }
      await sleep(kind === 'sync' ? 0 : 20)
    }
  }
  const clients = [
    ...tokens.map(token => client('read', token)),
    ...tokens.slice(0, 2).map(token => client('write', token)),
    ...tokens.slice(2).map(token => client('sync', token))
  ]

  await sleep(4_000)
  // Right after a sync batch went out, so one is surely being processed.
  const before = outcomes.length
  sigtermAt = Date.now()
  api.child.kill('SIGTERM')
  const exit = await api.exited
  const exitedAt = Date.now()
  // 'exit' can come before the last of the child's output has been read.
  if (!api.child.stdout!.closed) await new Promise(resolve => api.child.stdout!.once('close', resolve))
  await Promise.all(clients)

  const answered = outcomes.filter(o => o.status !== undefined)
  const failed = outcomes.filter(o => o.error !== undefined)
  const inFlight = answered.filter(o => o.sentAt < sigtermAt && o.doneAt > sigtermAt)
  t.comment(`${before} requests before the SIGTERM; exit ${exitedAt - sigtermAt} ms after it; ${inFlight.length} in flight then (${inFlight.map(o => `${o.kind} ${o.status}`).join(', ')}); afterwards: ${[...new Set(failed.map(o => o.error))].join(', ')}`)
  t.equal(exit.code, 0, 'the API exits cleanly', { output: api.output().slice(-3000) })
  t.same(answered.filter(o => o.status! >= 500), [], 'no 5xx, before or during the shutdown')
  t.same(answered.filter(o => o.status! >= 300), [], 'every answer a success')
  t.ok(inFlight.some(o => o.kind === 'sync'), 'a sync batch in flight at the SIGTERM was answered')
  t.ok(inFlight.every(o => o.status! < 300), 'every request in flight at the SIGTERM was answered with a success')
  // The server's own log: every request it started reading, it answered
  // (the log's last 64 KB: all of the shutdown). A request reset by the
  // close never reached it; see the README on the one race left.
  const lines = api.output().split('\n').flatMap(line => { try { return [JSON.parse(line)] } catch { return [] } })
  const incoming = new Set(lines.filter(l => l.msg === 'incoming request').map(l => l.requestId))
  const completed = new Set(lines.filter(l => l.msg === 'request completed').map(l => l.requestId))
  t.ok(incoming.size > 20, `the log covers the shutdown (${incoming.size} requests)`)
  t.same([...incoming].filter(id => !completed.has(id)), [], 'every request the server received was answered')
  const reset = failed.filter(o => o.error === 'ECONNRESET')
  t.comment(`after the drain: ${failed.length - reset.length} connections refused, ${reset.length} reset as they opened`)
  t.same(failed.filter(o => o.error !== 'ECONNREFUSED' && o.error !== 'ECONNRESET'), [], 'clients saw only refused (or, opening just as it closed, reset) connections')
  // The drain starts when the server handles the signal, so it lasts at least until 1 s after we sent it;
  // a request sent in its last moments may arrive after it (100 ms of slack for a loaded machine).
  t.same(failed.filter(o => o.sentAt < sigtermAt + 900), [], 'and none during the 1 s drain (SHUTDOWN_DRAIN_MS): until then every request was served')
})

t.test('SIGTERM to a BullMQ worker: a job that finishes within the grace period finishes; one that does not is handed back, not left stalled', async (t) => {
  const redis = await startRedisServer(t)
  const env = { ...environment.env, REDIS_URL: redis.url, WORKER_SHUTDOWN_GRACE_MS: '2000', DATABASE_LOCK_TIMEOUT_MS: '0', DATABASE_STATEMENT_TIMEOUT_MS: '8000' }
  const queue = new Queue('teamtrek-jobs', { connection: { url: redis.url }, prefix: 'teamtrek' })
  t.teardown(() => queue.close())
  const activeSoon = async (id: string) => {
    const deadline = Date.now() + 15_000
    while (await queue.getJobState(id) !== 'active') {
      if (Date.now() > deadline) throw new Error(`job ${id} never became active: ${await queue.getJobState(id)}`)
      await sleep(50)
    }
  }

  await t.test('finished within the grace period', async (t) => {
    const teamId = randomUUID()
    const lock = await holdAggregationLock(teamId)
    const worker = await startWorker(t, env, 'worker#finishes')
    const job = await queue.add('aggregate-progress', { teamId })
    await activeSoon(job.id!)
    worker.child.kill('SIGTERM')
    await sleep(500)
    await lock.release()
    const exit = await worker.exited
    t.equal(exit.code, 0, 'the worker exits cleanly')
    t.equal(await queue.getJobState(job.id!), 'completed', 'after finishing the job it was running')
  })

  await t.test('still running when the grace period ends', async (t) => {
    const teamId = randomUUID()
    const lock = await holdAggregationLock(teamId)
    const worker: ManagedProcess = await startWorker(t, env, 'worker#hands-back')
    const job = await queue.add('aggregate-progress', { teamId })
    await activeSoon(job.id!)
    const sigtermAt = Date.now()
    worker.child.kill('SIGTERM')
    let state = await queue.getJobState(job.id!)
    // The grace period, then closing the worker (its blocking Redis call
    // returns within BullMQ's 5 s drain delay), then the hand-back.
    while (state === 'active' && Date.now() - sigtermAt < 15_000) {
      await sleep(50)
      state = await queue.getJobState(job.id!)
    }
    t.equal(state, 'waiting', `handed back to the waiting list ${Date.now() - sigtermAt} ms after the SIGTERM (grace 2 s; not after the 10 s lock would lapse), not left active to stall`, { output: worker.output().slice(-3000) })
    // The worker logs the hand-back once Redis has taken the job back, so the
    // state above can be read before the line is written.
    await worker.waitForOutput(/job handed back to the queue unfinished/, 5_000).catch(() => {})
    t.match(worker.output(), /job handed back to the queue unfinished/)
    const exit = await worker.exited
    t.comment(`worker exited ${Date.now() - sigtermAt} ms after the SIGTERM with ${exit.code ?? exit.signal}`)
    t.equal(exit.code, 0, 'the worker exits cleanly once the statement it was waiting on ends')

    await lock.release()
    const next = await startWorker(t, env, 'worker#next')
    const deadline = Date.now() + 20_000
    while (await queue.getJobState(job.id!) !== 'completed' && Date.now() < deadline) await sleep(100)
    t.equal(await queue.getJobState(job.id!), 'completed', 'the next worker runs it at once', { output: next.output().slice(-2000) })
  })
})

t.test('SIGTERM to an SQS worker: an unfinished message becomes visible again at once', async (t) => {
  const queueName = `term-${randomUUID().slice(0, 8)}`
  const sqs = new SQSClient({ region: 'eu-west-2', endpoint: environment.emulators.sqsEndpoint, credentials: { accessKeyId: 'teamtreklocal', secretAccessKey: 'teamtreklocal' } })
  t.teardown(() => sqs.destroy())
  const env = { ...environment.env, QUEUE_DRIVER: 'sqs', JOBS_QUEUE_NAME: queueName, WORKER_SHUTDOWN_GRACE_MS: '2000', DATABASE_LOCK_TIMEOUT_MS: '0', DATABASE_STATEMENT_TIMEOUT_MS: '6000' }
  const teamId = randomUUID()
  const lock = await holdAggregationLock(teamId)
  const worker = await startWorker(t, env, 'sqs-worker')
  // The worker created the queue (visibility timeout 60 s); this finds it.
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))
  const sent = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ name: 'aggregate-progress', payload: { teamId } }) }))
  // Received once the worker is blocked on the lock: give it a moment to take the message.
  await sleep(2_000)
  const sigtermAt = Date.now()
  worker.child.kill('SIGTERM')
  await worker.waitForOutput(/unfinished SQS messages made visible again/, 10_000)
  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0, MaxNumberOfMessages: 1, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }))
  const message = received.Messages?.[0]
  t.comment(`received again ${Date.now() - sigtermAt} ms after the SIGTERM (the queue's visibility timeout is 60 s)`)
  t.ok(message, 'the message is visible again long before its visibility timeout')
  t.equal(message?.MessageId, sent.MessageId, 'the same message')
  t.not(message?.Attributes?.ApproximateReceiveCount, '1', `received before (receive count ${message?.Attributes?.ApproximateReceiveCount})`)
  t.same(JSON.parse(message?.Body ?? '{}').payload, { teamId })
  await lock.release()
  const exit = await worker.exited
  t.equal(exit.code, 0, 'the worker exits cleanly')
})
