import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { buildTeamTrekApp } from '../../infra/lib/teamtrek-app.ts'
import type { Compute } from '../../infra/lib/api-stack.ts'

// Synthesis hashes and stages the repository for the image asset (no Docker
// involved), so each compute mode is synthesized once and shared by the tests.
const imageDirectory = fileURLToPath(new URL('../..', import.meta.url))
const outdir = mkdtempSync(join(tmpdir(), 'teamtrek-cdk-'))
t.teardown(() => rmSync(outdir, { recursive: true, force: true }))

function synth (compute: Compute) {
  const { stateful, api } = buildTeamTrekApp({
    compute,
    imageDirectory,
    outdir: join(outdir, compute),
    env: { account: '123456789012', region: 'eu-west-2' }
  })
  return { stateful: Template.fromStack(stateful), api: Template.fromStack(api) }
}

const lambdaMode = synth('lambda')
const fargateMode = synth('fargate')
const bothMode = synth('both')

t.test('the sessions table matches src/lib/aws/tables.ts', async t => {
  lambdaMode.stateful.resourceCountIs('AWS::DynamoDB::Table', 1)
  lambdaMode.stateful.hasResource('AWS::DynamoDB::Table', {
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sessionUserId', AttributeType: 'S' }
      ]),
      GlobalSecondaryIndexes: [{
        IndexName: 'byUser',
        KeySchema: [{ AttributeName: 'sessionUserId', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'KEYS_ONLY' }
      }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }
    }
  })
  t.pass('table matches')
})

t.test('the events queue redrives to a dead-letter queue', async t => {
  const queues = lambdaMode.stateful.findResources('AWS::SQS::Queue')
  const withRedrive = Object.values(queues).filter(q => q.Properties?.RedrivePolicy !== undefined)
  t.equal(withRedrive.length, 1)
  const redrive = withRedrive[0]?.Properties.RedrivePolicy
  t.equal(redrive.maxReceiveCount, 5)
  const dlqId = redrive.deadLetterTargetArn['Fn::GetAtt'][0]
  t.ok(queues[dlqId], 'the target is a queue of this stack')
  t.equal(queues[dlqId]?.Properties?.RedrivePolicy, undefined, 'the dead-letter queue has no redrive of its own')
})

t.test('the bucket blocks public access, is encrypted and refuses plain HTTP', async t => {
  lambdaMode.stateful.hasResourceProperties('AWS::S3::Bucket', {
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true
    },
    BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] }
  })
  lambdaMode.stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } }
      })])
    }
  })
  t.pass('bucket checked')
})

t.test('Aurora Serverless v2 sits behind an RDS Proxy that requires TLS', async t => {
  lambdaMode.stateful.hasResourceProperties('AWS::RDS::DBCluster', {
    Engine: 'aurora-postgresql',
    StorageEncrypted: true,
    ServerlessV2ScalingConfiguration: Match.objectLike({ MinCapacity: 0.5 })
  })
  lambdaMode.stateful.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless' })
  lambdaMode.stateful.hasResourceProperties('AWS::RDS::DBProxy', { EngineFamily: 'POSTGRESQL', RequireTLS: true })
  t.pass('database checked')
})

t.test('compute=lambda: an arm64 image function behind an HTTP API, no ECS', async t => {
  const api = lambdaMode.api
  api.resourceCountIs('AWS::Lambda::Function', 1)
  api.hasResourceProperties('AWS::Lambda::Function', {
    PackageType: 'Image',
    Architectures: ['arm64'],
    MemorySize: 1024,
    Timeout: 29,
    Code: { ImageUri: Match.anyValue() },
    Environment: {
      Variables: Match.objectLike({
        AWS_SERVICES: 'aws',
        TRUST_PROXY: 'true',
        MIGRATE_ON_START: 'false',
        DATABASE_SECRET_ARN: Match.anyValue(),
        DATABASE_HOST: Match.anyValue(),
        JWT_SECRET_ARN: Match.anyValue()
      })
    }
  })
  api.resourceCountIs('AWS::ApiGatewayV2::Api', 1)
  api.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' })
  api.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' })
  api.resourceCountIs('AWS::ECS::Service', 0)
  t.pass('lambda checked')
})

t.test('compute=fargate: an ECS service behind a load balancer, no Lambda', async t => {
  const api = fargateMode.api
  api.resourceCountIs('AWS::ECS::Service', 1)
  api.resourceCountIs('AWS::Lambda::Function', 0)
  api.resourceCountIs('AWS::ApiGatewayV2::Api', 0)
  api.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckPath: '/health', Matcher: { HttpCode: '200' } })
  api.hasResourceProperties('AWS::ECS::TaskDefinition', {
    RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    ContainerDefinitions: [Match.objectLike({
      EntryPoint: ['node'],
      Command: ['dist/src/app/server.js'],
      Environment: Match.arrayWith([
        { Name: 'TRUST_PROXY', Value: 'true' },
        Match.objectLike({ Name: 'DATABASE_SECRET_ARN' }),
        Match.objectLike({ Name: 'JWT_SECRET_ARN' })
      ])
    })]
  })
  // The task reads both secrets itself at start.
  const policies = JSON.stringify(api.findResources('AWS::IAM::Policy'))
  t.match(policies, /secretsmanager:GetSecretValue/)
  t.pass('fargate checked')
})

t.test('compute=both: one image serves the function and the service', async t => {
  bothMode.api.resourceCountIs('AWS::Lambda::Function', 1)
  bothMode.api.resourceCountIs('AWS::ECS::Service', 1)
  const lambdaImage = JSON.stringify(Object.values(bothMode.api.findResources('AWS::Lambda::Function'))[0]?.Properties.Code.ImageUri)
  const taskImage = JSON.stringify(Object.values(bothMode.api.findResources('AWS::ECS::TaskDefinition'))[0]?.Properties.ContainerDefinitions[0].Image)
  t.equal(lambdaImage, taskImage)
})

t.test('no IAM statement allows every action on every resource', async t => {
  const offenders: string[] = []
  let statements = 0
  for (const [mode, templates] of Object.entries({ lambdaMode, fargateMode, bothMode })) {
    for (const template of [templates.stateful, templates.api]) {
      for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role']) {
        for (const [id, resource] of Object.entries(template.findResources(type))) {
          const documents = [
            resource.Properties?.PolicyDocument,
            ...(resource.Properties?.Policies ?? []).map((p: { PolicyDocument: unknown }) => p.PolicyDocument)
          ].filter(Boolean)
          for (const document of documents) {
            for (const statement of document.Statement) {
              statements++
              const actions = [statement.Action].flat()
              const resources = [statement.Resource].flat()
              if (actions.includes('*') && resources.includes('*')) offenders.push(`${mode} ${id}`)
            }
          }
        }
      }
    }
  }
  t.ok(statements > 10, `${statements} statements checked`)
  t.same(offenders, [])
})

t.test('the stateful stack does not depend on the compute stack', async t => {
  t.notMatch(JSON.stringify(lambdaMode.stateful.toJSON()), /TeamTrekApi/)
})
