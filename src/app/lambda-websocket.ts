import { buildApp, realtimeOptionsOf } from './app.ts'
import { loadLambdaConfig } from './lambda-config.ts'
import { createLambdaGateway, type WebSocketEvent, type WebSocketResult } from '../realtime/lambda-gateway.ts'

/**
 * The API Gateway WebSocket API's function (routes `$connect`,
 * `$disconnect`, `$default`), from the same image as the HTTP API. The app
 * is built once per execution environment without HTTP routes; connections
 * live in DynamoDB and frames go out through the management API
 * (WEBSOCKET_MANAGEMENT_ENDPOINT), like every live event on Lambda.
 */
const config = await loadLambdaConfig({ REALTIME_DRIVER: 'apigateway', ...process.env })
const app = await buildApp(config, { routes: 'none' })
await app.ready()

const apigateway = app.realtime.apigateway
if (!apigateway) throw new Error('the WebSocket function needs REALTIME_DRIVER=apigateway')
const options = realtimeOptionsOf(config, false)
const gateway = createLambdaGateway({
  protocol: app.realtime.protocol,
  store: apigateway.store,
  api: apigateway.api,
  logger: app.log,
  origins: options.origins,
  maxSubscriptions: options.limits.maxSubscriptions,
  messagesPerSecond: options.limits.messagesPerSecond
})

export async function handler (event: WebSocketEvent): Promise<WebSocketResult> {
  return gateway.handle(event)
}
