import { App, Tags, type Environment } from 'aws-cdk-lib'
import { ApiStack, COMPUTE_MODES, type Compute } from './api-stack.ts'
import { DATABASE_NAME, StatefulStack } from './stateful-stack.ts'

export interface TeamTrekAppOptions {
  compute: Compute
  /** The repository root: where the Dockerfile is. */
  imageDirectory: string
  env?: Environment
  outdir?: string
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
  const app = new App(options.outdir === undefined ? {} : { outdir: options.outdir })
  const env = options.env
  const stateful = new StatefulStack(app, 'TeamTrekStateful', {
    description: 'TeamTrek data: VPC, Aurora + RDS Proxy, DynamoDB sessions, SQS, S3',
    ...(env === undefined ? {} : { env })
  })
  const api = new ApiStack(app, 'TeamTrekApi', {
    description: `TeamTrek API and job workers (${options.compute})`,
    ...(env === undefined ? {} : { env }),
    compute: options.compute,
    imageDirectory: options.imageDirectory,
    vpc: stateful.vpc,
    sessionsTable: stateful.sessionsTable,
    databaseProxy: stateful.databaseProxy,
    databaseProxySecurityGroup: stateful.databaseProxySecurityGroup,
    databaseSecret: stateful.databaseSecret,
    databaseName: DATABASE_NAME,
    jwtSecret: stateful.jwtSecret,
    jobsQueue: stateful.jobsQueue,
    uploadsBucket: stateful.uploadsBucket
  })
  Tags.of(app).add('app', 'teamtrek')
  return { app, stateful, api }
}
