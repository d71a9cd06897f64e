import { CfnOutput, Duration, RemovalPolicy, Stack, Token, type StackProps } from 'aws-cdk-lib'
import * as apigw from 'aws-cdk-lib/aws-apigateway'
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration, WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import type * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as ec2 from 'aws-cdk-lib/aws-ec2'
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets'
import * as ecs from 'aws-cdk-lib/aws-ecs'
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns'
import * as events from 'aws-cdk-lib/aws-events'
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources'
import * as logs from 'aws-cdk-lib/aws-logs'
import type * as rds from 'aws-cdk-lib/aws-rds'
import * as s3 from 'aws-cdk-lib/aws-s3'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import type { IntegrationSecrets } from './integration-secrets.ts'
import type * as sqs from 'aws-cdk-lib/aws-sqs'
import * as triggers from 'aws-cdk-lib/triggers'
import type { Construct, IConstruct } from 'constructs'
import { JOB_SCHEDULES, JOBS_BATCH_TIMEOUT, JOBS_BATCH_WINDOW } from './jobs.ts'
import { Monitoring } from './monitoring.ts'
import { acknowledge, LAMBDA_MANAGED_POLICIES } from './nag.ts'
import { CACHE_PORT, type CacheEndpoint } from './stateful-stack.ts'

export type Compute = 'lambda' | 'fargate' | 'both'
export const COMPUTE_MODES: readonly Compute[] = ['lambda', 'fargate', 'both']

export interface ApiStackProps extends StackProps {
  compute: Compute
  /** Directory holding the Dockerfile (the repository root). */
  imageDirectory: string
  vpc: ec2.IVpc
  sessionsTable: dynamodb.ITable
  /** Team chat (every runtime: the API writes it, the workers purge it). */
  chatTable: dynamodb.ITable
  /** API Gateway WebSocket connections (Lambda mode: the WebSocket function and everything that posts). */
  connectionsTable: dynamodb.ITable
  /** For the dashboard (CPU, connections, capacity). */
  database: rds.IDatabaseCluster
  databaseProxy: rds.IDatabaseProxy
  databaseProxySecurityGroup: ec2.ISecurityGroup
  databaseSecret: secretsmanager.ISecret
  databaseName: string
  jwtSecret: secretsmanager.ISecret
  /** Fitness-tracker secrets (stateful stack): passed as `<SETTING>_ARN`, read by every runtime at start. */
  integrationSecrets: IntegrationSecrets
  /** Fitness-tracker settings that are not secret. */
  integrations?: IntegrationSettings
  /**
   * The public base URL of the API (a custom domain in front of API Gateway
   * or the load balancer): OAuth callbacks and email links are built on it.
   */
  publicUrl?: string
  /** The jobs queue: the API sends to it, the workers consume it. */
  jobsQueue: sqs.IQueue
  jobsDeadLetterQueue: sqs.IQueue
  uploadsBucket: s3.IBucket
  /** ElastiCache Serverless; undefined: no REDIS_URL (see infra/README.md, "Redis"). */
  cache?: CacheEndpoint
  /** Where every alarm of this stack goes (the stateful stack's topic). */
  alarmAction: cloudwatchActions.SnsAction
  /**
   * Reserved concurrency of the API function: a ceiling (protects Aurora and
   * the account's other functions) and a floor (throttled functions elsewhere
   * cannot starve it). Undefined: unreserved, the account's pool. The account
   * must keep 100 unreserved, so a new account (limit 10) cannot reserve any.
   */
  apiReservedConcurrency?: number
  /**
   * Provisioned concurrency on the API's `live` alias: environments kept
   * initialised, so those requests never pay a cold start (billed by the
   * hour whether used or not). Undefined or 0: none.
   */
  apiProvisionedConcurrency?: number
}

/** The providers' public settings; a provider is enabled by its client id. */
export interface IntegrationSettings {
  googleClientId?: string
  /** Google Health's public key (PEM) for X-HEALTHAPI-SIGNATURE. */
  googleWebhookPublicKey?: string
  stravaClientId?: string
  /** The id Strava returned when our push subscription was created. */
  stravaSubscriptionId?: number
}

const POSTGRES_PORT = 5432

/**
 * Kept out of the image's hash (and build context) so that test runs, local
 * data and the infrastructure code do not produce a new image. The
 * repository's .dockerignore is applied as well.
 */
const IMAGE_EXCLUDE = ['node_modules', '.git', '.data', '.tap', 'dist', 'cdk.out', 'test', 'tmp', 'infra', 'coverage', 'docs']

/** Image CMDs (Lambda handlers, resolved by the base image under /var/task) and the container worker. */
export const WORKER_COMMANDS = {
  sqsHandler: 'dist/bundle/lambda-worker.handler',
  scheduledHandler: 'dist/bundle/lambda-worker.scheduled',
  container: 'dist/src/app/worker.js'
} as const

/** The API Gateway WebSocket API's function (`$connect`, `$disconnect`, `$default`), bundled by scripts/bundle.ts. */
export const WEBSOCKET_COMMAND = 'dist/bundle/lambda-websocket.handler'
/** The WebSocket API's stage: clients connect to wss://…/live, and the management endpoint ends in it. */
export const WEBSOCKET_STAGE = 'live'

/**
 * The Fargate API pings every socket this often (WS_HEARTBEAT_MS), and the
 * load balancer drops a connection after this long without a byte either
 * way. The timeout is four pings long: a quiet but healthy socket is never
 * cut by the load balancer, only by the service's own 10-minute idle rule
 * or a missed pong.
 */
export const WS_HEARTBEAT = Duration.seconds(30)
export const LOAD_BALANCER_IDLE_TIMEOUT = Duration.seconds(120)

/** The one-off migration: a Lambda handler in the same image (scripts/migrate-handler.ts). */
export const MIGRATE_COMMAND = 'dist/scripts/migrate-handler.handler'
/** The Fargate API's command (the image's ENTRYPOINT is the Lambda runtime's; this runs `node <it>`). */
export const SERVER_COMMAND = 'dist/src/app/server.js'

/**
 * Proxy hops in front of the Fargate API: exactly one, the ALB, which
 * appends the peer's address to X-Forwarded-For. The app takes the address
 * that many hops from the right, never the left-most one a client wrote.
 * Lambda gets no TRUST_PROXY: API Gateway hands the function the client's
 * address as requestContext's source IP, which @fastify/aws-lambda makes the
 * socket address, and a client-written X-Forwarded-For must count for nothing.
 */
export const FARGATE_TRUST_PROXY = '1'

/** Name of the API function's alias that API Gateway invokes and provisioned concurrency sits on. */
export const API_ALIAS = 'live'

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
  /** Lambda mode: the WebSocket API (real time) and its function. */
  readonly webSocketApi?: apigwv2.WebSocketApi
  readonly webSocketFunction?: lambda.DockerImageFunction
  /** Lambda mode: the SQS batch handler. */
  readonly jobsFunction?: lambda.DockerImageFunction
  /** Lambda mode: the EventBridge scheduled-event handler. */
  readonly schedulesFunction?: lambda.DockerImageFunction
  /** The `live` alias API Gateway invokes. */
  readonly lambdaAlias?: lambda.Alias
  readonly fargateService?: ecsPatterns.ApplicationLoadBalancedFargateService
  /** Fargate mode: the long-running worker (SQS consumer and scheduler). */
  readonly workerService?: ecs.FargateService
  /** Every mode: runs the migrations once per deployment (scripts/migrate-handler.ts). */
  readonly migrateFunction: lambda.DockerImageFunction
  readonly monitoring: Monitoring

  constructor (scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props)

    // Settings every runtime (API and workers) shares. The database and JWT
    // secrets travel as ARNs: the service reads them at start and assembles
    // DATABASE_URL (with the password URL-encoded) and JWT_SECRET
    // (src/app/secret-settings.ts). UPLOADS_BUCKET is not read by the service yet.
    // Nobody migrates at start: the migration runs once per deployment, before
    // any compute is updated (the Migrate trigger below).
    const common: Record<string, string> = {
      AWS_SERVICES: 'aws',
      SESSIONS_TABLE: props.sessionsTable.tableName,
      CHAT_TABLE: props.chatTable.tableName,
      LOG_LEVEL: 'info',
      MIGRATE_ON_START: 'false',
      DATABASE_HOST: props.databaseProxy.endpoint,
      // RDS Proxy pins a client session to one database connection once it
      // prepares a named statement, which would undo the multiplexing the
      // proxy is there for (Lambda's many short-lived environments).
      DATABASE_PREPARED_STATEMENTS: 'false',
      DATABASE_NAME: props.databaseName,
      DATABASE_SECRET_ARN: props.databaseSecret.secretArn,
      JWT_SECRET_ARN: props.jwtSecret.secretArn,
      ...props.integrationSecrets.environment(),
      ...integrationEnvironment(props),
      JOBS_QUEUE_URL: props.jobsQueue.queueUrl,
      // Pinned: unset, the service picks BullMQ as soon as REDIS_URL is set
      // (e.g. for shared rate limits), and nothing here would consume it.
      QUEUE_DRIVER: 'sqs',
      UPLOADS_BUCKET: props.uploadsBucket.bucketName,
      // ElastiCache Serverless always speaks TLS (rediss:).
      ...(props.cache === undefined ? {} : { REDIS_URL: `rediss://${props.cache.address}:${props.cache.port}` })
    }
    // Every runtime, Lambda, Fargate, and the migration.
    const computeSecurityGroups: ec2.ISecurityGroup[] = []
    /** Everything the migration must run before. */
    const migrateBefore: IConstruct[] = []
    const monitoredFunctions: Array<{ name: string, fn: lambda.IFunction }> = []
    const fargateServices: Array<{ name: string, service: ecs.FargateService }> = []

    // Shared by the API and the worker functions and the migration (one set
    // of VPC network interfaces, one database rule). Its description is from
    // when the API was its only user; changing it would replace the group.
    const securityGroup = new ec2.SecurityGroup(this, 'LambdaSecurityGroup', {
      vpc: props.vpc,
      description: 'TeamTrek API Lambda function'
    })
    allowDatabase(props.databaseProxySecurityGroup, securityGroup, 'TeamTrek Lambda to RDS Proxy')
    computeSecurityGroups.push(securityGroup)

    // What every function has in common: the image (each passes its own
    // CMD), network, database access and settings.
    const imageFunction = (id: string, options: { cmd?: string, timeout: Duration, description: string, settings?: Record<string, string>, reservedConcurrentExecutions?: number }) => {
      const fn = new lambda.DockerImageFunction(this, id, {
        description: options.description,
        code: lambda.DockerImageCode.fromImageAsset(props.imageDirectory, {
          exclude: IMAGE_EXCLUDE,
          platform: ecrAssets.Platform.LINUX_ARM64,
          // Only the function's ImageConfig: the image (and its hash) stays the same.
          ...(options.cmd === undefined ? {} : { cmd: [options.cmd] })
        }),
        // Graviton: seed 000's 20 % saving on duration.
        architecture: lambda.Architecture.ARM_64,
        memorySize: 1024,
        timeout: options.timeout,
        vpc: props.vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: [securityGroup],
        logGroup: new logs.LogGroup(this, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH }),
        ...(options.reservedConcurrentExecutions === undefined ? {} : { reservedConcurrentExecutions: options.reservedConcurrentExecutions }),
        environment: options.settings ?? {
          ...common,
          // Lambda freezes an idle environment: wall-clock event-loop delay
          // measured across a freeze is not load. Lambda scales by
          // concurrency, so it never sheds (0 turns @fastify/under-pressure's
          // event-loop check off).
          MAX_EVENT_LOOP_DELAY_MS: '0'
        }
      })
      for (const rule of LAMBDA_MANAGED_POLICIES) {
        acknowledge(fn, rule, 'AWSLambdaBasicExecutionRole (write own logs) and AWSLambdaVPCAccessExecutionRole (manage own ENIs) are the AWS-maintained minimum for a VPC function; a copy of them would only go stale')
      }
      return fn
    }

    // ---- the migration: once per deployment, before any compute changes ----
    // A function from the same image, invoked synchronously by a CDK trigger
    // (a custom resource) whenever the image changes. Every API function,
    // worker and Fargate service depends on the trigger, so CloudFormation
    // updates them only after the migration succeeded; a failed migration
    // fails the deployment and rolls the stack back with the old code still
    // serving. Chosen over an ECS RunTask custom resource because RunTask
    // returns at once: waiting for the task's exit code would need a
    // Step Functions state machine or a polling provider.
    this.migrateFunction = imageFunction('MigrateFunction', {
      cmd: MIGRATE_COMMAND,
      // Lambda's maximum is 15 minutes; a migration that needs longer is a
      // backfill and belongs in a job.
      timeout: MIGRATE_TIMEOUT,
      description: 'TeamTrek database migrations (run once per deployment)',
      // The database and nothing else: no JWT key, no queue, no table.
      settings: {
        DATABASE_HOST: props.databaseProxy.endpoint,
        DATABASE_NAME: props.databaseName,
        DATABASE_SECRET_ARN: props.databaseSecret.secretArn
      },
      // No reserved concurrency: a new account (limit 10) cannot reserve
      // any, and none is needed. Kysely's Postgres adapter takes an advisory
      // lock, so two runs (a hand invocation during a deploy) queue up.
    })
    props.databaseSecret.grantRead(this.migrateFunction)
    const migrate = new triggers.Trigger(this, 'Migrate', {
      handler: this.migrateFunction,
      timeout: MIGRATE_TIMEOUT,
      invocationType: triggers.InvocationType.REQUEST_RESPONSE,
      // Runs whenever the function's version changes: a new image (new
      // code, perhaps new migrations) or new settings. Migrating an
      // up-to-date database is a no-op.
      executeOnHandlerChange: true
    })
    acknowledgeTriggerProvider(this)

    if (props.compute === 'lambda' || props.compute === 'both') {
      // Real time on Lambda: API Gateway holds the sockets. Created first,
      // because every function posts to its connections (chat from the
      // API, progress from the jobs, replies from the WebSocket function)
      // and so needs its management endpoint in its settings.
      const webSocketApi = new apigwv2.WebSocketApi(this, 'WebSocketApi', {
        description: 'TeamTrek real time (Lambda): live team events and chat'
      })
      const webSocketStage = new apigwv2.WebSocketStage(this, 'WebSocketStage', {
        webSocketApi,
        stageName: WEBSOCKET_STAGE,
        autoDeploy: true
      })
      const webSocketLogs = new logs.LogGroup(this, 'WebSocketApiAccessLogs', { retention: logs.RetentionDays.ONE_MONTH })
      ;(webSocketStage.node.defaultChild as apigwv2.CfnStage).accessLogSettings = {
        destinationArn: webSocketLogs.logGroupArn,
        format: JSON.stringify({
          requestId: '$context.requestId',
          connectionId: '$context.connectionId',
          eventType: '$context.eventType',
          routeKey: '$context.routeKey',
          ip: '$context.identity.sourceIp',
          requestTime: '$context.requestTime',
          status: '$context.status',
          integrationError: '$context.integrationErrorMessage'
        })
      }
      const lambdaSettings: Record<string, string> = {
        ...common,
        // See imageFunction: Lambda never sheds.
        MAX_EVENT_LOOP_DELAY_MS: '0',
        REALTIME_DRIVER: 'apigateway',
        // https://{api}.execute-api.{region}.amazonaws.com/live: what src/realtime/apigateway.ts posts to.
        WEBSOCKET_MANAGEMENT_ENDPOINT: webSocketStage.callbackUrl,
        WEBSOCKET_CONNECTIONS_TABLE: props.connectionsTable.tableName
      }
      /** Whatever posts to connections: the table of who is subscribed, and PostToConnection / DeleteConnection. */
      const grantRealtime = (fn: lambda.IFunction) => {
        grantTable(fn, props.connectionsTable, CONNECTIONS_INDEXES)
        webSocketApi.grantManageConnections(fn)
        // cdk-nag prints the ARN as synthesised: pseudo parameters where no environment is known.
        const region = Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region
        const account = Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account
        acknowledge(fn, `IAM5[Resource::arn:<AWS::Partition>:execute-api:${region}:${account}:<${this.getLogicalId(webSocketApi.node.defaultChild as apigwv2.CfnApi)}>/*/*/@connections/*]`,
          'Connection ids are made by API Gateway when a client connects, so PostToConnection and DeleteConnection can only be granted on every connection of this one API')
      }

      // The image's CMD is already dist/bundle/lambda-api.handler. API Gateway's
      // HTTP API integration limit is 30 s. No TRUST_PROXY (FARGATE_TRUST_PROXY).
      const fn = imageFunction('ApiFunction', {
        timeout: Duration.seconds(29),
        description: 'TeamTrek API',
        settings: lambdaSettings,
        ...(props.apiReservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: props.apiReservedConcurrency })
      })
      this.lambdaFunction = fn
      grantData(fn, props)
      grantSecrets(fn, props)
      grantRealtime(fn)
      // API Gateway invokes the alias, not $LATEST: each deployment publishes
      // a version and moves the alias, so a rollback is one alias update
      // (docs/deploy.md), and provisioned concurrency has something to sit on.
      const provisioned = props.apiProvisionedConcurrency ?? 0
      this.lambdaAlias = new lambda.Alias(this, 'ApiAlias', {
        aliasName: API_ALIAS,
        version: fn.currentVersion,
        ...(provisioned > 0 ? { provisionedConcurrentExecutions: provisioned } : {})
      })
      migrateBefore.push(fn, this.lambdaAlias)
      monitoredFunctions.push({ name: 'Api', fn })

      const accessLogs = new logs.LogGroup(this, 'HttpApiAccessLogs', { retention: logs.RetentionDays.ONE_MONTH })
      this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
        description: 'TeamTrek API (Lambda)',
        defaultIntegration: new HttpLambdaIntegration('ApiIntegration', this.lambdaAlias),
        // Created below, with access logs (the construct id is the one the
        // automatic default stage had, so the stage is updated, not replaced).
        createDefaultStage: false
      })
      this.httpApi.addStage('DefaultStage', {
        stageName: '$default',
        autoDeploy: true,
        // One JSON line per request, with API Gateway's request id (the
        // app logs the same id) and the client address API Gateway saw.
        accessLogSettings: {
          destination: new apigwv2.LogGroupLogDestination(accessLogs),
          format: apigw.AccessLogFormat.custom(JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage'
          }))
        }
      })
      acknowledge(this.httpApi, 'APIG4', 'The API authenticates its own bearer tokens (HS256 JWTs bound to a DynamoDB session, src/plugins/auth); sign-up, sign-in, health and docs must stay public, so an API Gateway authorizer would only duplicate the check')
      output(this, 'HttpApiUrl', this.httpApi.apiEndpoint)

      // SQS batch handler. The event source grants it consume rights; failed
      // messages (batchItemFailures) come back after the visibility timeout
      // and go to the dead-letter queue on the tenth receive (JOBS_MAX_RECEIVE_COUNT).
      this.jobsFunction = imageFunction('JobsFunction', {
        cmd: WORKER_COMMANDS.sqsHandler,
        // The queue's visibility timeout is derived from this (infra/lib/jobs.ts).
        timeout: JOBS_BATCH_TIMEOUT,
        description: 'TeamTrek jobs (SQS batches)',
        settings: lambdaSettings
      })
      grantData(this.jobsFunction, props)
      grantSecrets(this.jobsFunction, props)
      grantRealtime(this.jobsFunction)
      migrateBefore.push(this.jobsFunction)
      monitoredFunctions.push({ name: 'Jobs', fn: this.jobsFunction })
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
        description: 'TeamTrek scheduled jobs (EventBridge rules)',
        settings: lambdaSettings
      })
      grantData(this.schedulesFunction, props)
      grantSecrets(this.schedulesFunction, props)
      grantRealtime(this.schedulesFunction)
      migrateBefore.push(this.schedulesFunction)
      monitoredFunctions.push({ name: 'Schedules', fn: this.schedulesFunction })
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

      // The WebSocket function: $connect checks the token, $default speaks
      // the protocol, $disconnect forgets. API Gateway's integration limit is
      // 29 s; a frame's work is a few queries.
      this.webSocketFunction = imageFunction('WebSocketFunction', {
        cmd: WEBSOCKET_COMMAND,
        timeout: Duration.seconds(29),
        description: 'TeamTrek real time (API Gateway WebSocket routes)',
        settings: lambdaSettings
      })
      grantData(this.webSocketFunction, props)
      grantSecrets(this.webSocketFunction, props)
      grantRealtime(this.webSocketFunction)
      migrateBefore.push(this.webSocketFunction)
      monitoredFunctions.push({ name: 'WebSocket', fn: this.webSocketFunction })
      const webSocketIntegration = new WebSocketLambdaIntegration('WebSocketIntegration', this.webSocketFunction)
      for (const route of ['$connect', '$disconnect', '$default']) {
        webSocketApi.addRoute(route, { integration: webSocketIntegration })
      }
      acknowledge(webSocketApi, 'APIG4', 'The $connect route verifies the access token itself (query string or Sec-WebSocket-Protocol, bound to a live DynamoDB session) and refuses the upgrade without one; $default and $disconnect only ever run on connections $connect accepted')
      this.webSocketApi = webSocketApi
      output(this, 'WebSocketUrl', webSocketStage.url)
    }

    if (props.compute === 'fargate' || props.compute === 'both') {
      // Live events between tasks (the worker's progress to every API task's
      // sockets): Redis pub/sub with the cache; without it, Postgres
      // LISTEN/NOTIFY on the database every task already shares.
      const fargateRealtime: Record<string, string> = props.cache === undefined ? { REALTIME_DRIVER: 'postgres' } : {}
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
        // Longer than the heartbeat, so the ALB never cuts a healthy WebSocket (see WS_HEARTBEAT).
        idleTimeout: LOAD_BALANCER_IDLE_TIMEOUT,
        circuitBreaker: { rollback: true },
        taskImageOptions: {
          image: containerImage(props.imageDirectory),
          containerPort: 3000,
          // The image's ENTRYPOINT is the Lambda runtime's; run the HTTP server.
          entryPoint: ['node'],
          command: [SERVER_COMMAND],
          environment: {
            ...common,
            ...fargateRealtime,
            PORT: '3000',
            AWS_REGION: Stack.of(this).region,
            // One hop: the load balancer's X-Forwarded-For entry is the
            // client's address; entries before it are the client's own writing.
            TRUST_PROXY: FARGATE_TRUST_PROXY,
            // Pinned with the load balancer's idle timeout it must stay below.
            WS_HEARTBEAT_MS: String(WS_HEARTBEAT.toMilliseconds())
          },
          logDriver: ecs.LogDrivers.awsLogs({
            streamPrefix: 'api',
            logRetention: logs.RetentionDays.ONE_MONTH
          })
        }
      })
      service.targetGroup.configureHealthCheck({ path: '/health', healthyHttpCodes: '200' })
      // The ALB's access logs, to a bucket of their own (ELB log delivery
      // needs SSE-S3 and its own bucket policy). Its principal is the
      // region's ELB account, so an environment-agnostic synth (no
      // CDK_DEFAULT_REGION, e.g. `cdk ls` without credentials) leaves them out;
      // `cdk deploy` always knows the region.
      if (Token.isUnresolved(this.region)) {
        acknowledge(service.loadBalancer, 'ELB2', 'Environment-agnostic synthesis only (no region known): ELB access-log delivery is granted to the region ELB account, so a deployable synth with CDK_DEFAULT_REGION set always turns the logs on')
      } else {
        const loadBalancerLogs = new s3.Bucket(this, 'LoadBalancerLogsBucket', {
          blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
          encryption: s3.BucketEncryption.S3_MANAGED,
          enforceSSL: true,
          objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
          lifecycleRules: [{ expiration: Duration.days(90) }],
          removalPolicy: RemovalPolicy.RETAIN
        })
        acknowledge(loadBalancerLogs, 'S1', 'This bucket only receives the load balancer access logs; logging the log deliveries themselves would add cost and nothing a reader needs')
        service.loadBalancer.logAccessLogs(loadBalancerLogs, 'alb')
      }
      acknowledge(service.loadBalancer, 'EC23', 'The public API load balancer must accept connections from any address on its listener port; the tasks behind it accept only the load balancer security group')
      const taskSecretsReason = 'Only non-secret settings are environment variables; the database password, JWT key and fitness-tracker secrets travel as Secrets Manager ARNs that the task reads itself at start (src/app/secret-settings.ts)'
      acknowledge(service.taskDefinition, 'ECS2', taskSecretsReason)
      acknowledge(service.taskDefinition, 'IAM5[Resource::*]', 'The execution role pulls the image: ecr:GetAuthorizationToken has no resource-level permissions, so CDK grants it on *; the repository actions are scoped to the asset repository')
      allowDatabase(props.databaseProxySecurityGroup, service.service.connections.securityGroups[0], 'TeamTrek Fargate to RDS Proxy')
      computeSecurityGroups.push(...service.service.connections.securityGroups)
      migrateBefore.push(service.service)
      fargateServices.push({ name: 'FargateApi', service: service.service })
      // The task reads the secrets itself at start, like the Lambda function.
      grantData(service.taskDefinition.taskRole, props)
      grantSecrets(service.taskDefinition.taskRole, props)
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
          ...fargateRealtime,
          AWS_REGION: Stack.of(this).region
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
      acknowledge(workerTask, 'ECS2', taskSecretsReason)
      acknowledge(workerTask, 'IAM5[Resource::*]', 'The execution role pulls the image: ecr:GetAuthorizationToken has no resource-level permissions, so CDK grants it on *; the repository actions are scoped to the asset repository')
      allowDatabase(props.databaseProxySecurityGroup, worker.connections.securityGroups[0], 'TeamTrek Fargate worker to RDS Proxy')
      computeSecurityGroups.push(...worker.connections.securityGroups)
      migrateBefore.push(worker)
      fargateServices.push({ name: 'FargateWorker', service: worker })
      grantData(workerTask.taskRole, props)
      props.jobsQueue.grantConsumeMessages(workerTask.taskRole)
      grantSecrets(workerTask.taskRole, props)
      this.workerService = worker
    }

    migrate.executeBefore(...migrateBefore.map(c => c as Construct))
    if (props.cache !== undefined) {
      for (const client of computeSecurityGroups) {
        props.cache.securityGroup.addIngressRule(client, ec2.Port.tcp(CACHE_PORT), 'TeamTrek compute to ElastiCache', true)
      }
    }

    this.monitoring = new Monitoring(this, 'Monitoring', {
      alarmAction: props.alarmAction,
      functions: monitoredFunctions,
      ...(this.httpApi === undefined ? {} : { httpApi: this.httpApi }),
      ...(this.fargateService === undefined ? {} : { loadBalancer: this.fargateService.loadBalancer }),
      fargateServices,
      database: props.database,
      jobsQueue: props.jobsQueue,
      jobsDeadLetterQueue: props.jobsDeadLetterQueue,
      ...(props.cache === undefined ? {} : { cacheName: props.cache.name })
    })
  }
}

/** The migration function's timeout, and how long the trigger waits for it. */
export const MIGRATE_TIMEOUT = Duration.minutes(10)

/**
 * The Trigger's provider is a CDK-owned Lambda (a CfnResource, not a
 * Function construct) whose role, runtime and managed policy are CDK's.
 */
function acknowledgeTriggerProvider (stack: Stack): void {
  const provider = stack.node.tryFindChild('AWSCDK.TriggerCustomResourceProviderCustomResourceProvider')
  if (provider === undefined) throw new Error('the Trigger provider is not where this expects it: update acknowledgeTriggerProvider')
  acknowledge(provider, 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'The CDK trigger provider is CDK-owned: its role has the AWS-maintained basic execution policy for its own logs and may only invoke the migration function')
  acknowledge(provider, 'L1', 'The CDK trigger provider is CDK-owned and pins its Node.js runtime per aws-cdk-lib release; it runs for seconds per deployment and never serves traffic')
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
 * What every runtime may touch. Everything may enqueue jobs; consume rights
 * go to consumers only (the SQS event source grants its function, the
 * Fargate worker its task role).
 *
 * The sessions table: grantReadWriteData's actions, but on the one index the
 * service queries (byUser) rather than `index/*`, so there is no wildcard to
 * acknowledge. The uploads bucket: nothing in the service reads or writes it
 * yet, so nothing is granted; the feature that uses it adds its grant.
 */
function grantData (grantee: iam.IGrantable, props: ApiStackProps): void {
  const table = props.sessionsTable.tableArn
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: SESSION_TABLE_ACTIONS,
    resources: [table, `${table}/index/${SESSIONS_USER_INDEX}`]
  }))
  props.jobsQueue.grantSendMessages(grantee)
  grantTable(grantee, props.chatTable, CHAT_INDEXES)
}

/** The chat table's index (src/routes/chat/repository.ts). */
const CHAT_INDEXES = ['byAuthor']
/** The connections table's indexes (src/realtime/connections-store.ts). */
const CONNECTIONS_INDEXES = ['byTeam', 'byUser']

/** Read and write a table and the named indexes (not `index/*`: no wildcard to acknowledge). */
function grantTable (grantee: iam.IGrantable, table: dynamodb.ITable, indexes: string[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: SESSION_TABLE_ACTIONS,
    resources: [table.tableArn, ...indexes.map(index => `${table.tableArn}/index/${index}`)]
  }))
}

/**
 * The secrets every runtime that gets the common settings reads at start:
 * the database's, the JWT key, and the fitness-tracker secrets (a missing
 * grant would fail the start, not a request). The migration gets only the
 * database's.
 */
function grantSecrets (grantee: iam.IGrantable, props: ApiStackProps): void {
  props.databaseSecret.grantRead(grantee)
  props.jwtSecret.grantRead(grantee)
  for (const secret of props.integrationSecrets.all()) secret.grantRead(grantee)
}

/** The providers' public settings as the service's variables (src/lib/config.ts). */
function integrationEnvironment (props: ApiStackProps): Record<string, string> {
  const settings = props.integrations ?? {}
  if (settings.googleClientId !== undefined && props.integrationSecrets.google === undefined) throw new Error('Google Health has a client id but no secrets: create the stateful stack with integrations.google')
  if (settings.stravaClientId !== undefined && props.integrationSecrets.strava === undefined) throw new Error('Strava has a client id but no secrets: create the stateful stack with integrations.strava')
  return {
    ...(props.publicUrl === undefined ? {} : { PUBLIC_URL: props.publicUrl }),
    ...(settings.googleClientId === undefined ? {} : { GOOGLE_CLIENT_ID: settings.googleClientId }),
    ...(settings.googleWebhookPublicKey === undefined ? {} : { GOOGLE_WEBHOOK_PUBLIC_KEY: settings.googleWebhookPublicKey }),
    ...(settings.stravaClientId === undefined ? {} : { STRAVA_CLIENT_ID: settings.stravaClientId }),
    ...(settings.stravaSubscriptionId === undefined ? {} : { STRAVA_SUBSCRIPTION_ID: String(settings.stravaSubscriptionId) })
  }
}

/** The session store's index (src/lib/aws/tables.ts). */
const SESSIONS_USER_INDEX = 'byUser'

/** The actions of CDK's Table.grantReadWriteData. */
const SESSION_TABLE_ACTIONS = [
  'dynamodb:BatchGetItem', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:Query',
  'dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable',
  'dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'
]
