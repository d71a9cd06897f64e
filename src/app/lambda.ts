import awsLambdaFastify from '@fastify/aws-lambda'
import { buildApp } from './app.ts'
import { loadLambdaConfig } from './lambda-config.ts'
import { withGatewayRequestId } from './gateway-request-id.ts'

/**
 * The API Gateway entrypoint (HTTP API payload v2 and REST API v1 events).
 * The app is built and made ready once per execution environment, at module
 * top level, so the init phase (and SnapStart/provisioned concurrency) pays
 * for it instead of the first request. It never listens.
 */
// The handler's code starts here, once every module it imports is loaded.
const loadedAt = performance.now()
/** Exported for the benchmark's warm comparison (handler against app.inject on this instance). */
export const app = await buildApp(await loadLambdaConfig())

const proxy = awsLambdaFastify(app, {
  // Binary responses (SVG, CSV) are base64-encoded for API Gateway.
  binaryMimeTypes: ['application/octet-stream', 'image/png'],
  callbackWaitsForEmptyEventLoop: false,
  // No route reads request.awsLambda: skip its per-invocation token and map.
  decorateRequest: false
})

export const handler: typeof proxy = (event, context) => proxy(withGatewayRequestId(event), context)

await app.ready()
// How the init phase was spent (ms since the process started), to put
// beside Lambda's Init Duration.
app.log.info({ loadMs: Math.round(loadedAt), buildMs: Math.round(performance.now() - loadedAt) }, 'lambda init')
