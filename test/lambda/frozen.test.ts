import t from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { testEnvironment } from '../helpers/build.ts'
import { httpApiEvent, httpApiRequestId } from '../helpers/api-gateway.ts'
import { bundleForTest, invokeHttp, startLambda } from '../helpers/lambda-process.ts'

// Lambda freezes an execution environment as soon as its runtime asks for
// the next event, and thaws it when one arrives: wall-clock time jumps by
// the whole pause. Load shedding that measures event-loop delay by the clock
// took every thaw for a stalled loop and answered 503. Here the bundled
// handler runs under the real runtime interface client, and the process is
// frozen with SIGSTOP between invocations, as Lambda does.

const environment = await testEnvironment(t)
const bundled = await bundleForTest(t, 'frozen')
// Shedding is asked for explicitly (1000 ms, the containers' default), not
// left off as in the rest of the suite: Lambda must not shed whatever the
// deployment sets.
const settings = { ...environment.env, DYNAMODB_CREATE_TABLES: 'true', LOG_LEVEL: 'warn', MAX_EVENT_LOOP_DELAY_MS: '1000' }

const lambda = await startLambda(t, `${bundled.relativeDir}/lambda-api.handler`, settings)

t.test('events queued during a cold start are all served', async (t) => {
  // Queued before the init phase ends (slow on a busy host); one environment
  // takes one event at a time, so they arrive back to back as it finishes.
  const answers = await Promise.all(Array.from({ length: 12 }, () =>
    invokeHttp(lambda, httpApiEvent('GET', '/health', { requestId: httpApiRequestId() }))))
  t.same(answers.map(a => a.statusCode), answers.map(() => 200))
})

t.test('every answer is 200 across freezes of 1.5 to 3 s', async (t) => {
  const pauses = [1500, 3000, 2000, 2500, 1800, 2200, 3000, 1600]
  const statuses: number[] = []
  for (const [i, pause] of pauses.entries()) {
    // Frozen only once the runtime is idle, waiting on …/invocation/next.
    await lambda.runtimeApi.idle()
    process.kill(lambda.process.pid, 'SIGSTOP')
    await sleep(pause)
    process.kill(lambda.process.pid, 'SIGCONT')
    const path = i % 2 === 0 ? '/health' : '/ready'
    const response = await invokeHttp(lambda, httpApiEvent('GET', path, { requestId: httpApiRequestId() }))
    statuses.push(response.statusCode)
    if (response.statusCode !== 200) t.comment(`after ${pause} ms frozen, GET ${path}: ${response.statusCode} ${response.body}`)
  }
  t.same(statuses, pauses.map(() => 200), 'no answer is refused after a thaw')
})
