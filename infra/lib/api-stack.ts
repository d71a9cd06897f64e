import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib'
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as ec2 from 'aws-cdk-lib/aws-ec2'
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets'
import * as ecs from 'aws-cdk-lib/aws-ecs'
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns'
import * as events from 'aws-cdk-lib/aws-events'
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets'
import type * as iam from 'aws-cdk-lib/aws-iam'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources'
import * as logs from 'aws-cdk-lib/aws-logs'
import type * as rds from 'aws-cdk-lib/aws-rds'
import type * as s3 from 'aws-cdk-lib/aws-s3'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import type * as sqs from 'aws-cdk-lib/aws-sqs'
import type { Construct } from 'constructs'
import { JOB_SCHEDULES, JOBS_BATCH_TIMEOUT, JOBS_BATCH_WINDOW } from './jobs.ts'

export type Compute = 'lambda' | 'fargate' | 'both'
export const COMPUTE_MODES: readonly Compute[] = ['lambda', 'fargate', 'both']

export interface ApiStackProps extends StackProps {
  compute: Compute
  /** Directory holding the Dockerfile (the repository root). */
  imageDirectory: string
  vpc: ec2.IVpc
  sessionsTable: dynamodb.ITable
  databaseProxy: rds.IDatabaseProxy
  databaseProxySecurityGroup: ec2.ISecurityGroup
  databaseSecret: secretsmanager.ISecret
  databaseName: string
  jwtSecret: secretsmanager.ISecret
  /** The jobs queue: the API sends to it, the workers consume it. */
  jobsQueue: sqs.IQueue
  uploadsBucket: s3.IBucket
}

const POSTGRES_PORT = 5432

/**
 * Kept out of the image's hash (and build context) so that test runs, local
 * data and the infrastructure code do not produce a new image. The
 * repository's .dockerignore is applied as well.
 */
const IMAGE_EXCLUDE = ['node_modules', '.git', '.data', '.tap', 'dist', 'cdk.out', 'test', 'tmp', 'infra', 'coverage']

/** Image CMDs (Lambda handlers, resolved by the base image under /var/task) and the container worker. */
export const WORKER_COMMANDS = {
  sqsHandler: 'dist/src/workers/lambda.handler',
  scheduledHandler: 'dist/src/workers/lambda.scheduled',
  container: 'dist/src/workers/worker.js'
} as const

/**
 * At most this many SQS worker invocations at once (the minimum is 2): caps
 * the database connections jobs take through the proxy and leaves the
 * account's concurrency to the API; a backlog waits in the queue instead.
 */
const JOBS_MAX_CONCURRENCY = 5

/**
 * The service's compute: Lambda behind an HTTP API, Fargate behind an
 * Application Load Balancer, or both, from the one Dockerfile, each with its
 * job workers. Everything stateful comes in as props from StatefulStack.
 */
export class ApiStack extends Stack {
  readonly lambdaFunction?: lambda.DockerImageFunction
  readonly httpApi?: apigwv2.HttpApi
  /** Lambda mode: the SQS batch handler. */
  readonly jobsFunction?: lambda.DockerImageFunction
  /** Lambda mode: the EventBridge scheduled-event handler. */
  readonly schedulesFunction?: lambda.DockerImageFunction
  readonly fargateService?: ecsPatterns.ApplicationLoadBalancedFargateService
  /** Fargate mode: the long-running worker (SQS consumer and scheduler). */
  readonly workerService?: ecs.FargateService

  constructor (scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props)

    // Settings every runtime (API and workers) shares. The database and JWT
    // secrets travel as ARNs: the service reads them at start and assembles
    // DATABASE_URL (with the password URL-encoded) and JWT_SECRET
    // (src/app/secret-settings.ts). UPLOADS_BUCKET is not read by the service yet.
    const common: Record<string, string> = {
      AWS_SERVICES: 'aws',
      SESSIONS_TABLE: props.sessionsTable.tableName,
      LOG_LEVEL: 'info',
      DATABASE_HOST: props.databaseProxy.endpoint,
      DATABASE_NAME: props.databaseName,
      DATABASE_SECRET_ARN: props.databaseSecret.secretArn,
      JWT_SECRET_ARN: props.jwtSecret.secretArn,
      JOBS_QUEUE_URL: props.jobsQueue.queueUrl,
      // Pinned: unset, the service picks BullMQ as soon as REDIS_URL is set
      // (e.g. for shared rate limits), and nothing here would consume it.
      QUEUE_DRIVER: 'sqs',
      UPLOADS_BUCKET: props.uploadsBucket.bucketName
    }

    if (props.compute === 'lambda' || props.compute === 'both') {
      // Shared by the API and the worker functions (one set of VPC network
      // interfaces, one database rule). Its description is from when the API
      // was its only user; changing it would replace the group.
      const securityGroup = new ec2.SecurityGroup(this, 'LambdaSecurityGroup', {
        vpc: props.vpc,
        description: 'TeamTrek API Lambda function'
      })
      allowDatabase(props.databaseProxySecurityGroup, securityGroup, 'TeamTrek Lambda to RDS Proxy')

      // What the API and the worker functions have in common: the image
      // (each passes its own CMD), network, database access and settings.
      const imageFunction = (id: string, options: { cmd?: string, timeout: Duration, description: string }) => {
        const fn = new lambda.DockerImageFunction(this, id, {
          description: options.description,
          code: lambda.DockerImageCode.fromImageAsset(props.imageDirectory, {
            exclude: IMAGE_EXCLUDE,
            platform: ecrAssets.Platform.LINUX_ARM64,
            // Only the function's ImageConfig: the image (and its hash) stays the same.
            ...(options.cmd === undefined ? {} : { cmd: [options.cmd] })
          }),
          architecture: lambda.Architecture.ARM_64,
          memorySize: 1024,
          timeout: options.timeout,
          vpc: props.vpc,
          vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
          securityGroups: [securityGroup],
          logGroup: new logs.LogGroup(this, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH }),
          environment: {
            ...common,
            // Lambda cannot take a secret as an environment variable without
            // writing its value into the function's configuration: hence ARNs.
            MIGRATE_ON_START: 'false'
          }
        })
        grantData(fn, props)
        props.databaseSecret.grantRead(fn)
        props.jwtSecret.grantRead(fn)
        return fn
      }

      // The image's CMD is already dist/src/app/lambda.handler. API Gateway's
      // HTTP API integration limit is 30 s.
      const fn = imageFunction('ApiFunction', { timeout: Duration.seconds(29), description: 'TeamTrek API' })
      this.lambdaFunction = fn

      this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
        description: 'TeamTrek API (Lambda)',
        defaultIntegration: new HttpLambdaIntegration('ApiIntegration', fn)
      })
      output(this, 'HttpApiUrl', this.httpApi.apiEndpoint)

      // SQS batch handler. The event source grants it consume rights; failed
      // messages (batchItemFailures) come back after the visibility timeout
      // and go to the dead-letter queue on the fifth receive.
      this.jobsFunction = imageFunction('JobsFunction', {
        cmd: WORKER_COMMANDS.sqsHandler,
        // The queue's visibility timeout is derived from this (infra/lib/jobs.ts).
        timeout: JOBS_BATCH_TIMEOUT,
        description: 'TeamTrek jobs (SQS batches)'
      })
      this.jobsFunction.addEventSource(new SqsEventSource(props.jobsQueue, {
        batchSize: 10,
        maxBatchingWindow: JOBS_BATCH_WINDOW,
        reportBatchItemFailures: true,
        maxConcurrency: JOBS_MAX_CONCURRENCY
      }))

      // Scheduled jobs: a function of its own, since a sweep may take longer
      // than one SQS batch is allowed to and nothing about it is per message.
      this.schedulesFunction = imageFunction('SchedulesFunction', {
        cmd: WORKER_COMMANDS.scheduledHandler,
        timeout: Duration.minutes(5),
        description: 'TeamTrek scheduled jobs (EventBridge rules)'
      })
      // Every schedule repeats its work at the next tick, so a failed run is
      // not retried on top of it (jobs are idempotent, but overlap is noise).
      this.schedulesFunction.configureAsyncInvoke({ retryAttempts: 0 })
      for (const { job, schedule } of JOB_SCHEDULES) {
        const rule = new events.Rule(this, `${pascalCase(job)}Schedule`, {
          // The handler runs the job this name ends with.
          ruleName: `${this.stackName}-${job}`,
          description: `TeamTrek job ${job}`,
          schedule: events.Schedule.expression(schedule)
        })
        // A tick EventBridge cannot deliver within a minute is dropped: the
        // next one does the same work.
        rule.addTarget(new eventsTargets.LambdaFunction(this.schedulesFunction, { retryAttempts: 2, maxEventAge: Duration.minutes(1) }))
      }
    }

    if (props.compute === 'fargate' || props.compute === 'both') {
      const cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED })
      const service = new ecsPatterns.ApplicationLoadBalancedFargateService(this, 'FargateService', {
        cluster,
        cpu: 512,
        memoryLimitMiB: 1024,
        desiredCount: 2,
        // Deployments start new tasks before stopping old ones, never dropping below two.
        minHealthyPercent: 100,
        runtimePlatform: {
          cpuArchitecture: ecs.CpuArchitecture.ARM64,
          operatingSystemFamily: ecs.OperatingSystemFamily.LINUX
        },
        taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        publicLoadBalancer: true,
        circuitBreaker: { rollback: true },
        taskImageOptions: {
          image: containerImage(props.imageDirectory),
          containerPort: 3000,
          // The image's ENTRYPOINT is the Lambda runtime's; run the HTTP server.
          entryPoint: ['node'],
          command: ['dist/src/app/server.js'],
          environment: {
            ...common,
            PORT: '3000',
            // Only the load balancer, inside the VPC, reaches the tasks: its
            // X-Forwarded-For entry is the client's address; entries before
            // it are the client's own writing. (Lambda ignores this setting.)
            TRUST_PROXY: props.vpc.vpcCidrBlock,
            AWS_REGION: Stack.of(this).region,
            MIGRATE_ON_START: 'true'
          },
          logDriver: ecs.LogDrivers.awsLogs({
            streamPrefix: 'api',
            logRetention: logs.RetentionDays.ONE_MONTH
          })
        }
      })
      service.targetGroup.configureHealthCheck({ path: '/health', healthyHttpCodes: '200' })
      allowDatabase(props.databaseProxySecurityGroup, service.service.connections.securityGroups[0], 'TeamTrek Fargate to RDS Proxy')
      // The task reads the secrets itself at start, like the Lambda function.
      grantData(service.taskDefinition.taskRole, props)
      props.databaseSecret.grantRead(service.taskDefinition.taskRole)
      props.jwtSecret.grantRead(service.taskDefinition.taskRole)
      this.fargateService = service
      output(this, 'LoadBalancerUrl', `http://${service.loadBalancer.loadBalancerDnsName}`)

      // The worker: consumes the jobs queue (long polling, the same batch
      // handler as Lambda's) and runs the schedules on its own timers, so no
      // EventBridge rules are needed for it. No load balancer, nothing listens.
      const workerTask = new ecs.FargateTaskDefinition(this, 'WorkerTaskDefinition', {
        // A quarter of an API task: it serves no requests; raise it (or
        // desiredCount) if the backlog alarm fires.
        cpu: 256,
        memoryLimitMiB: 512,
        runtimePlatform: {
          cpuArchitecture: ecs.CpuArchitecture.ARM64,
          operatingSystemFamily: ecs.OperatingSystemFamily.LINUX
        }
      })
      workerTask.addContainer('worker', {
        image: containerImage(props.imageDirectory),
        entryPoint: ['node'],
        command: [WORKER_COMMANDS.container],
        environment: {
          ...common,
          AWS_REGION: Stack.of(this).region,
          // The API service migrates; two migrators at start would only race.
          MIGRATE_ON_START: 'false'
        },
        logging: ecs.LogDrivers.awsLogs({
          streamPrefix: 'worker',
          logRetention: logs.RetentionDays.ONE_MONTH
        })
      })
      const worker = new ecs.FargateService(this, 'WorkerService', {
        cluster,
        taskDefinition: workerTask,
        desiredCount: 1,
        // The new task starts before the old one stops: for a moment two
        // workers run the schedules, which is harmless (jobs are idempotent).
        minHealthyPercent: 100,
        maxHealthyPercent: 200,
        circuitBreaker: { rollback: true },
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }
      })
      allowDatabase(props.databaseProxySecurityGroup, worker.connections.securityGroups[0], 'TeamTrek Fargate worker to RDS Proxy')
      grantData(workerTask.taskRole, props)
      props.jobsQueue.grantConsumeMessages(workerTask.taskRole)
      props.databaseSecret.grantRead(workerTask.taskRole)
      props.jwtSecret.grantRead(workerTask.taskRole)
      this.workerService = worker
    }
  }
}

/**
 * Same directory and options as the Lambda functions' code, so the same asset
 * hash: one image is built and published for every function and task.
 */
function containerImage (imageDirectory: string): ecs.ContainerImage {
  return ecs.ContainerImage.fromAsset(imageDirectory, {
    exclude: IMAGE_EXCLUDE,
    platform: ecrAssets.Platform.LINUX_ARM64
  })
}

/** relay-outbox → RelayOutbox, for construct ids. */
function pascalCase (name: string): string {
  return name.split('-').map(part => part.charAt(0).toUpperCase() + part.slice(1)).join('')
}

/** A stack output (the URL to try after `cdk deploy`). */
function output (scope: Construct, id: string, value: string): CfnOutput {
  return new CfnOutput(scope, id, { value })
}

/**
 * The rule is created in this (the compute) stack (remoteRule), so the
 * stateful stack never refers to compute and the two stay deployable in order.
 */
function allowDatabase (proxySecurityGroup: ec2.ISecurityGroup, client: ec2.ISecurityGroup | undefined, description: string): void {
  if (client === undefined) throw new Error('compute has no security group')
  proxySecurityGroup.addIngressRule(client, ec2.Port.tcp(POSTGRES_PORT), description, true)
}

/**
 * What every runtime may touch, through grant*() rather than hand-written
 * policies. Everything may enqueue jobs; consume rights go to consumers only
 * (the SQS event source grants its function, the Fargate worker its task role).
 */
function grantData (grantee: iam.IGrantable, props: ApiStackProps): void {
  props.sessionsTable.grantReadWriteData(grantee)
  props.jobsQueue.grantSendMessages(grantee)
  props.uploadsBucket.grantReadWrite(grantee)
}
