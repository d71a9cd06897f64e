import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch'
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as ec2 from 'aws-cdk-lib/aws-ec2'
import * as rds from 'aws-cdk-lib/aws-rds'
import * as s3 from 'aws-cdk-lib/aws-s3'
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import * as sqs from 'aws-cdk-lib/aws-sqs'
import type { Construct } from 'constructs'
import { JOBS_MAX_RECEIVE_COUNT, JOBS_VISIBILITY_TIMEOUT } from './jobs.ts'

/** The database name the cluster is created with; compute stacks build their connection from it. */
export const DATABASE_NAME = 'teamtrek'

/**
 * Everything that holds data, in its own stack so that compute can be
 * replaced, switched between Lambda and Fargate, or destroyed without
 * touching it. Data stores are retained (or snapshotted) on deletion.
 */
export class StatefulStack extends Stack {
  readonly vpc: ec2.Vpc
  readonly sessionsTable: dynamodb.Table
  readonly database: rds.DatabaseCluster
  readonly databaseProxy: rds.DatabaseProxy
  /** Username/password/host/port/dbname of the cluster's admin user, as RDS generates it. */
  readonly databaseSecret: secretsmanager.ISecret
  /** The proxy's security group; compute adds its own ingress rule to it (see ApiStack). */
  readonly databaseProxySecurityGroup: ec2.SecurityGroup
  readonly jwtSecret: secretsmanager.Secret
  /** Background jobs (JOBS_QUEUE_URL): the API sends, the workers consume. */
  readonly jobsQueue: sqs.Queue
  readonly jobsDeadLetterQueue: sqs.Queue
  readonly uploadsBucket: s3.Bucket

  constructor (scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props)

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
    // No actions (there is no SNS topic yet): the alarms show in the console
    // and are what a topic or a pager gets attached to later.
    this.jobsDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM })
      .createAlarm(this, 'JobsDeadLetterAlarm', {
        alarmDescription: 'A job failed 5 times and is in the dead-letter queue: read it, fix the cause, redrive it (infra/README.md)',
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        threshold: 0,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING
      })
    // Jobs that wait this long mean that no consumer is running (or keeping up);
    // the dead-letter alarm cannot see that.
    this.jobsQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM })
      .createAlarm(this, 'JobsBacklogAlarm', {
        alarmDescription: 'The oldest job has waited more than 15 minutes: are the workers running?',
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        threshold: Duration.minutes(15).toSeconds(),
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING
      })
    // For `aws sqs start-message-move-task` and for reading failed jobs (infra/README.md).
    output(this, 'JobsQueueUrl', this.jobsQueue.queueUrl)
    output(this, 'JobsDeadLetterQueueUrl', this.jobsDeadLetterQueue.queueUrl)
    output(this, 'JobsDeadLetterQueueArn', this.jobsDeadLetterQueue.queueArn)

    this.uploadsBucket = new s3.Bucket(this, 'UploadsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN
    })
  }
}

/** A stack output (what the commands in infra/README.md look up). */
function output (scope: Construct, id: string, value: string): CfnOutput {
  return new CfnOutput(scope, id, { value })
}
