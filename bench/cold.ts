import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { bundle, startupBytes, type BundleResult } from '../scripts/bundle.ts'
import { LAMBDA_NODE_FLAGS, writeCompileCache } from '../scripts/compile-cache.ts'
import { lambdaEnvironment, runtimeInterfaceClient, startRuntimeApi } from '../test/helpers/runtime-api.ts'
import { httpApiEvent, httpApiRequestId, lambdaContext } from '../test/helpers/api-gateway.ts'
import { cpuMicros, pinned, SERVER_CPU } from './lib.ts'

/**
 * `npm run bench -- cold`: cold start of a Lambda handler the way the image
 * runs it. For each variant a fresh process starts the runtime interface
 * client (aws-lambda-ric), which loads the handler and polls a local Runtime
 * API; the clock runs from spawning the process to the function's answer to
 * its first API Gateway event (GET /health). Variants run interleaved, on
 * the same core, in the same run:
 *   - a minimal Node handler returning the same body (the baseline);
 *   - the bundle (npm run bundle, what the image's CMD names) with the V8
 *     code cache the image build writes beside it (scripts/compile-cache.ts);
 *   - the same bundle without that cache;
 *   - the TypeScript compiler's output (npm run build), what the image ran before.
 * Node runs with the V8 flags of the Lambda runtime's bootstrap, and each
 * process gets an empty TMPDIR of its own, as a new execution environment
 * gets an empty /tmp. Goal: bundle ≤ 3 × baseline. Then warm invocations: the bundled handler
 * against app.inject for the same route, in this process.
 */
const ROOT = path.resolve(import.meta.dirname, '..')
const ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 9)

interface Variant {
  name: string
  handler: string
  /** The first event: GET /health through API Gateway unless said (a worker gets an empty SQS batch). */
  event?: 'sqs'
}

interface ColdRun {
  /** Spawn to the first GET …/invocation/next: the init phase. */
  initMs: number
  /** The handler's own split, from its `lambda init` log line. */
  loadMs?: number
  buildMs?: number
  /** The first event: delivered to answered. */
  firstAnswerMs: number
  /** Spawn to the first answer. */
  totalMs: number
  /** CPU time (user + system) the process had used by then: steadier than the clock on a busy host. */
  cpuMs?: number
}

function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

async function coldStart (variant: Variant, settings: Record<string, string>): Promise<ColdRun> {
  const runtimeApi = await startRuntimeApi()
  const event = variant.event === 'sqs' ? { Records: [] } : httpApiEvent('GET', '/health', { requestId: httpApiRequestId() })
  const tmp = await mkdtemp(path.join(tmpdir(), 'teamtrek-cold-'))
  const started = performance.now()
  const child = spawn(...pinned(SERVER_CPU, [process.execPath, ...LAMBDA_NODE_FLAGS, runtimeInterfaceClient(ROOT)]), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TMPDIR: tmp, ...settings, ...lambdaEnvironment(runtimeApi.address, variant.handler, ROOT) },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  try {
    const exited = once(child, 'exit').then(() => { throw new Error(`${variant.name} exited before answering:\n${output}`) })
    const result = await Promise.race([runtimeApi.invoke(event, { timeoutMs: 60_000 }), exited])
    if (!result.ok) throw new Error(`${variant.name} failed: ${JSON.stringify(result.error)}\n${output}`)
    const answer = result.body as { statusCode?: number, batchItemFailures?: unknown[] }
    const answered = variant.event === 'sqs' ? answer.batchItemFailures?.length === 0 : answer.statusCode === 200
    if (!answered) throw new Error(`${variant.name} answered ${JSON.stringify(answer)}:\n${output}`)
    const initLine = output.split('\n').find(line => line.includes('"lambda init"'))
    const init = initLine === undefined ? undefined : JSON.parse(initLine) as { loadMs: number, buildMs: number }
    const cpu = child.pid === undefined ? undefined : cpuMicros(child.pid)
    const initMs = runtimeApi.firstNextAt! - started
    return {
      initMs,
      ...(init && { loadMs: init.loadMs, buildMs: init.buildMs }),
      firstAnswerMs: result.answeredAt - runtimeApi.firstNextAt!,
      totalMs: result.answeredAt - started,
      ...(cpu !== undefined && { cpuMs: cpu / 1000 })
    }
  } finally {
    child.kill('SIGKILL')
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit')
    await runtimeApi.close()
    await rm(tmp, { recursive: true, force: true })
  }
}

function printSizes (result: BundleResult) {
  console.log('\nbundle (dist/bundle, minified; source maps beside them):')
  for (const [file, bytes] of Object.entries(result.sizes).sort((a, b) => b[1] - a[1])) {
    console.log(`  ${(bytes / 1024).toFixed(1).padStart(8)} KiB  ${file}`)
  }
  for (const [entry, bytes] of Object.entries(startupBytes(result))) {
    console.log(`  ${entry}: ${(bytes / 1024).toFixed(1)} KiB read at start (the entry and the chunks it imports statically)`)
  }
}

async function warm (coldSettings: Record<string, string>, bundleDir: string) {
  // Both in this process, as the handler's module reads its settings at
  // import; request logs off on both sides (they would go to this terminal).
  const settings = { ...coldSettings, LOG_LEVEL: 'warn' }
  // Put back afterwards: the sections after this one start their servers
  // with this process's environment (a leftover DYNAMODB_CREATE_TABLES=false
  // left realtime's API without its tables).
  const saved = { ...process.env }
  Object.assign(process.env, settings)
  try {
    await measureWarm(bundleDir)
  } finally {
    for (const name of Object.keys(settings)) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
  }
}

async function measureWarm (bundleDir: string) {
  // The same app instance both ways: the difference is the Lambda adapter
  // (event to request, response to API Gateway's shape).
  const { handler, app } = await import(path.join(bundleDir, 'lambda-api.mjs')) as {
    handler: (event: unknown, context: unknown) => Promise<{ statusCode: number }>
    app: { inject: (options: unknown) => Promise<{ statusCode: number }>, close: () => Promise<void> }
  }
  const context = lambdaContext()
  const event = httpApiEvent('GET', '/health')
  const headers = event.headers
  const viaHandler = async (n: number) => {
    for (let i = 0; i < n; i++) {
      if ((await handler(event, context)).statusCode !== 200) throw new Error('handler did not answer 200')
    }
  }
  const viaInject = async (n: number) => {
    for (let i = 0; i < n; i++) {
      if ((await app.inject({ method: 'GET', url: '/health', headers: { ...headers, 'x-request-id': 'JKJaXmPLvHcESHA=' }, remoteAddress: '203.0.113.7' })).statusCode !== 200) throw new Error('inject did not answer 200')
    }
  }
  // Per CPU second of this process rather than per wall second: both sides
  // run here, and CPU time is not inflated by other load on the host.
  const rate = async (run: (n: number) => Promise<void>, n: number) => {
    const start = process.cpuUsage()
    await run(n)
    const used = process.cpuUsage(start)
    return n / ((used.user + used.system) / 1e6)
  }
  await viaHandler(2000)
  await viaInject(2000)
  const handlerRates: number[] = []
  const injectRates: number[] = []
  for (let round = 0; round < 7; round++) {
    handlerRates.push(await rate(viaHandler, 5000))
    injectRates.push(await rate(viaInject, 5000))
  }
  await app.close()
  const h = median(handlerRates)
  const i = median(injectRates)
  console.log('\nwarm GET /health on the bundled app, per CPU second of this process (median of 7 rounds of 5,000):')
  console.log(`  app.inject (the event's headers)  ${i.toFixed(0).padStart(7)} /s  ${(1e6 / i).toFixed(1).padStart(6)} µs each`)
  console.log(`  bundled Lambda handler (v2 event) ${h.toFixed(0).padStart(7)} /s  ${(1e6 / h).toFixed(1).padStart(6)} µs each`)
  console.log(`  handler = ${(h / i).toFixed(2)} × app.inject (goal ≥ 0.8)`)
}

export async function benchCold (options: { databaseUrl: string }) {
  const bundleDir = path.join(ROOT, 'dist', 'bench-bundle')
  const bundled = await bundle(bundleDir)
  // The same bundle without the code cache, for what the cache is worth.
  const uncachedDir = path.join(ROOT, 'dist', 'bench-bundle-uncached')
  await rm(uncachedDir, { recursive: true, force: true })
  await cp(bundleDir, uncachedDir, { recursive: true })
  // What the image build does beside the bundle (Dockerfile).
  await writeCompileCache(bundleDir)
  // What the image ran before the bundle: tsc's output, module by module.
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' })
  const variants: Variant[] = [
    { name: 'minimal Node handler (baseline)', handler: 'bench/minimal-handler.handler' },
    { name: 'bundle (dist/bundle/lambda-api)', handler: 'dist/bench-bundle/lambda-api.handler' },
    { name: 'bundle without its code cache', handler: 'dist/bench-bundle-uncached/lambda-api.handler' },
    { name: 'tsc output (dist/src/app/lambda)', handler: 'dist/src/app/lambda.handler' },
    // The SQS worker function's init, answering an empty batch.
    { name: 'worker bundle (lambda-worker)', handler: 'dist/bench-bundle/lambda-worker.handler', event: 'sqs' },
    { name: 'worker bundle without its code cache', handler: 'dist/bench-bundle-uncached/lambda-worker.handler', event: 'sqs' }
  ]
  // As on Lambda: real AWS endpoints (nothing is called for /health), the
  // database only connected when a route needs it, request logs on.
  const settings = {
    DATABASE_URL: options.databaseUrl,
    JWT_SECRET: 'benchmark-only-secret-0123456789abcdef',
    JOBS_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/123456789012/teamtrek-jobs',
    DYNAMODB_CREATE_TABLES: 'false',
    LOG_LEVEL: 'info',
    AWS_ACCESS_KEY_ID: 'AKIABENCHMARKONLY',
    AWS_SECRET_ACCESS_KEY: 'benchmark-only'
  }
  try {
    const runs = new Map<string, ColdRun[]>(variants.map(v => [v.name, []]))
    for (const variant of variants) await coldStart(variant, settings) // warm the page cache
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of variants) runs.get(variant.name)!.push(await coldStart(variant, settings))
    }
    const ms = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(0)).padStart(8)
    console.log(`\ncold start, process start to the first event answered (GET /health through API Gateway; the worker: an empty SQS batch), median of ${ROUNDS}:`)
    console.log(`load average ${loadavg().map(l => l.toFixed(2)).join(' ')}`)
    console.log('variant'.padEnd(36) + 'total ms'.padStart(9) + 'ratio'.padStart(7) + 'init'.padStart(8) + 'load'.padStart(8) + 'build'.padStart(8) + '1st ans'.padStart(8) + 'cpu ms'.padStart(8) + 'ratio'.padStart(7) + '   min–max total')
    const baseline = median(runs.get(variants[0]!.name)!.map(r => r.totalMs))
    const cpuOf = (list: ColdRun[]) => { const cpus = list.flatMap(r => r.cpuMs === undefined ? [] : [r.cpuMs]); return cpus.length ? median(cpus) : undefined }
    const baselineCpu = cpuOf(runs.get(variants[0]!.name)!)
    for (const variant of variants) {
      const list = runs.get(variant.name)!
      const totals = list.map(r => r.totalMs)
      const loads = list.flatMap(r => r.loadMs === undefined ? [] : [r.loadMs])
      const builds = list.flatMap(r => r.buildMs === undefined ? [] : [r.buildMs])
      console.log(variant.name.padEnd(36) + ms(median(totals)) + (median(totals) / baseline).toFixed(2).padStart(7) +
        ms(median(list.map(r => r.initMs))) + ms(loads.length ? median(loads) : undefined) + ms(builds.length ? median(builds) : undefined) +
        ms(median(list.map(r => r.firstAnswerMs))) + ms(cpuOf(list)) +
        (cpuOf(list) !== undefined && baselineCpu ? (cpuOf(list)! / baselineCpu).toFixed(2) : '-').padStart(7) + `   ${Math.min(...totals).toFixed(0)}–${Math.max(...totals).toFixed(0)}`)
    }
    console.log('  init: spawn to the first …/invocation/next; load: process start to the handler module\'s first line (node, the runtime client,')
    console.log('  reading the code); build: buildApp + ready; 1st ans: the event delivered to the answer posted; cpu: user + system')
    console.log('  time of the process by its answer (10 ms ticks), which other load on the host does not inflate.')
    const bundleRuns = runs.get(variants[1]!.name)!
    const bundleTotal = median(bundleRuns.map(r => r.totalMs))
    console.log(`  bundle = ${(bundleTotal / baseline).toFixed(2)} × the minimal handler (goal ≤ 3): load ${median(bundleRuns.flatMap(r => r.loadMs ?? [])).toFixed(0)} ms, ` +
      `build ${median(bundleRuns.flatMap(r => r.buildMs ?? [])).toFixed(0)} ms, first answer ${median(bundleRuns.map(r => r.firstAnswerMs)).toFixed(0)} ms`)
    printSizes(bundled)
    await warm(settings, bundleDir)
  } finally {
    await rm(bundleDir, { recursive: true, force: true })
    await rm(uncachedDir, { recursive: true, force: true })
  }
}
