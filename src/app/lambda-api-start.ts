import awsLambdaFastify from '@fastify/aws-lambda'
import { buildApp } from './app.ts'
import { loadLambdaConfig } from './lambda-config.ts'
import { withGatewayRequestId } from './gateway-request-id.ts'

/**
 * The API Gateway handler (HTTP API payload v2 and REST API v1 events): the
 * app built and made ready, once per execution environment, in the init
 * phase (so SnapStart and provisioned concurrency pay for it instead of the
 * first request). It never listens. `loadedAt` is when the handler's code
 * had finished loading (performance.now()), and `initLog` what else the
 * init log line says about how it loaded.
 */
export async function startLambdaApi (loadedAt = performance.now(), initLog: Record<string, unknown> = {}) {
  const app = await buildApp(await loadLambdaConfig())
  const proxy = awsLambdaFastify(app, {
    // Binary responses (SVG, CSV) are base64-encoded for API Gateway.
    binaryMimeTypes: ['application/octet-stream', 'image/png'],
    callbackWaitsForEmptyEventLoop: false,
    // No route reads request.awsLambda: skip its per-invocation token and map.
    decorateRequest: false
  })
  const handler: typeof proxy = (event, context) => proxy(withGatewayRequestId(event), context)
  await app.ready()
  // How the init phase was spent (ms since the process started), to put
  // beside Lambda's Init Duration.
  app.log.info({ loadMs: Math.round(loadedAt), buildMs: Math.round(performance.now() - loadedAt), ...initLog }, 'lambda init')
  return { app, handler }
}

/**
 * Load what the first request of each kind loads on first use (the AWS SDK
 * clients' modules), without making a client or calling anything: the
 * image build runs this before it writes the code cache, so those modules
 * come compiled from it too (scripts/compile-cache.ts).
 */
export async function loadOnFirstUseModules (): Promise<void> {
  await Promise.all([
    import('../lib/aws/dynamodb-sdk.ts'),
    import('../lib/aws/sqs-sdk.ts'),
    import('../lib/aws/s3-sdk.ts'),
    import('../lib/aws/ses-sdk.ts'),
    import('../lib/aws/secrets-manager-sdk.ts'),
    import('../lib/aws/apigateway-sdk.ts')
  ])
}
