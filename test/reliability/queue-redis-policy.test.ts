import t from 'tap'
import { testEnvironment } from '../helpers/build.ts'
import { startRedisServer, startWorker } from '../helpers/processes.ts'

// Two redis-servers and two worker processes.
t.setTimeout(180_000)

const environment = await testEnvironment(t)

/** The worker's JSON log lines. */
function logLines (output: string): Array<{ level: number, msg: string, maxmemoryPolicy?: string }> {
  return output.split('\n').flatMap(line => {
    try { return [JSON.parse(line)] } catch { return [] }
  })
}

t.test('a worker whose queue Redis may evict keys says so, in one line, at start', async (t) => {
  const redis = await startRedisServer(t, { args: ['--maxmemory-policy', 'allkeys-lru'] })
  const worker = await startWorker(t, { ...environment.env, REDIS_URL: redis.url })
  await worker.waitForOutput(/maxmemory-policy allkeys-lru/, 10_000)
  const warnings = logLines(worker.output()).filter(line => line.level === 40 && /maxmemory-policy/.test(line.msg))
  t.equal(warnings.length, 1, 'one warning')
  t.match(warnings[0], { maxmemoryPolicy: 'allkeys-lru', msg: /set it to noeviction/ }, 'naming the policy and what to set')
  t.ok(worker.running, 'and the worker keeps running (it warns, it does not refuse)')
})

t.test('with noeviction, no warning', async (t) => {
  const redis = await startRedisServer(t, { args: ['--maxmemory-policy', 'noeviction'] })
  const worker = await startWorker(t, { ...environment.env, REDIS_URL: redis.url })
  await worker.waitForOutput(/queue Redis settings/, 10_000)
  t.same(logLines(worker.output()).filter(line => line.level >= 40 && /maxmemory-policy/.test(line.msg)), [], 'no maxmemory-policy warning')
  t.match(logLines(worker.output()).find(line => line.msg === 'queue Redis settings'), { maxmemoryPolicy: 'noeviction' })
})
