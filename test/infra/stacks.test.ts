import t from 'tap'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { buildTeamTrekApp } from '../../infra/lib/teamtrek-app.ts'
import type { Compute } from '../../infra/lib/api-stack.ts'
import { JOB_SCHEDULES } from '../../infra/lib/jobs.ts'
import { SCHEDULES, scheduledJobOfRule } from '../../src/workers/schedules.ts'

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

type Resource = Record<string, any>

const SQS_HANDLER = 'dist/src/workers/lambda.handler'
const SCHEDULED_HANDLER = 'dist/src/workers/lambda.scheduled'

/** Lambda functions by their image command; the API's is the image's default. */
function functionsByCommand (template: Template): Map<string, [string, Resource]> {
  const byCommand = new Map<string, [string, Resource]>()
  for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
    byCommand.set(fn.Properties.ImageConfig?.Command?.[0] ?? 'default', [id, fn])
  }
  return byCommand
}

/** Task definitions by their container's command. */
function taskDefinitionsByCommand (template: Template): Map<string, [string, Resource]> {
  const byCommand = new Map<string, [string, Resource]>()
  for (const [id, task] of Object.entries(template.findResources('AWS::ECS::TaskDefinition'))) {
    byCommand.set(task.Properties.ContainerDefinitions[0].Command?.[0], [id, task])
  }
  return byCommand
}

/** Every action the role's policies in this template allow. */
function actionsOf (template: Template, roleArn: unknown): string[] {
  const roleId = (roleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter(policy => policy.Properties.Roles.some((role: { Ref?: string }) => role.Ref === roleId))
    .flatMap(policy => policy.Properties.PolicyDocument.Statement.flatMap((statement: { Action: string | string[] }) => [statement.Action].flat()))
}

/** The jobs queue's logical id: the queue with a redrive policy. */
const jobsQueueId = Object.entries(lambdaMode.stateful.findResources('AWS::SQS::Queue'))
  .find(([, queue]) => queue.Properties.RedrivePolicy !== undefined)?.[0] ?? 'not found'

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

t.test('the jobs queue redrives to a dead-letter queue, which raises an alarm', async t => {
  const queues = lambdaMode.stateful.findResources('AWS::SQS::Queue')
  const withRedrive = Object.values(queues).filter(q => q.Properties?.RedrivePolicy !== undefined)
  t.equal(withRedrive.length, 1)
  const redrive = withRedrive[0]?.Properties.RedrivePolicy
  t.equal(redrive.maxReceiveCount, 10)
  const dlqId = redrive.deadLetterTargetArn['Fn::GetAtt'][0]
  t.ok(queues[dlqId], 'the target is a queue of this stack')
  t.equal(queues[dlqId]?.Properties?.RedrivePolicy, undefined, 'the dead-letter queue has no redrive of its own')
  lambdaMode.stateful.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Namespace: 'AWS/SQS',
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
    ComparisonOperator: 'GreaterThanThreshold',
    Threshold: 0
  })
})

t.test('the queue hides a message for at least 6 × the worker timeout plus the batching window', async t => {
  const visibility = lambdaMode.stateful.findResources('AWS::SQS::Queue')[jobsQueueId]?.Properties.VisibilityTimeout
  const worker = functionsByCommand(lambdaMode.api).get(SQS_HANDLER)?.[1]
  const window = Object.values(lambdaMode.api.findResources('AWS::Lambda::EventSourceMapping'))[0]?.Properties.MaximumBatchingWindowInSeconds
  t.ok(worker, 'the SQS worker function exists')
  t.ok(visibility >= 6 * worker?.Properties.Timeout + window, `visibility ${visibility} s, worker timeout ${worker?.Properties.Timeout} s, window ${window} s`)
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
  t.same([...functionsByCommand(api).keys()].sort(), ['default', SQS_HANDLER, SCHEDULED_HANDLER].sort(), 'the API and the two workers')
  api.hasResourceProperties('AWS::Lambda::Function', {
    PackageType: 'Image',
    Architectures: ['arm64'],
    MemorySize: 1024,
    Timeout: 29,
    Code: { ImageUri: Match.anyValue() },
    Environment: {
      Variables: Match.objectLike({
        AWS_SERVICES: 'aws',
        TRUST_PROXY: Match.absent(),
        MIGRATE_ON_START: 'false',
        DATABASE_SECRET_ARN: Match.anyValue(),
        DATABASE_HOST: Match.anyValue(),
        JWT_SECRET_ARN: Match.anyValue(),
        JOBS_QUEUE_URL: Match.anyValue(),
        QUEUE_DRIVER: 'sqs'
      })
    }
  })
  t.notMatch(JSON.stringify(api.toJSON()), /EVENTS_QUEUE_URL/)
  api.resourceCountIs('AWS::ApiGatewayV2::Api', 1)
  api.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' })
  api.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' })
  api.resourceCountIs('AWS::ECS::Service', 0)
  t.pass('lambda checked')
})

t.test('compute=lambda: the SQS worker reports batch item failures', async t => {
  const api = lambdaMode.api
  const workers = functionsByCommand(api)
  const [workerId, worker] = workers.get(SQS_HANDLER) ?? []
  const [, apiFunction] = workers.get('default') ?? []
  api.resourceCountIs('AWS::Lambda::EventSourceMapping', 1)
  api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    FunctionName: { Ref: workerId },
    EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp(`FnGetAtt${jobsQueueId}Arn`) },
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    BatchSize: 10,
    MaximumBatchingWindowInSeconds: 1,
    ScalingConfig: { MaximumConcurrency: Match.anyValue() }
  })
  // Same image, network and settings as the API function, another CMD.
  t.same(worker?.Properties.ImageConfig, { Command: [SQS_HANDLER] })
  t.same(worker?.Properties.Code, apiFunction?.Properties.Code)
  t.same(worker?.Properties.VpcConfig, apiFunction?.Properties.VpcConfig)
  t.same(worker?.Properties.Environment, apiFunction?.Properties.Environment)
  const actions = actionsOf(api, worker?.Properties.Role)
  for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:SendMessage', 'secretsmanager:GetSecretValue']) {
    t.ok(actions.includes(action), action)
  }
})

t.test('compute=lambda: one EventBridge rule per schedule, named for the job it runs', async t => {
  const api = lambdaMode.api
  const [scheduledId, scheduled] = functionsByCommand(api).get(SCHEDULED_HANDLER) ?? []
  t.same(scheduled?.Properties.ImageConfig, { Command: [SCHEDULED_HANDLER] })
  const rules = Object.values(api.findResources('AWS::Events::Rule'))
  t.equal(rules.length, JOB_SCHEDULES.length)
  for (const { job, schedule } of JOB_SCHEDULES) {
    const rule = rules.find(r => r.Properties.Name.endsWith(`-${job}`))
    t.ok(rule, `a rule for ${job}`)
    t.equal(rule?.Properties.ScheduleExpression, schedule, `${job} runs at ${schedule}`)
    t.same(rule?.Properties.Targets.map((target: { Arn: unknown }) => target.Arn), [{ 'Fn::GetAtt': [scheduledId, 'Arn'] }])
    // What dist/src/workers/lambda.scheduled will make of the name.
    t.equal(scheduledJobOfRule(rule?.Properties.Name), job, `the handler maps ${rule?.Properties.Name} to ${job}`)
  }
  api.resourcePropertiesCountIs('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com', FunctionName: Match.anyValue() }, JOB_SCHEDULES.length)
  // Enqueues (relay-outbox republishes) but consumes nothing.
  const actions = actionsOf(api, scheduled?.Properties.Role)
  t.ok(actions.includes('sqs:SendMessage'))
  t.notOk(actions.includes('sqs:ReceiveMessage'))
})

t.test('the schedules match the service\'s own list and the README', async t => {
  t.same(
    JOB_SCHEDULES.map(({ job, schedule }) => ({ job, schedule })),
    SCHEDULES.map(({ job, rate }) => ({ job, schedule: rate })),
    'infra/lib/jobs.ts and src/workers/schedules.ts agree'
  )
  const readme = readFileSync(new URL('../../infra/README.md', import.meta.url), 'utf8').split('\n')
  for (const { job, schedule } of JOB_SCHEDULES) {
    t.ok(readme.some(line => line.includes(`\`${job}\``) && line.includes(`\`${schedule}\``)), `README lists ${job} at ${schedule}`)
  }
})

t.test('the API may send jobs but not consume them', async t => {
  const lambdaApi = functionsByCommand(lambdaMode.api).get('default')?.[1]
  const fargateApi = taskDefinitionsByCommand(fargateMode.api).get('dist/src/app/server.js')?.[1]
  for (const [name, template, roleArn] of [
    ['lambda', lambdaMode.api, lambdaApi?.Properties.Role],
    ['fargate', fargateMode.api, fargateApi?.Properties.TaskRoleArn]
  ] as const) {
    const actions = actionsOf(template, roleArn)
    t.ok(actions.includes('sqs:SendMessage'), `${name}: sqs:SendMessage`)
    t.notOk(actions.includes('sqs:ReceiveMessage'), `${name}: no sqs:ReceiveMessage`)
    t.notOk(actions.includes('sqs:DeleteMessage'), `${name}: no sqs:DeleteMessage`)
  }
})

t.test('compute=fargate: an ECS service behind a load balancer, no Lambda', async t => {
  const api = fargateMode.api
  api.resourceCountIs('AWS::ECS::Service', 2)
  api.resourceCountIs('AWS::Lambda::Function', 0)
  api.resourceCountIs('AWS::ApiGatewayV2::Api', 0)
  api.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckPath: '/health', Matcher: { HttpCode: '200' } })
  api.hasResourceProperties('AWS::ECS::TaskDefinition', {
    RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    ContainerDefinitions: [Match.objectLike({
      EntryPoint: ['node'],
      Command: ['dist/src/app/server.js'],
      Environment: Match.arrayWith([
        Match.objectLike({ Name: 'DATABASE_SECRET_ARN' }),
        Match.objectLike({ Name: 'JWT_SECRET_ARN' }),
        // The VPC's range, where the load balancer's addresses are: never `true`.
        { Name: 'TRUST_PROXY', Value: { 'Fn::ImportValue': Match.stringLikeRegexp('CidrBlock') } }
      ])
    })]
  })
  // The task reads both secrets itself at start.
  const policies = JSON.stringify(api.findResources('AWS::IAM::Policy'))
  t.match(policies, /secretsmanager:GetSecretValue/)
  t.pass('fargate checked')
})

t.test('compute=fargate: one worker task without a load balancer, and no EventBridge rules', async t => {
  const api = fargateMode.api
  const [workerTaskId, workerTask] = taskDefinitionsByCommand(api).get('dist/src/workers/worker.js') ?? []
  t.ok(workerTask, 'a worker task definition')
  t.match(workerTask?.Properties, {
    RuntimePlatform: { CpuArchitecture: 'ARM64' },
    ContainerDefinitions: [{ EntryPoint: ['node'], Command: ['dist/src/workers/worker.js'] }]
  })
  const environment = Object.fromEntries(workerTask?.Properties.ContainerDefinitions[0].Environment.map((e: { Name: string, Value: unknown }) => [e.Name, e.Value]))
  t.match(environment, { QUEUE_DRIVER: 'sqs', MIGRATE_ON_START: 'false', AWS_SERVICES: 'aws' })
  for (const name of ['JOBS_QUEUE_URL', 'DATABASE_SECRET_ARN', 'DATABASE_HOST', 'JWT_SECRET_ARN', 'SESSIONS_TABLE']) {
    t.ok(environment[name], `${name} is set`)
  }
  const services = Object.values(api.findResources('AWS::ECS::Service'))
  const worker = services.find(service => service.Properties.TaskDefinition.Ref === workerTaskId)
  t.equal(worker?.Properties.DesiredCount, 1)
  t.equal(worker?.Properties.LoadBalancers, undefined, 'no load balancer')
  const actions = actionsOf(api, workerTask?.Properties.TaskRoleArn)
  for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:SendMessage', 'secretsmanager:GetSecretValue', 'dynamodb:PutItem']) {
    t.ok(actions.includes(action), action)
  }
  // The worker reaches the database through the proxy like the API tasks.
  fargateMode.api.resourcePropertiesCountIs('AWS::EC2::SecurityGroupIngress', { FromPort: 5432, Description: Match.stringLikeRegexp('worker') }, 1)
  api.resourceCountIs('AWS::Events::Rule', 0)
  api.resourceCountIs('AWS::Lambda::EventSourceMapping', 0)
})

t.test('compute=both: one image serves every function and task, and both sets of workers run', async t => {
  bothMode.api.resourceCountIs('AWS::Lambda::Function', 3)
  bothMode.api.resourceCountIs('AWS::ECS::Service', 2)
  bothMode.api.resourceCountIs('AWS::Events::Rule', JOB_SCHEDULES.length)
  bothMode.api.resourceCountIs('AWS::Lambda::EventSourceMapping', 1)
  const images = new Set([
    ...Object.values(bothMode.api.findResources('AWS::Lambda::Function')).map(fn => JSON.stringify(fn.Properties.Code.ImageUri)),
    ...Object.values(bothMode.api.findResources('AWS::ECS::TaskDefinition')).map(task => JSON.stringify(task.Properties.ContainerDefinitions[0].Image))
  ])
  t.equal(images.size, 1, [...images].join('\n'))
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
