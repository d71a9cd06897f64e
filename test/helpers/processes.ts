import { spawn, type ChildProcess } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { createServer } from 'node:net'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Test } from 'tap'

/** The repository root: children run from here, as `npm run worker` would. */
export const ROOT = path.resolve(import.meta.dirname, '..', '..')

/** Keep this much of a child's output for failure messages. */
const OUTPUT_LIMIT = 64 * 1024

/** A TCP port nobody listens on right now (the OS picks it). */
export async function freePort (): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/** The absolute path of `command` on PATH; throws (a test must fail, not skip) when it is missing. */
export function requireCommand (command: string, hint: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {}
  }
  throw new Error(`${command} is not on PATH (${process.env.PATH ?? ''}): ${hint}`)
}

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface ManagedProcess {
  readonly label: string
  readonly pid: number
  readonly child: ChildProcess
  /** Settles when the process has exited (never rejects). */
  readonly exited: Promise<Exit>
  readonly running: boolean
  /** The last 64 KB of stdout and stderr, interleaved as they arrived. */
  output: () => string
  /** Resolve once the output matches `pattern`; reject if the process exits first or on timeout. */
  waitForOutput: (pattern: RegExp, timeoutMs: number) => Promise<void>
  /** Send `signal` (SIGKILL by default) and wait for the exit. */
  kill: (signal?: NodeJS.Signals) => Promise<Exit>
}

// Children alive right now. A test process that dies without running its
// teardowns (tap's timeout, an uncaught error) must still leave nothing behind:
// the exit hook covers an orderly exit and each child's watchdog the rest.
const live = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of live) {
    try { child.kill('SIGKILL') } catch {}
  }
})

/**
 * A shell that SIGKILLs `pid` once this test process is gone (even after
 * kill -9, when no exit hook runs), and ends by itself when `pid` does.
 */
function watchdog (pid: number): ChildProcess {
  const script = 'while kill -0 "$1" 2>/dev/null; do kill -0 "$2" 2>/dev/null || exit 0; sleep 1; done; kill -9 "$2" 2>/dev/null'
  const dog = spawn('sh', ['-c', script, 'watchdog', String(process.pid), String(pid)], { detached: true, stdio: 'ignore' })
  dog.unref()
  return dog
}

/**
 * Spawn a child whose output is kept for failure messages and which is
 * SIGKILLed when the test ends, whatever happened (t.teardown, an exit hook
 * and a watchdog).
 */
export function spawnManaged (t: Test, label: string, command: string, args: string[], options: { env: Record<string, string>, cwd?: string }): ManagedProcess {
  const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.once('error', err => { output += `\n[spawn error] ${err.message}\n` })
  if (child.pid === undefined) throw new Error(`${label}: could not spawn ${command}`)
  const pid = child.pid
  live.add(child)
  const dog = watchdog(pid)

  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8')
    if (output.length > OUTPUT_LIMIT * 2) output = output.slice(-OUTPUT_LIMIT)
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)

  let running = true
  const exited = new Promise<Exit>(resolve => {
    child.once('exit', (code, signal) => {
      running = false
      live.delete(child)
      // Its own process group: takes the watchdog's `sleep` along.
      try { process.kill(-dog.pid!, 'SIGKILL') } catch {}
      resolve({ code, signal })
    })
  })

  async function kill (signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> {
    if (running) child.kill(signal)
    return exited
  }
  t.teardown(() => kill('SIGKILL'))

  return {
    label,
    pid,
    child,
    exited,
    get running () { return running },
    output: () => output.slice(-OUTPUT_LIMIT),
    kill,
    waitForOutput (pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const done = (err?: Error) => {
          clearTimeout(timer)
          child.stdout!.off('data', check)
          child.stderr!.off('data', check)
          if (err) reject(err)
          else resolve()
        }
        const check = () => { if (pattern.test(output)) done() }
        const timer = setTimeout(() => done(new Error(`${label}: no ${pattern} in ${timeoutMs} ms; output:\n${output.slice(-4000)}`)), timeoutMs)
        child.stdout!.on('data', check)
        child.stderr!.on('data', check)
        exited.then(exit => done(new Error(`${label} exited (${exit.code ?? exit.signal}) before ${pattern}; output:\n${output.slice(-4000)}`)), () => {})
        check()
      })
    }
  }
}

/** What a child needs besides the app's settings: nothing else leaks in from the test's environment. */
function baseEnv (): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() }
}

/**
 * `npm run worker` (node src/app/worker.ts) with exactly `env`; resolves
 * once it consumes jobs. It logs at `info` (its start-up line is how we know
 * it is ready), so its log is in output() for failure messages.
 */
export async function startWorker (t: Test, env: Record<string, string>, label = 'worker'): Promise<ManagedProcess> {
  const worker = spawnManaged(t, label, process.execPath, ['src/app/worker.ts'], {
    env: { ...baseEnv(), ...env, LOG_LEVEL: 'info' }
  })
  await worker.waitForOutput(/worker consuming jobs/, 30_000)
  return worker
}

export interface RedisServer {
  readonly port: number
  readonly url: string
  /** The running redis-server, if any. */
  readonly process: ManagedProcess | null
  /** Start it (again) on the same port, empty. */
  start: () => Promise<void>
  /** Stop it with `signal` (SIGKILL: a crash; SIGTERM: a clean shutdown) and wait for the exit. */
  stop: (signal?: NodeJS.Signals) => Promise<void>
  /** Output of every run so far, for failure messages. */
  output: () => string
}

/**
 * A private redis-server on a free port: no persistence, so a restart comes
 * back empty (a lost cache node). Fails loudly when redis-server is missing.
 */
export async function startRedisServer (t: Test, options: { port?: number, args?: string[] } = {}): Promise<RedisServer> {
  const binary = requireCommand('redis-server', 'these tests run a private Redis; install it (apt-get install redis-server)')
  const port = options.port ?? await freePort()
  let current: ManagedProcess | null = null
  let history = ''
  let runs = 0

  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    get process () { return current },
    async start () {
      if (current?.running) throw new Error(`redis-server on ${port} is already running`)
      runs += 1
      current = spawnManaged(t, `redis-server:${port}#${runs}`, binary, [
        '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
        '--dir', tmpdir(), '--loglevel', 'notice', ...(options.args ?? [])
      ], { env: baseEnv() })
      const started = current
      started.exited.then(() => { history += `--- ${started.label} ---\n${started.output()}\n` }, () => {})
      await started.waitForOutput(/Ready to accept connections/, 10_000)
    },
    async stop (signal = 'SIGKILL') {
      await current?.kill(signal)
    },
    output: () => history + (current?.running ? `--- ${current.label} (running) ---\n${current.output()}` : '')
  }
  await server.start()
  return server
}
