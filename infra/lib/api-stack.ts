import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib'
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as ec2 from 'aws-cdk-lib/aws-ec2'
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets'
import * as ecs from 'aws-cdk-lib/aws-ecs'
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns'
import type * as iam from 'aws-cdk-lib/aws-iam'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import * as logs from 'aws-cdk-lib/aws-logs'
import type * as rds from 'aws-cdk-lib/aws-rds'
import type * as s3 from 'aws-cdk-lib/aws-s3'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import type * as sqs from 'aws-cdk-lib/aws-sqs'
import type { Construct } from 'constructs'

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
  eventsQueue: sqs.IQueue
  uploadsBucket: s3.IBucket
}

const POSTGRES_PORT = 5432

/**
 * Kept out of the image's hash (and build context) so that test runs, local
 * data and the infrastructure code do not produce a new image. The
 * repository's .dockerignore is applied as well.
 */
const IMAGE_EXCLUDE = ['node_modules', '.git', '.data', '.tap', 'dist', 'cdk.out', 'test', 'tmp', 'infra', 'coverage']

/**
 * The service's compute: Lambda behind an HTTP API, Fargate behind an
 * Application Load Balancer, or both, from the one Dockerfile. Everything
 * stateful comes in as props from StatefulStack.
 */
export class ApiStack extends Stack {
  readonly lambdaFunction?: lambda.DockerImageFunction
  readonly httpApi?: apigwv2.HttpApi
  readonly fargateService?: ecsPatterns.ApplicationLoadBalancedFargateService

  constructor (scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props)

    // Settings both runtimes share. The database and JWT secrets travel as
    // ARNs: the service reads them at start and assembles DATABASE_URL (with
    // the password URL-encoded) and JWT_SECRET (src/app/secret-settings.ts).
    // EVENTS_QUEUE_URL and UPLOADS_BUCKET are not read by the service yet.
    const common: Record<string, string> = {
      AWS_SERVICES: 'aws',
      SESSIONS_TABLE: props.sessionsTable.tableName,
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'info',
      DATABASE_HOST: props.databaseProxy.endpoint,
      DATABASE_NAME: props.databaseName,
      DATABASE_SECRET_ARN: props.databaseSecret.secretArn,
      JWT_SECRET_ARN: props.jwtSecret.secretArn,
      EVENTS_QUEUE_URL: props.eventsQueue.queueUrl,
      UPLOADS_BUCKET: props.uploadsBucket.bucketName
    }

    if (props.compute === 'lambda' || props.compute === 'both') {
      const securityGroup = new ec2.SecurityGroup(this, 'LambdaSecurityGroup', {
        vpc: props.vpc,
        description: 'TeamTrek API Lambda function'
      })
      allowDatabase(props.databaseProxySecurityGroup, securityGroup, 'TeamTrek Lambda to RDS Proxy')

      const fn = new lambda.DockerImageFunction(this, 'ApiFunction', {
        code: lambda.DockerImageCode.fromImageAsset(props.imageDirectory, {
          exclude: IMAGE_EXCLUDE,
          platform: ecrAssets.Platform.LINUX_ARM64
          // The image's CMD is already dist/src/app/lambda.handler.
        }),
        architecture: lambda.Architecture.ARM_64,
        memorySize: 1024,
        // API Gateway's HTTP API integration limit is 30 s.
        timeout: Duration.seconds(29),
        vpc: props.vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: [securityGroup],
        logGroup: new logs.LogGroup(this, 'ApiFunctionLogs', { retention: logs.RetentionDays.ONE_MONTH }),
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
      this.lambdaFunction = fn

      this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
        description: 'TeamTrek API (Lambda)',
        defaultIntegration: new HttpLambdaIntegration('ApiIntegration', fn)
      })
      output(this, 'HttpApiUrl', this.httpApi.apiEndpoint)
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
          // Same directory and options as the Lambda's, so the same asset
          // hash: one image is built and published for both.
          image: ecs.ContainerImage.fromAsset(props.imageDirectory, {
            exclude: IMAGE_EXCLUDE,
            platform: ecrAssets.Platform.LINUX_ARM64
          }),
          containerPort: 3000,
          // The image's ENTRYPOINT is the Lambda runtime's; run the HTTP server.
          entryPoint: ['node'],
          command: ['dist/src/app/server.js'],
          environment: {
            ...common,
            PORT: '3000',
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
    }
  }
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

/** What the running service may touch, through grant*() rather than hand-written policies. */
function grantData (grantee: iam.IGrantable, props: ApiStackProps): void {
  props.sessionsTable.grantReadWriteData(grantee)
  props.eventsQueue.grantSendMessages(grantee)
  props.eventsQueue.grantConsumeMessages(grantee)
  props.uploadsBucket.grantReadWrite(grantee)
}
