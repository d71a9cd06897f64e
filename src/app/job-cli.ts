import { loadConfigWithSecrets } from './secret-settings.ts'
import { startRuntime } from './runtime.ts'
import { buildApp } from './app.ts'
import { JOB_PAYLOADS, isJobName } from '../lib/jobs.ts'
import { runJob } from '../workers/handlers.ts'

/**
 * `npm run job -- <name> [json]`: run one job once, in this process, with
 * the same handlers and settings as the workers (ops, and tests).
 */
const [name, json = '{}'] = process.argv.slice(2)
if (name === undefined || !isJobName(name)) {
  process.stderr.write(`usage: npm run job -- <name> [json payload]\njobs: ${Object.keys(JOB_PAYLOADS).join(', ')}\n`)
  process.exit(2)
}
let payload: unknown
try {
  payload = JSON.parse(json)
} catch {
  process.stderr.write(`the payload is not JSON: ${json}\n`)
  process.exit(2)
}

const config = await loadConfigWithSecrets()
const runtime = await startRuntime(config)
const app = await buildApp(runtime.config, { routes: 'none', logger: { level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL } })
let exitCode = 0
try {
  await app.ready()
  const result = await runJob(name, payload, app.jobDeps)
  process.stdout.write(`${JSON.stringify({ job: name, result })}\n`)
} catch (err) {
  process.stderr.write(`${name} failed: ${err instanceof Error ? err.message : String(err)}\n`)
  exitCode = 1
} finally {
  await app.close()
  await runtime.stop()
}
process.exit(exitCode)
