import closeWithGrace from 'close-with-grace'
import { loadConfigWithSecrets } from './secret-settings.ts'
import { startRuntime, type Runtime } from './runtime.ts'
import { buildApp, type App } from './app.ts'
import type { Config } from '../lib/config.ts'
import { describeStartupFailure } from './startup-errors.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { startConsumers } from './start-consumers.ts'
import { installDrain } from './drain.ts'

/**
 * The container entrypoint (Fargate, docker compose, `npm start`): listen on
 * 0.0.0.0:$PORT, and on SIGTERM let in-flight requests finish, then close
 * pools and emulators. A failure to start is one line on stderr saying what
 * is wrong and what to do, and exit code 1.
 */
let config: Config | undefined
let runtime: Runtime | undefined
let app: App | undefined
let consumers: Awaited<ReturnType<typeof startConsumers>> | null = null
try {
  config = await loadConfigWithSecrets()
  runtime = await startRuntime(config)
  app = await buildApp(runtime.config)
  const started = { app, runtime, config }
  app.addHook('onClose', async () => started.runtime.stop())
  const drain = installDrain(app)

  if (runtime.config.MIGRATE_ON_START) {
    const { results } = await migrateToLatest(app.db)
    for (const r of results ?? []) app.log.info({ migration: r.migrationName, status: r.status }, 'migration')
  }

  // Embedded mode is one process: it drains its own queue (the in-process SQS
  // emulator) exactly as Lambda's event source mapping would.
  const inProcessWorker = config.WORKER_IN_PROCESS ?? runtime.embedded.length > 0
  consumers = inProcessWorker ? await startConsumers(app, runtime.config) : null
  const running = consumers
  if (running) app.log.info({ driver: app.jobQueue.driver }, 'job consumers running in this process')

  closeWithGrace({ delay: 10_000, logger: app.log }, async ({ signal, err }) => {
    if (err) started.app.log.error({ err }, 'closing after an unexpected error')
    else started.app.log.info({ signal }, 'closing')
    await drain.drain(err ? 0 : started.config.SHUTDOWN_DRAIN_MS)
    await running?.stop()
    await started.app.close()
  })

  const address = await app.listen({ port: config.PORT, host: config.HOST })
  const base = config.PUBLIC_URL ?? address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost')
  if (runtime.embedded.length > 0) app.log.info({ embedded: runtime.embedded }, 'embedded services running')
  app.log.info(`TeamTrek API on ${base} — docs on ${base}/docs`)
} catch (err) {
  process.stderr.write(`TeamTrek did not start: ${describeStartupFailure(err, { ...config, DATABASE_URL: runtime?.config.DATABASE_URL ?? config?.DATABASE_URL })}\n`)
  if (config?.LOG_LEVEL === 'debug' || config?.LOG_LEVEL === 'trace') process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
  // Stop whatever did start (the embedded database runs in its own process).
  await consumers?.stop().catch(() => undefined)
  await (app ? app.close() : runtime?.stop())?.catch(() => undefined)
  process.exit(1)
}
