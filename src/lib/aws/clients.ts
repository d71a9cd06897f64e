import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { SQSClient } from '@aws-sdk/client-sqs'
import type { S3Client } from '@aws-sdk/client-s3'
import type * as DynamoDbSdk from './dynamodb-sdk.ts'
import type * as SqsSdk from './sqs-sdk.ts'
import { onFirstUse } from './on-first-use.ts'

export interface AwsClientOptions {
  region: string
  dynamodbEndpoint?: string | undefined
  sqsEndpoint?: string | undefined
  s3Endpoint?: string | undefined
  /** Per attempt: connecting, and waiting for an answer (unset: the SDK's, which never gives up). */
  requestTimeoutMs?: number | undefined
}

/** DynamoDB's clients, with the SDK they come from: its commands and error classes. */
export interface DynamoDb {
  client: DynamoDBClient
  documents: DynamoDBDocumentClient
  sdk: typeof DynamoDbSdk
}

/** The SQS client, with the SDK it comes from. */
export interface Sqs {
  client: SQSClient
  sdk: typeof SqsSdk
}

/**
 * Each service's client is made, and its SDK loaded, on the first call (the
 * same one every time after): a request that touches none of them, such as
 * a Lambda's first GET /health, loads none of the AWS SDK.
 */
export interface AwsClients {
  dynamodb: () => Promise<DynamoDb>
  sqs: () => Promise<Sqs>
  s3: () => Promise<S3Client>
  destroy: () => void
}

// Emulators accept any credentials (DynamoDB Local 2+ insists on letters and
// digits only); real AWS uses the SDK's default chain (task role on Fargate,
// execution role on Lambda).
const EMULATOR_CREDENTIALS = { accessKeyId: 'teamtreklocal', secretAccessKey: 'teamtreklocal' }

function endpointSettings (endpoint: string | undefined) {
  return endpoint === undefined ? {} : { endpoint, credentials: EMULATOR_CREDENTIALS }
}

/**
 * Bounded attempts: a black-holed endpoint would otherwise hold a request
 * open for ever. Two attempts, so a lost packet is retried but an outage
 * costs a caller at most about twice the timeout before its 503.
 */
function timeouts (ms: number | undefined) {
  return ms === undefined ? {} : { maxAttempts: 2, requestHandler: { connectionTimeout: ms, requestTimeout: ms, throwOnRequestTimeout: true } }
}

export function createAwsClients (options: AwsClientOptions): AwsClients {
  const dynamodb = onFirstUse(async (): Promise<DynamoDb> => {
    const sdk = await import('./dynamodb-sdk.ts')
    const client = new sdk.DynamoDBClient({ region: options.region, ...endpointSettings(options.dynamodbEndpoint), ...timeouts(options.requestTimeoutMs) })
    const documents = sdk.DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true }
    })
    return { client, documents, sdk }
  }, ({ client }) => client.destroy())
  const sqs = onFirstUse(async (): Promise<Sqs> => {
    const sdk = await import('./sqs-sdk.ts')
    const client = new sdk.SQSClient({ region: options.region, ...endpointSettings(options.sqsEndpoint), ...timeouts(options.requestTimeoutMs) })
    return { client, sdk }
  }, ({ client }) => client.destroy())
  const s3 = onFirstUse(async () => {
    const { S3Client } = await import('./s3-sdk.ts')
    return new S3Client({
      region: options.region,
      ...endpointSettings(options.s3Endpoint),
      ...timeouts(options.requestTimeoutMs),
      // Emulators serve buckets by path, not by virtual host.
      forcePathStyle: options.s3Endpoint !== undefined
    })
  }, client => client.destroy())
  return {
    dynamodb,
    sqs,
    s3,
    destroy () {
      dynamodb.destroy()
      sqs.destroy()
      s3.destroy()
    }
  }
}
