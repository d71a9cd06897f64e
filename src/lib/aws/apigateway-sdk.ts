// Imported on the first post to a WebSocket by src/realtime/apigateway.ts (see s3-sdk.ts for why a module of ours).
export {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand
} from '@aws-sdk/client-apigatewaymanagementapi'
