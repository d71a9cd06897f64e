import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { SQSClient } from '@aws-sdk/client-sqs'
import type { S3Client } from '@aws-sdk/client-s3'

export interface AwsClientOptions {
  region: string
  dynamodbEndpoint?: string | undefined
  sqsEndpoint?: string | undefined
  s3Endpoint?: string | undefined
  /** Per attempt: connecting, and waiting for an answer (unset: the SDK's, which never gives up). */
  requestTimeoutMs?: number | undefined
}

export interface AwsClients {
  dynamodb: DynamoDBClient
  documents: DynamoDBDocumentClient
  sqs: SQSClient
  /** Made (and the S3 SDK loaded) on first call: no request of today's API uses S3. */
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
  const dynamodb = new DynamoDBClient({ region: options.region, ...endpointSettings(options.dynamodbEndpoint), ...timeouts(options.requestTimeoutMs) })
  const documents = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true }
  })
  const sqs = new SQSClient({ region: options.region, ...endpointSettings(options.sqsEndpoint), ...timeouts(options.requestTimeoutMs) })
  let s3: S3Client | undefined
  let destroyed = false
  const makeS3 = async () => {
    const { S3Client } = await import('./lazy-sdks.ts')
    if (destroyed) throw new Error('the AWS clients were destroyed')
    s3 ??= new S3Client({
      region: options.region,
      ...endpointSettings(options.s3Endpoint),
      ...timeouts(options.requestTimeoutMs),
      // Emulators serve buckets by path, not by virtual host.
      forcePathStyle: options.s3Endpoint !== undefined
    })
    return s3
  }
  return {
    dynamodb,
    documents,
    sqs,
    s3: makeS3,
    destroy () {
      dynamodb.destroy()
      sqs.destroy()
      destroyed = true
      s3?.destroy()
    }
  }
}
