import closeWithGrace from 'close-with-grace'
import { loadConfig } from '../app/config.ts'
import { secretsManagerReader, withSecretSettings } from '../app/secret-settings.ts'
import { startRuntime } from '../app/runtime.ts'
import { buildApp } from '../app/app.ts'
import { startConsumers } from './start.ts'

/**
 * `npm run worker`: the same app without HTTP routes, consuming the job
 * queue (BullMQ with REDIS_URL, otherwise SQS) and running the schedules.
 * Any number may run; jobs are safe to run twice.
 */
const config = loadConfig(await withSecretSettings(process.env, secretsManagerReader(process.env.AWS_REGION)))
const runtime = await startRuntime(config)
const app = await buildApp(runtime.config, { routes: 'none' })
app.addHook('onClose', async () => runtime.stop())
await app.ready()

const consumers = await startConsumers(app, runtime.config)
app.log.info({ driver: app.jobQueue.driver, concurrency: config.WORKER_CONCURRENCY }, 'worker consuming jobs')

closeWithGrace({ delay: 20_000, logger: app.log }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'worker closing after an unexpected error')
  else app.log.info({ signal }, 'worker closing')
  await consumers.stop()
  await app.close()
})
