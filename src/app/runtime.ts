import type { Config, ResolvedConfig } from '../lib/config.ts'
import { startEmbeddedPostgres } from './embedded/postgres.ts'
import { startAwsEmulators } from './embedded/aws-emulators.ts'

export interface Runtime {
  config: ResolvedConfig
  /** What runs in-process, for the start-up banner. */
  embedded: string[]
  stop: () => Promise<void>
}

/**
 * Fill in every connection the configuration leaves open by starting the
 * embedded equivalent: Postgres when DATABASE_URL is unset, the DynamoDB,
 * SQS and S3 emulators when AWS_SERVICES=embedded (per service, unless its
 * endpoint is set).
 */
export async function startRuntime (config: Config): Promise<Runtime> {
  const embedded: string[] = []
  const stops: Array<() => Promise<void>> = []
  let databaseUrl = config.DATABASE_URL
  const resolved: Config = { ...config }

  try {
    if (databaseUrl === undefined) {
      const database = await startEmbeddedPostgres(config.DATA_DIR, config.EMBEDDED_POSTGRES_PORT)
      stops.push(database.stop)
      databaseUrl = database.url
      embedded.push(`postgres (${database.directory}, port ${config.EMBEDDED_POSTGRES_PORT})`)
    }
    if (config.AWS_SERVICES === 'embedded') {
      const emulators = await startAwsEmulators({ dataDir: config.DATA_DIR })
      stops.push(emulators.stop)
      resolved.DYNAMODB_ENDPOINT ??= emulators.dynamodbEndpoint
      resolved.SQS_ENDPOINT ??= emulators.sqsEndpoint
      resolved.S3_ENDPOINT ??= emulators.s3Endpoint
      resolved.SES_ENDPOINT ??= emulators.sesEndpoint
      embedded.push(`dynamodb ${resolved.DYNAMODB_ENDPOINT}`, `sqs ${resolved.SQS_ENDPOINT}`, `s3 ${resolved.S3_ENDPOINT}`, `ses ${resolved.SES_ENDPOINT} (sent mail: ${resolved.SES_ENDPOINT}/)`)
    }
  } catch (err) {
    await Promise.allSettled(stops.map(stop => stop()))
    throw err
  }

  return {
    config: { ...resolved, DATABASE_URL: databaseUrl },
    embedded,
    async stop () {
      // Reverse order: the last started is the first stopped.
      for (const stop of stops.reverse()) await stop()
    }
  }
}
