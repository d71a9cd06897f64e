import awsLambdaFastify from '@fastify/aws-lambda'
import { loadConfig, ConfigError } from './config.ts'
import { secretsManagerReader, withSecretSettings } from './secret-settings.ts'
import { buildApp } from './app.ts'

/**
 * The API Gateway entrypoint (HTTP API payload v2 and REST API v1 events).
 * The app is built and made ready once per execution environment, at module
 * top level, so the init phase (and SnapStart/provisioned concurrency) pays
 * for it instead of the first request. It never listens.
 */
// There is no embedded mode on Lambda: AWS services are the real ones, which
// also makes loadConfig refuse the public development JWT secret.
const env = await withSecretSettings(process.env, secretsManagerReader(process.env.AWS_REGION))
const config = loadConfig({ ...env, AWS_SERVICES: env.AWS_SERVICES ?? 'aws' })
if (config.DATABASE_URL === undefined) {
  throw new ConfigError('DATABASE_URL is required on Lambda (there is no embedded mode there)')
}

const app = await buildApp({ ...config, DATABASE_URL: config.DATABASE_URL })

export const handler = awsLambdaFastify(app, {
  // Binary responses (SVG, CSV) are base64-encoded for API Gateway.
  binaryMimeTypes: ['application/octet-stream', 'image/png'],
  callbackWaitsForEmptyEventLoop: false
})

await app.ready()
