import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import dynalite from 'dynalite'
import { createSqsServer } from 'local-aws-sqs'
import S3rver from 's3rver'

export interface AwsEmulators {
  dynamodbEndpoint: string
  sqsEndpoint: string
  s3Endpoint: string
  /** aws-ses-v2-local: SES v2 SendEmail; `GET /store` lists sent mail, `POST /clear-store` empties it. */
  sesEndpoint: string
  stop: () => Promise<void>
}

export interface AwsEmulatorOptions {
  /** Keep DynamoDB and S3 data here; in memory (DynamoDB) or a temp dir (S3) when unset. */
  dataDir?: string
  host?: string
}

function endpointOf (server: Server, host: string): string {
  const { port } = server.address() as AddressInfo
  return `http://${host}:${port}`
}

function listen (server: Server, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, () => resolve())
  })
}

function close (server: Server): Promise<void> {
  return new Promise(resolve => {
    server.closeAllConnections?.()
    server.close(() => resolve())
  })
}

/**
 * In-process emulators that speak the AWS wire protocols (DynamoDB JSON, SQS
 * JSON, S3 REST), so the real AWS SDK clients run unchanged against them.
 * Each listens on a free loopback port.
 */
export async function startAwsEmulators (options: AwsEmulatorOptions = {}): Promise<AwsEmulators> {
  const host = options.host ?? '127.0.0.1'
  const dynamoPath = options.dataDir ? path.resolve(options.dataDir, 'dynamodb') : undefined
  if (dynamoPath) await mkdir(dynamoPath, { recursive: true })
  const dynamo: Server = dynalite({ path: dynamoPath, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  await listen(dynamo, host)

  const sqs = await createSqsServer({
    port: 0,
    hostname: host,
    emulateQueueCreationLifecycle: false
  })
  if (!sqs.listening) await new Promise(resolve => sqs.once('listening', resolve))

  const s3Dir = path.resolve(options.dataDir ?? path.join(process.env.TMPDIR ?? '/tmp', `teamtrek-s3-${process.pid}`), 's3')
  await mkdir(s3Dir, { recursive: true })
  const s3 = new S3rver({ port: 0, address: host, directory: s3Dir, silent: true })
  const s3Address = await s3.run()

  // CommonJS; its default export's default is the server factory. Sent mail
  // is kept in memory (one store per process), shown on its web page at `/`.
  const sesLocal = (await import('aws-ses-v2-local')).default as unknown as { default: (config: { host: string, port: number }) => Promise<Server> }
  const ses = await sesLocal.default({ host, port: 0 })

  return {
    dynamodbEndpoint: endpointOf(dynamo, host),
    sesEndpoint: endpointOf(ses, host),
    sqsEndpoint: endpointOf(sqs, host),
    s3Endpoint: `http://${host}:${s3Address.port}`,
    async stop () {
      await Promise.all([close(dynamo), close(sqs), close(ses), s3.close()])
    }
  }
}
