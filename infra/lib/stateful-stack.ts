import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch'
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions'
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as ec2 from 'aws-cdk-lib/aws-ec2'
import * as elasticache from 'aws-cdk-lib/aws-elasticache'
import * as logs from 'aws-cdk-lib/aws-logs'
import * as rds from 'aws-cdk-lib/aws-rds'
import * as s3 from 'aws-cdk-lib/aws-s3'
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import * as sns from 'aws-cdk-lib/aws-sns'
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions'
import * as sqs from 'aws-cdk-lib/aws-sqs'
import type { Construct } from 'constructs'
import { JOBS_MAX_RECEIVE_COUNT, JOBS_VISIBILITY_TIMEOUT } from './jobs.ts'
import { IntegrationSecrets } from './integration-secrets.ts'
import { acknowledge } from './nag.ts'
import { ALARMS, CACHE_DATA_STORAGE_MAX_GB, CACHE_ECPU_PER_SECOND_MAX } from './monitoring.ts'

/** The database name the cluster is created with; compute stacks build their connection from it. */
export const DATABASE_NAME = 'teamtrek'

/** The serverless cache's primary (read/write) port; 6380 is its reader endpoint, unused here. */
export const CACHE_PORT = 6379

export interface StatefulStackProps extends StackProps {
  /**
   * ElastiCache Serverless (Valkey) for what every instance should share:
   * sign-in throttles, the progress cache and the leaderboards (default
   * false until it has run against ElastiCache itself; Serverless is
   * cluster-mode only, and the leaderboard keys share one hash slot for it). Without it each instance
   * throttles on its own and reads go to Postgres; see infra/README.md, "Redis".
   */
  cache?: boolean
  /** Subscribed to the alarm topic by email (it must be confirmed); none: attach PagerDuty, Slack or email later. */
  alarmEmail?: string
  /** Which fitness-tracker providers are configured: their secrets are created (default: neither). */
  integrations?: { google: boolean, strava: boolean }
}

/** What compute needs to reach the cache. */
export interface CacheEndpoint {
  readonly address: string
  readonly port: string
  /** Compute adds its own ingress rule to it, as for the database proxy. */
  readonly securityGroup: ec2.ISecurityGroup
  /** The cache's name: CloudWatch's `clusterId` dimension. */
  readonly name: string
}

/**
 * Everything that holds data, in its own stack so that compute can be
 * replaced, switched between Lambda and Fargate, or destroyed without
 * touching it. Data stores are retained (or snapshotted) on deletion.
 */
export class StatefulStack extends Stack {
  readonly vpc: ec2.Vpc
  readonly sessionsTable: dynamodb.Table
  /** Team chat (CHAT_TABLE): kept like every other user data. */
  readonly chatTable: dynamodb.Table
  /** API Gateway WebSocket connections and subscriptions (WEBSOCKET_CONNECTIONS_TABLE): nothing lives past 2 hours. */
  readonly connectionsTable: dynamodb.Table
  readonly database: rds.DatabaseCluster
  readonly databaseProxy: rds.DatabaseProxy
  /** Username/password/host/port/dbname of the cluster's admin user, as RDS generates it. */
  readonly databaseSecret: secretsmanager.ISecret
  /** The proxy's security group; compute adds its own ingress rule to it (see ApiStack). */
  readonly databaseProxySecurityGroup: ec2.SecurityGroup
  readonly jwtSecret: secretsmanager.Secret
  /** The provider-token key, and the configured providers' client and webhook secrets. */
  readonly integrationSecrets: IntegrationSecrets
  /** Background jobs (JOBS_QUEUE_URL): the API sends, the workers consume. */
  readonly jobsQueue: sqs.Queue
  readonly jobsDeadLetterQueue: sqs.Queue
  readonly uploadsBucket: s3.Bucket
  /** Undefined when the stack is built with `cache: false`. */
  readonly cache?: CacheEndpoint
  /** Every alarm of both stacks notifies this topic. */
  readonly alarmTopic: sns.Topic
  readonly alarmAction: cloudwatchActions.SnsAction

  constructor (scope: Construct, id: string, props: StatefulStackProps = {}) {
    super(scope, id, props)

    // First, so that every alarm below can notify it.
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { displayName: 'TeamTrek alarms', enforceSSL: true })
    acknowledge(this.alarmTopic, 'SNS2', 'CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key; the messages are alarm names and metric values, no user data, so a customer-managed key is not worth its cost and key policy')
    if (props.alarmEmail !== undefined) this.alarmTopic.addSubscription(new snsSubscriptions.EmailSubscription(props.alarmEmail))
    this.alarmAction = new cloudwatchActions.SnsAction(this.alarmTopic)

    // Public subnets for the load balancer and the NAT gateway, private ones
    // (with egress) for Lambda/Fargate, isolated ones for the database.
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }
      ],
      // DynamoDB and S3 traffic stays off the NAT gateway (cheaper, and keeps working if it fails).
      gatewayEndpoints: {
        dynamodb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
        s3: { service: ec2.GatewayVpcEndpointAwsService.S3 }
      }
    })
    // Rejected traffic only: what a security review asks for (who tried to
    // reach what), at a fraction of the cost of logging every accepted flow.
    this.vpc.addFlowLog('RejectedFlows', {
      trafficType: ec2.FlowLogTrafficType.REJECT,
      destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(this, 'FlowLogs', {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY
      }))
    })

    // Same shape as src/lib/aws/tables.ts (sessionsTableDefinition).
    this.sessionsTable = new dynamodb.Table(this, 'SessionsTable', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN
    })
    this.sessionsTable.addGlobalSecondaryIndex({
      indexName: 'byUser',
      partitionKey: { name: 'sessionUserId', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.KEYS_ONLY
    })

    // Same shape as src/routes/chat/repository.ts (chatTableDefinition).
    this.chatTable = new dynamodb.Table(this, 'ChatTable', {
      partitionKey: { name: 'teamId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // Remembered retried sends (`SEND#…` items) expire after a day.
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN
    })
    this.chatTable.addGlobalSecondaryIndex({
      indexName: 'byAuthor',
      partitionKey: { name: 'authorId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.KEYS_ONLY
    })

    // Same shape as src/realtime/connections-store.ts (connectionsTableDefinition).
    this.connectionsTable = new dynamodb.Table(this, 'ConnectionsTable', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // API Gateway closes every connection within 2 hours; the items follow.
      timeToLiveAttribute: 'expiresAt',
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // Nothing in it outlives a connection: a new deployment starts empty and clients reconnect.
      removalPolicy: RemovalPolicy.DESTROY
    })
    this.connectionsTable.addGlobalSecondaryIndex({
      indexName: 'byTeam',
      partitionKey: { name: 'teamId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL
    })
    this.connectionsTable.addGlobalSecondaryIndex({
      indexName: 'byUser',
      partitionKey: { name: 'connUserId', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.KEYS_ONLY
    })
    acknowledge(this.connectionsTable, 'DDB3', 'Connection items live at most two hours (the API Gateway limit and the TTL) and are rebuilt by clients reconnecting; a point-in-time restore would bring back connections that no longer exist')

    this.database = new rds.DatabaseCluster(this, 'Database', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_17_7 }),
      credentials: rds.Credentials.fromGeneratedSecret('teamtrek'),
      defaultDatabaseName: DATABASE_NAME,
      writer: rds.ClusterInstance.serverlessV2('writer'),
      serverlessV2MinCapacity: 0.5,
      serverlessV2MaxCapacity: 8,
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
      backup: { retention: Duration.days(7) },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT
    })
    if (this.database.secret === undefined) throw new Error('the cluster was created without a generated secret')
    this.databaseSecret = this.database.secret
    acknowledge(this.database, 'RDS6', 'Clients authenticate to RDS Proxy with the Secrets Manager credentials, and the proxy to the cluster with the same secret; IAM database authentication would need the service to mint tokens, and the cluster accepts connections only from the proxy security group')
    // On the cluster: its generated secret (Database/Secret) is a child of it.
    acknowledge(this.database, 'SMG4', 'The service reads the database password once at start (src/app/secret-settings.ts) and has no way to pick up a new one, so a rotation would break every new connection until a restart; rotation waits for a reload-on-auth-failure path')
    // Seed 000: Aurora CPU > 80 % (three 5-minute periods, so a short burst
    // while Serverless v2 scales up does not page anyone).
    this.database.metricCPUUtilization({ period: Duration.minutes(5), statistic: cloudwatch.Stats.AVERAGE })
      .createAlarm(this, 'DatabaseCpuAlarm', {
        alarmDescription: `Aurora CPU above ${ALARMS.databaseCpuPercent} % for 15 minutes: raise serverlessV2MaxCapacity or find the query (Performance Insights)`,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        threshold: ALARMS.databaseCpuPercent,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING
      }).addAlarmAction(this.alarmAction)

    this.databaseProxySecurityGroup = new ec2.SecurityGroup(this, 'DatabaseProxySecurityGroup', {
      vpc: this.vpc,
      description: 'RDS Proxy in front of the TeamTrek cluster',
      allowAllOutbound: false
    })
    this.databaseProxy = this.database.addProxy('Proxy', {
      secrets: [this.databaseSecret],
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.databaseProxySecurityGroup],
      requireTLS: true
    })
    this.database.connections.allowDefaultPortFrom(this.databaseProxy, 'RDS Proxy to the cluster')

    this.jwtSecret = new secretsmanager.Secret(this, 'JwtSecret', {
      description: 'TeamTrek JWT_SECRET (HS256 signing key)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN
    })
    acknowledge(this.jwtSecret, 'SMG4', 'Rotating the HS256 signing key would invalidate every access token at once and the service reads it only at start; rotation needs key ids (kid) and two live keys first')
    this.integrationSecrets = new IntegrationSecrets(this, 'Integrations', props.integrations ?? { google: false, strava: false })

    // The construct ids predate the jobs pipeline (this was the unused events
    // queue). Keeping them keeps the logical ids, so the queues are updated in
    // place rather than replaced, and the compute stack's imports of their
    // exports (named after the logical ids) stay valid through the deploy.
    this.jobsDeadLetterQueue = new sqs.Queue(this, 'EventsDeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true
    })
    this.jobsQueue = new sqs.Queue(this, 'EventsQueue', {
      visibilityTimeout: JOBS_VISIBILITY_TIMEOUT,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.jobsDeadLetterQueue, maxReceiveCount: JOBS_MAX_RECEIVE_COUNT }
    })
    // Seed 000's queue alarms: any message in the DLQ, the age of the oldest
    // job, and the depth of the queue.
    this.jobsDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM })
      .createAlarm(this, 'JobsDeadLetterAlarm', {
        alarmDescription: `A job failed ${JOBS_MAX_RECEIVE_COUNT} times and is in the dead-letter queue: read it, fix the cause, redrive it (infra/README.md)`,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        threshold: 0,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING
      }).addAlarmAction(this.alarmAction)
    // Jobs that wait this long mean that no consumer is running (or keeping up);
    // the dead-letter alarm cannot see that.
    this.jobsQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM })
      .createAlarm(this, 'JobsBacklogAlarm', {
        alarmDescription: `The oldest job has waited more than ${ALARMS.jobAgeSeconds / 60} minutes: are the workers running?`,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        threshold: ALARMS.jobAgeSeconds,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING
      }).addAlarmAction(this.alarmAction)
    // Many jobs waiting, even young ones, for 15 minutes: the consumers are
    // running but not keeping up (raise the SQS event source's maximum
    // concurrency or the Fargate worker's count).
    this.jobsQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM })
      .createAlarm(this, 'JobsDepthAlarm', {
        alarmDescription: `More than ${ALARMS.jobDepth} jobs waiting for 15 minutes: the workers are not keeping up`,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        threshold: ALARMS.jobDepth,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING
      }).addAlarmAction(this.alarmAction)
    // For `aws sqs start-message-move-task` and for reading failed jobs (infra/README.md).
    output(this, 'JobsQueueUrl', this.jobsQueue.queueUrl)
    output(this, 'JobsDeadLetterQueueUrl', this.jobsDeadLetterQueue.queueUrl)
    output(this, 'JobsDeadLetterQueueArn', this.jobsDeadLetterQueue.queueArn)

    // Server access logs of the uploads bucket (who read or wrote which object).
    const accessLogs = new s3.Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN
    })
    acknowledge(accessLogs, 'S1', 'This bucket is the access-log destination itself; logging its own writes would log the logging, and nothing but S3 log delivery writes to it')
    this.uploadsBucket = new s3.Bucket(this, 'UploadsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'uploads/',
      removalPolicy: RemovalPolicy.RETAIN
    })

    if (props.cache ?? false) this.cache = this.createCache()
  }

  /**
   * ElastiCache Serverless for Valkey: no nodes to size, TLS always on,
   * reachable only from compute's security groups. It holds only what can be
   * rebuilt from Postgres (throttle counters, the progress cache, the
   * leaderboards), so there are no snapshots. The jobs stay on SQS
   * (QUEUE_DRIVER=sqs): Serverless has no `maxmemory-policy` setting, and
   * BullMQ needs `noeviction` (infra/README.md, "Redis").
   */
  private createCache (): CacheEndpoint {
    const securityGroup = new ec2.SecurityGroup(this, 'CacheSecurityGroup', {
      vpc: this.vpc,
      description: 'ElastiCache Serverless for TeamTrek throttles, caches and leaderboards',
      allowAllOutbound: false
    })
    const name = `${this.stackName.toLowerCase()}-cache`
    const cache = new elasticache.CfnServerlessCache(this, 'Cache', {
      serverlessCacheName: name,
      description: 'TeamTrek: sign-in throttles, progress cache, leaderboards (rebuildable from Postgres)',
      engine: 'valkey',
      majorEngineVersion: '8',
      subnetIds: this.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnetIds,
      securityGroupIds: [securityGroup.securityGroupId],
      // Caps the bill. At the storage cap Serverless evicts keys that have a
      // TTL (and answers OOM to writes when none is left): see the alarm below.
      cacheUsageLimits: {
        dataStorage: { maximum: CACHE_DATA_STORAGE_MAX_GB, unit: 'GB' },
        ecpuPerSecond: { maximum: CACHE_ECPU_PER_SECOND_MAX }
      }
    })
    // Long before the cap: eviction there would drop cached views and
    // throttle counters (harmless, rebuilt) but writes without a TTL fail.
    new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache',
      metricName: 'BytesUsedForCache',
      dimensionsMap: { clusterId: name },
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.MAXIMUM
    }).createAlarm(this, 'CacheStorageAlarm', {
      alarmDescription: `The cache holds more than ${ALARMS.cacheStoragePercent} % of its ${CACHE_DATA_STORAGE_MAX_GB} GB cap; at the cap ElastiCache Serverless evicts keys with a TTL`,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: CACHE_DATA_STORAGE_MAX_GB * 1024 ** 3 * ALARMS.cacheStoragePercent / 100,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING
    }).addAlarmAction(this.alarmAction)
    output(this, 'CacheEndpoint', `${cache.attrEndpointAddress}:${cache.attrEndpointPort}`)
    return { address: cache.attrEndpointAddress, port: cache.attrEndpointPort, securityGroup, name }
  }
}

/** A stack output (what the commands in infra/README.md look up). */
function output (scope: Construct, id: string, value: string): CfnOutput {
  return new CfnOutput(scope, id, { value })
}
