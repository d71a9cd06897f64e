import awsLambdaFastify from '@fastify/aws-lambda'
import { buildApp } from './app.ts'
import { loadLambdaConfig } from './lambda-config.ts'

/**
 * The API Gateway entrypoint (HTTP API payload v2 and REST API v1 events).
 * The app is built and made ready once per execution environment, at module
 * top level, so the init phase (and SnapStart/provisioned concurrency) pays
 * for it instead of the first request. It never listens.
 */
const app = await buildApp(await loadLambdaConfig())

export const handler = awsLambdaFastify(app, {
  // Binary responses (SVG, CSV) are base64-encoded for API Gateway.
  binaryMimeTypes: ['application/octet-stream', 'image/png'],
  callbackWaitsForEmptyEventLoop: false
})

await app.ready()
