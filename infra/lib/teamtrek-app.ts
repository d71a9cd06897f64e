import { App, Tags, type Environment } from 'aws-cdk-lib'
import { ApiStack, COMPUTE_MODES, type Compute, type IntegrationSettings } from './api-stack.ts'
import { addNagChecks } from './nag.ts'
import { DATABASE_NAME, StatefulStack } from './stateful-stack.ts'

export interface TeamTrekAppOptions {
  compute: Compute
  /** The repository root: where the Dockerfile is. */
  imageDirectory: string
  env?: Environment
  outdir?: string
  /**
   * ElastiCache Serverless (default false): off until it has run against
   * ElastiCache itself; the leaderboard keys share one hash slot
   * (infra/README.md, "Redis").
   */
  cache?: boolean
  /** Reserved concurrency of the API function (default: unreserved). */
  apiReservedConcurrency?: number
  /** Provisioned concurrency on the API function's alias (default 0). */
  apiProvisionedConcurrency?: number
  /** Subscribe this address to the alarm topic. */
  alarmEmail?: string
  /** Fitness trackers: a provider with a client id is enabled and gets its secrets. */
  integrations?: IntegrationSettings
  /** The API's public base URL (OAuth callbacks, email links). */
  publicUrl?: string
}

/** An on/off setting such as TEAMTREK_CACHE. */
export function parseSwitch (name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback
  if (['on', 'true', '1'].includes(value)) return true
  if (['off', 'false', '0'].includes(value)) return false
  throw new Error(`${name} must be on or off (got "${value}")`)
}

/** A non-negative integer setting, or undefined when unset. */
export function parseCount (name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number (got "${value}")`)
  return Number(value)
}

export function parseCompute (value: string | undefined): Compute {
  const compute = value === undefined || value === '' ? 'lambda' : value
  if (!(COMPUTE_MODES as readonly string[]).includes(compute)) {
    throw new Error(`TEAMTREK_COMPUTE must be one of ${COMPUTE_MODES.join(', ')} (got "${compute}")`)
  }
  return compute as Compute
}

/** Builds the whole app; bin/teamtrek.ts calls it with settings from the environment, tests with their own. */
export function buildTeamTrekApp (options: TeamTrekAppOptions) {
  const app = new App({
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    // Set here rather than in cdk.json, so tests and `node infra/bin/…`
    // synthesise exactly what the CLI does. S3 access logs are delivered
    // under a bucket policy, not the legacy log-delivery ACL (which
    // BUCKET_OWNER_ENFORCED buckets refuse).
    context: { '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true }
  })
  const env = options.env
  const stateful = new StatefulStack(app, 'TeamTrekStateful', {
    description: 'TeamTrek data: VPC, Aurora + RDS Proxy, DynamoDB sessions, chat and WebSocket connections, SQS, S3, ElastiCache',
    ...(env === undefined ? {} : { env }),
    cache: options.cache ?? false,
    ...(options.alarmEmail === undefined ? {} : { alarmEmail: options.alarmEmail }),
    integrations: { google: options.integrations?.googleClientId !== undefined, strava: options.integrations?.stravaClientId !== undefined }
  })
  const provisioned = options.apiProvisionedConcurrency ?? 0
  if (options.apiReservedConcurrency !== undefined && provisioned > options.apiReservedConcurrency) {
    throw new Error(`provisioned concurrency (${provisioned}) cannot exceed the reserved concurrency (${options.apiReservedConcurrency})`)
  }
  const api = new ApiStack(app, 'TeamTrekApi', {
    description: `TeamTrek API and job workers (${options.compute})`,
    ...(env === undefined ? {} : { env }),
    compute: options.compute,
    imageDirectory: options.imageDirectory,
    vpc: stateful.vpc,
    sessionsTable: stateful.sessionsTable,
    chatTable: stateful.chatTable,
    connectionsTable: stateful.connectionsTable,
    database: stateful.database,
    databaseProxy: stateful.databaseProxy,
    databaseProxySecurityGroup: stateful.databaseProxySecurityGroup,
    databaseSecret: stateful.databaseSecret,
    databaseName: DATABASE_NAME,
    jwtSecret: stateful.jwtSecret,
    integrationSecrets: stateful.integrationSecrets,
    ...(options.integrations === undefined ? {} : { integrations: options.integrations }),
    ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
    jobsQueue: stateful.jobsQueue,
    jobsDeadLetterQueue: stateful.jobsDeadLetterQueue,
    uploadsBucket: stateful.uploadsBucket,
    ...(stateful.cache === undefined ? {} : { cache: stateful.cache }),
    alarmAction: stateful.alarmAction,
    ...(options.apiReservedConcurrency === undefined ? {} : { apiReservedConcurrency: options.apiReservedConcurrency }),
    apiProvisionedConcurrency: provisioned
  })
  Tags.of(app).add('app', 'teamtrek')
  // cdk-nag's AwsSolutions pack runs at every synthesis (the CLI's, the
  // tests'): any finding not acknowledged with a reason fails it.
  addNagChecks(app)
  return { app, stateful, api }
}
