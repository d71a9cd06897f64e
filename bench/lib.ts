import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { readdirSync, readFileSync } from 'node:fs'
import { once } from 'node:events'
import { createServer, type AddressInfo } from 'node:net'
import autocannon from 'autocannon'

export interface Measurement {
  name: string
  requestsPerSecond: number
  p99Ms: number
  non2xx: number
  /** Server CPU time per request (user + system), when the server's pid is known. */
  serverCpuMicros?: number
  /** The kernel's part of it (system time: socket reads and writes, mostly). */
  serverSysShare?: number
  /**
   * CPU time of every local Postgres process per request: the database's
   * side of the cost, which shares the machine's cores with the server.
   * Anything else using the same Postgres meanwhile counts too.
   */
  databaseCpuMicros?: number
}

export interface LoadOptions {
  url: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  seconds?: number
  connections?: number
  /** The server process, to charge its CPU time to the requests. */
  serverPid?: number
  /** Rewrite each request before it is sent (rotate users, vary bodies). */
  setupRequest?: (request: { headers?: Record<string, string>, body?: string }) => { headers?: Record<string, string>, body?: string }
}

const CLOCK_TICKS_PER_SECOND = 100

/** utime + stime of a process, in microseconds (Linux /proc). */
export function cpuMicros (pid: number): number | undefined {
  return cpuSplit(pid)?.total
}

/** utime and stime of a process, in microseconds. */
function cpuSplit (pid: number): { total: number, system: number } | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    const tick = 1_000_000 / CLOCK_TICKS_PER_SECOND
    return { total: (Number(fields[11]) + Number(fields[12])) * tick, system: Number(fields[12]) * tick }
  } catch {
    return undefined
  }
}

/** CPU time (µs) of every process named postgres on this machine; undefined without /proc. */
export function postgresCpuMicros (): number | undefined {
  let total = 0
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      try {
        if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue
      } catch {
        continue
      }
      total += cpuSplit(Number(entry))?.total ?? 0
    }
  } catch {
    return undefined
  }
  return total
}

/** Drive one endpoint with autocannon; the server runs in another process. */
export async function load (name: string, options: LoadOptions): Promise<Measurement> {
  const cpuBefore = options.serverPid === undefined ? undefined : cpuSplit(options.serverPid)
  const databaseBefore = postgresCpuMicros()
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    duration: options.seconds ?? 5,
    connections: options.connections ?? 32,
    pipelining: 1,
    ...(options.setupRequest && { requests: [{ setupRequest: options.setupRequest as never }] })
  })
  const cpuAfter = options.serverPid === undefined ? undefined : cpuSplit(options.serverPid)
  const databaseAfter = postgresCpuMicros()
  return {
    name,
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
    ...(cpuBefore !== undefined && cpuAfter !== undefined && result.requests.total > 0 && {
      serverCpuMicros: (cpuAfter.total - cpuBefore.total) / result.requests.total,
      serverSysShare: cpuAfter.total > cpuBefore.total ? (cpuAfter.system - cpuBefore.system) / (cpuAfter.total - cpuBefore.total) : 0
    }),
    ...(databaseBefore !== undefined && databaseAfter !== undefined && result.requests.total > 0 && {
      databaseCpuMicros: (databaseAfter - databaseBefore) / result.requests.total
    })
  }
}

/** Warm up, then measure each scenario in turn, `rounds` times, interleaved; keep each one's median. */
export async function compare (scenarios: Array<[string, LoadOptions]>, rounds = 3): Promise<Measurement[]> {
  for (const [name, options] of scenarios) await load(`${name} (warm-up)`, { ...options, seconds: 2 })
  const runs = new Map<string, Measurement[]>()
  for (let round = 0; round < rounds; round++) {
    for (const [name, options] of scenarios) {
      runs.set(name, [...(runs.get(name) ?? []), await load(name, options)])
    }
  }
  return scenarios.map(([name]) => {
    const sorted = runs.get(name)!.sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)
    return sorted[Math.floor(sorted.length / 2)]!
  })
}

/**
 * req/s and its ratio to the baseline, plus the server's CPU time per
 * request and the capacity ratio it implies (baseline CPU / scenario CPU).
 * On a 2-core host a single autocannon process can be the bottleneck for
 * cheap routes; the CPU figures are what the server itself spends.
 */
export function printTable (rows: Measurement[], baseline: Measurement) {
  console.log('')
  console.log('scenario'.padEnd(40) + 'req/s'.padStart(9) + 'ratio'.padStart(7) + 'p99 ms'.padStart(8) +
    'cpu µs/req'.padStart(12) + 'cpu ratio'.padStart(11) + 'kernel'.padStart(8) + 'db µs/req'.padStart(11) + 'errors'.padStart(8))
  for (const row of rows) {
    const cpuRatio = row.serverCpuMicros && baseline.serverCpuMicros ? baseline.serverCpuMicros / row.serverCpuMicros : undefined
    console.log(
      row.name.padEnd(40) +
      row.requestsPerSecond.toFixed(0).padStart(9) +
      (row.requestsPerSecond / baseline.requestsPerSecond).toFixed(2).padStart(7) +
      row.p99Ms.toFixed(1).padStart(8) +
      (row.serverCpuMicros?.toFixed(1) ?? '-').padStart(12) +
      (cpuRatio?.toFixed(2) ?? '-').padStart(11) +
      (row.serverSysShare === undefined ? '-' : `${(100 * row.serverSysShare).toFixed(0)} %`).padStart(8) +
      (row.databaseCpuMicros?.toFixed(0) ?? '-').padStart(11) +
      String(row.non2xx).padStart(8)
    )
  }
}

const CPUS = availableParallelism()
export const SERVER_CPU = CPUS - 1

function hasTaskset (): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const TASKSET = CPUS > 1 && hasTaskset()

export function pinned (cpu: number, command: string[]): [string, string[]] {
  return TASKSET ? ['taskset', ['-c', String(cpu), ...command]] : [command[0]!, command.slice(1)]
}

/** Keep the load generator off the servers' core. */
export function pinLoadGenerator () {
  if (TASKSET) execFileSync('taskset', ['-cp', `0-${SERVER_CPU - 1}`, String(process.pid)], { stdio: 'ignore' })
}

export async function freePort (): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  server.close()
  return port
}

/** Start a server script in its own process on PORT and wait until /health or /bare answers. */
export interface RunningServer {
  url: string
  pid: number
  stop: () => Promise<void>
}

/**
 * BENCH_CPU_PROF=<dir>: the service under test (a script under src/, not the
 * baselines) writes a V8 CPU profile there when it stops;
 * `node bench/profile-summary.ts <dir>` reads it.
 */
export function cpuProfileArgs (script: string): string[] {
  return process.env.BENCH_CPU_PROF !== undefined && script.startsWith('src/')
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : []
}

export async function startServer (script: string, env: Record<string, string>, probePath = '/health'): Promise<RunningServer> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  // Server on the last core, load generator (this process) on the others,
  // so the two do not take turns on one core.
  const child: ChildProcess = spawn(...pinned(SERVER_CPU, [process.execPath, ...cpuProfileArgs(script), script]), {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit']
  })
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`)
    if (Date.now() > deadline) throw new Error(`${script} did not answer on ${url}${probePath} within 60 s`)
    try {
      if ((await fetch(url + probePath)).ok) break
    } catch {}
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  return {
    url,
    pid: child.pid!,
    async stop () {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  }
}

/** The value at percentile `p` (0–1) of ascending `sorted` (nearest rank); NaN when empty. */
export function percentile (sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN
}

/** One JSON call to the API; throws on a status of 300 or more, with the body. */
export async function call<T> (base: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number, data: T }> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(token && { authorization: `Bearer ${token}` }) },
    ...(body !== undefined && { body: JSON.stringify(body) })
  })
  const json = await res.json() as { data: T }
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`)
  return { status: res.status, data: json.data }
}
