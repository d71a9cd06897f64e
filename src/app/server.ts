import closeWithGrace from 'close-with-grace'
import { loadConfigWithSecrets } from './secret-settings.ts'
import { startRuntime } from './runtime.ts'
import { buildApp } from './app.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { startConsumers } from '../workers/start.ts'
import { installDrain } from './drain.ts'

/**
 * The container entrypoint (Fargate, docker compose, `npm start`): listen on
 * 0.0.0.0:$PORT, and on SIGTERM let in-flight requests finish, then close
 * pools and emulators.
 */
const config = await loadConfigWithSecrets()
const runtime = await startRuntime(config)
const app = await buildApp(runtime.config)
app.addHook('onClose', async () => runtime.stop())
const drain = installDrain(app)

if (runtime.config.MIGRATE_ON_START) {
  const { results } = await migrateToLatest(app.db)
  for (const r of results ?? []) app.log.info({ migration: r.migrationName, status: r.status }, 'migration')
}

// Embedded mode is one process: it drains its own queue (the in-process SQS
// emulator) exactly as Lambda's event source mapping would.
const inProcessWorker = config.WORKER_IN_PROCESS ?? runtime.embedded.length > 0
const consumers = inProcessWorker ? await startConsumers(app, runtime.config) : null
if (consumers) app.log.info({ driver: app.jobQueue.driver }, 'job consumers running in this process')

closeWithGrace({ delay: 10_000, logger: app.log }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'closing after an unexpected error')
  else app.log.info({ signal }, 'closing')
  await drain.drain(err ? 0 : config.SHUTDOWN_DRAIN_MS)
  await consumers?.stop()
  await app.close()
})

const address = await app.listen({ port: config.PORT, host: config.HOST })
const base = config.PUBLIC_URL ?? address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost')
if (runtime.embedded.length > 0) app.log.info({ embedded: runtime.embedded }, 'embedded services running')
app.log.info(`TeamTrek API on ${base} — docs on ${base}/docs`)
