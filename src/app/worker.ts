import closeWithGrace from 'close-with-grace'
import { ConfigError } from '../lib/config.ts'
import { loadConfigWithSecrets } from './secret-settings.ts'
import { startRuntime } from './runtime.ts'
import { buildApp, queueDriverOf } from './app.ts'
import { startConsumers } from './start-consumers.ts'

/**
 * `npm run worker`: the same app without HTTP routes, consuming the job
 * queue (BullMQ with REDIS_URL, otherwise SQS) and running the schedules.
 * Any number may run; jobs are safe to run twice.
 */
const config = await loadConfigWithSecrets()
const privateQueue = queueDriverOf(config) === 'sqs' && config.JOBS_QUEUE_URL === undefined && config.SQS_ENDPOINT === undefined
if (config.DATABASE_URL === undefined || privateQueue) {
  // An embedded Postgres belongs to the `npm start` process, which already runs the consumers.
  throw new ConfigError('npm run worker needs DATABASE_URL (and REDIS_URL or JOBS_QUEUE_URL); with no configuration, `npm start` runs the workers in its own process')
}
const runtime = await startRuntime(config)
const app = await buildApp(runtime.config, { routes: 'none' })
app.addHook('onClose', async () => runtime.stop())
await app.ready()

const consumers = await startConsumers(app, runtime.config)
app.log.info({ driver: app.jobQueue.driver, concurrency: config.WORKER_CONCURRENCY }, 'worker consuming jobs')

// Room for the jobs' grace period, then for a handed-back job's last statement to end.
closeWithGrace({ delay: Math.max(20_000, config.WORKER_SHUTDOWN_GRACE_MS + 15_000), logger: app.log }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'worker closing after an unexpected error')
  else app.log.info({ signal }, 'worker closing')
  await consumers.stop()
  await app.close()
})
