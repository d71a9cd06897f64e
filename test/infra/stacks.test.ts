import t from 'tap'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Match, Template } from 'aws-cdk-lib/assertions'
import * as s3 from 'aws-cdk-lib/aws-s3'
import { acknowledge } from '../../infra/lib/nag.ts'
import { buildTeamTrekApp, parseCount, parseSwitch, type TeamTrekAppOptions } from '../../infra/lib/teamtrek-app.ts'
import { loadConfig } from '../../src/lib/config.ts'
import type { Compute } from '../../infra/lib/api-stack.ts'
import { JOB_SCHEDULES } from '../../infra/lib/jobs.ts'
import { SCHEDULES, scheduledJobOfRule } from '../../src/workers/schedules.ts'
import { webhookPublicKey } from '../../src/routes/integrations/webhook-signature.ts'
import { chatTableDefinition } from '../../src/routes/chat/repository.ts'
import { connectionsTableDefinition } from '../../src/realtime/connections-store.ts'
import { ENTRY_POINTS } from '../../scripts/bundle.ts'

// Synthesis hashes and stages the repository for the image asset (no Docker
// involved), so each compute mode is synthesized once and shared by the tests.
const imageDirectory = fileURLToPath(new URL('../..', import.meta.url))
// About ten syntheses (each hashes and stages the repository for the image
// asset) take about 25 s alone and several times that on a shared machine.
t.setTimeout(300_000)
const outdir = mkdtempSync(join(tmpdir(), 'teamtrek-cdk-'))
t.teardown(() => rmSync(outdir, { recursive: true, force: true }))

let synths = 0
/** Template.fromStack synthesises the app, which runs cdk-nag: an unacknowledged finding throws here. */
function synth (compute: Compute, options: Partial<TeamTrekAppOptions> = {}) {
  const { stateful, api } = buildTeamTrekApp({
    compute,
    imageDirectory,
    outdir: join(outdir, `${compute}-${synths++}`),
    env: { account: '123456789012', region: 'eu-west-2' },
    ...options
  })
  return { stateful: Template.fromStack(stateful), api: Template.fromStack(api) }
}

const lambdaMode = synth('lambda')
const fargateMode = synth('fargate')
const bothMode = synth('both', { cache: true })

type Resource = Record<string, any>

const SQS_HANDLER = 'dist/bundle/lambda-worker.handler'
const SCHEDULED_HANDLER = 'dist/bundle/lambda-worker.scheduled'
const MIGRATE_HANDLER = 'dist/scripts/migrate-handler.handler'
const WEBSOCKET_HANDLER = 'dist/bundle/lambda-websocket.handler'

/** The image's Lambda functions by their image command; the API's is the image's default. */
function functionsByCommand (template: Template): Map<string, [string, Resource]> {
  const byCommand = new Map<string, [string, Resource]>()
  for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { PackageType: 'Image' } }))) {
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

/** A task definition's first container's environment as a map. */
function environmentOf (task: Resource | undefined): Record<string, unknown> {
  return Object.fromEntries((task?.Properties.ContainerDefinitions[0].Environment ?? []).map((e: { Name: string, Value: unknown }) => [e.Name, e.Value]))
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
  lambdaMode.stateful.resourceCountIs('AWS::DynamoDB::Table', 3)
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

/** The stateful stack's table whose key schema starts with this partition key and sort key. */
function tableByKeys (template: Template, partition: string, sort: string): Resource | undefined {
  return Object.values(template.findResources('AWS::DynamoDB::Table'))
    .find(table => table.Properties.KeySchema[0].AttributeName === partition && table.Properties.KeySchema[1]?.AttributeName === sort)
}

/** A table definition's shape, as the service creates it and as CloudFormation declares it. */
function shapeOf (definition: { KeySchema: unknown, AttributeDefinitions: Array<{ AttributeName: string }>, GlobalSecondaryIndexes: Array<{ IndexName: string }> }) {
  return {
    keys: definition.KeySchema,
    attributes: [...definition.AttributeDefinitions].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName)),
    indexes: [...definition.GlobalSecondaryIndexes].sort((a, b) => a.IndexName.localeCompare(b.IndexName))
  }
}

t.test('the chat and WebSocket connections tables match what the service creates, each with a TTL', async t => {
  for (const [name, table, definition] of [
    ['chat', tableByKeys(lambdaMode.stateful, 'teamId', 'sk'), chatTableDefinition('x')],
    ['connections', tableByKeys(lambdaMode.stateful, 'pk', 'sk'), connectionsTableDefinition('x')]
  ] as const) {
    t.ok(table, `${name}: declared in the stateful stack`)
    t.same(shapeOf(table?.Properties), shapeOf(definition), `${name}: keys, attributes and indexes as src/ creates them (GSI byTeam and byUser for connections)`)
    t.same(table?.Properties.TimeToLiveSpecification, { AttributeName: 'expiresAt', Enabled: true }, `${name}: TTL on expiresAt`)
    t.equal(table?.Properties.BillingMode, 'PAY_PER_REQUEST')
  }
  t.same(tableByKeys(lambdaMode.stateful, 'pk', 'sk')?.Properties.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName).sort(), ['byTeam', 'byUser'])
  t.equal(tableByKeys(lambdaMode.stateful, 'teamId', 'sk')?.Properties.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled, true, 'chat is user data: point-in-time recovery')
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
  t.same([...functionsByCommand(api).keys()].sort(), ['default', SQS_HANDLER, SCHEDULED_HANDLER, WEBSOCKET_HANDLER, MIGRATE_HANDLER].sort(), 'the API, the two workers, the WebSocket routes and the migration')
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
  api.resourceCountIs('AWS::ApiGatewayV2::Api', 2)
  api.resourcePropertiesCountIs('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' }, 1)
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
    // What dist/bundle/lambda-worker.scheduled will make of the name.
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

t.test('compute=lambda: a WebSocket API routes $connect, $disconnect and $default to the bundled handler', async t => {
  const api = lambdaMode.api
  const [wsApiId] = Object.entries(api.findResources('AWS::ApiGatewayV2::Api', { Properties: { ProtocolType: 'WEBSOCKET' } }))[0] ?? []
  t.ok(wsApiId, 'a WEBSOCKET API')
  const [wsFunctionId, wsFunction] = functionsByCommand(api).get(WEBSOCKET_HANDLER) ?? []
  t.ok(wsFunction, 'a function with the WebSocket handler as its command')
  t.equal(ENTRY_POINTS['lambda-websocket'], 'src/app/lambda-websocket.ts', 'scripts/bundle.ts builds dist/bundle/lambda-websocket.mjs')
  t.match(readFileSync(new URL('../../src/app/lambda-websocket.ts', import.meta.url), 'utf8'), /export async function handler/, 'which exports `handler`')

  const integrations = Object.entries(api.findResources('AWS::ApiGatewayV2::Integration', { Properties: { ApiId: { Ref: wsApiId } } }))
  t.equal(integrations.length, 1)
  const [integrationId, integration] = integrations[0] ?? []
  t.equal(integration?.Properties.IntegrationType, 'AWS_PROXY')
  t.match(JSON.stringify(integration?.Properties.IntegrationUri), new RegExp(`"${wsFunctionId}","Arn"`), 'the integration invokes the WebSocket function')
  const routes = Object.values(api.findResources('AWS::ApiGatewayV2::Route', { Properties: { ApiId: { Ref: wsApiId } } }))
  t.same(routes.map(r => r.Properties.RouteKey).sort(), ['$connect', '$default', '$disconnect'])
  for (const route of routes) t.match(JSON.stringify(route.Properties.Target), integrationId, `${route.Properties.RouteKey} → the integration`)
  api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
    ApiId: { Ref: wsApiId },
    StageName: 'live',
    AutoDeploy: true,
    AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context.connectionId') }
  })

  // Everything that posts to connections: the API (chat), the workers (progress, team ends), the routes (replies).
  for (const command of ['default', SQS_HANDLER, SCHEDULED_HANDLER, WEBSOCKET_HANDLER]) {
    const fn = functionsByCommand(api).get(command)?.[1]
    const variables = fn?.Properties.Environment.Variables
    t.equal(variables?.REALTIME_DRIVER, 'apigateway', `${command}: the API Gateway broadcaster`)
    const endpoint = JSON.stringify(variables?.WEBSOCKET_MANAGEMENT_ENDPOINT)
    t.match(endpoint, /https:\/\//, `${command}: an https management endpoint`)
    t.match(endpoint, new RegExp(`"Ref":"${wsApiId}"`), `${command}: of this WebSocket API`)
    t.match(endpoint, /\/live"/, `${command}: and its stage`)
    t.ok(variables?.WEBSOCKET_CONNECTIONS_TABLE, `${command}: the connections table`)
    t.ok(variables?.CHAT_TABLE, `${command}: the chat table`)
    const statements = Object.values(api.findResources('AWS::IAM::Policy'))
      .filter(policy => policy.Properties.Roles.some((role: { Ref?: string }) => role.Ref === fn?.Properties.Role['Fn::GetAtt'][0]))
      .flatMap(policy => policy.Properties.PolicyDocument.Statement)
    const manage = statements.find((st: { Action: string | string[] }) => [st.Action].flat().includes('execute-api:ManageConnections'))
    t.ok(manage, `${command}: may post to and delete connections`)
    t.match(JSON.stringify(manage?.Resource), new RegExp(`${wsApiId}.*@connections`), `${command}: on this API's connections only`)
    t.ok(statements.some((st: { Action: string | string[], Resource: unknown }) => [st.Action].flat().includes('dynamodb:Query') && /ConnectionsTable.*index\/byTeam/.test(JSON.stringify(st.Resource))),
      `${command}: reads and writes the connections table and its byTeam index`)
  }
  t.ok(Object.keys(api.findOutputs('WebSocketUrl')).length === 1, 'the wss:// URL is an output')
})

t.test('compute=fargate: the load balancer keeps an idle WebSocket open longer than the heartbeat', async t => {
  for (const { api } of [fargateMode, bothMode]) {
    const [, balancer] = Object.entries(api.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0] ?? []
    const idle = Number(balancer?.Properties.LoadBalancerAttributes.find((a: { Key: string }) => a.Key === 'idle_timeout.timeout_seconds')?.Value)
    const server = environmentOf(taskDefinitionsByCommand(api).get('dist/src/app/server.js')?.[1])
    const heartbeatSeconds = Number(server.WS_HEARTBEAT_MS) / 1000
    t.ok(heartbeatSeconds > 0, `the API pings every ${heartbeatSeconds} s (pinned)`)
    t.ok(idle >= 2 * heartbeatSeconds, `ALB idle timeout ${idle} s covers at least two heartbeats`)
    t.doesNotThrow(() => loadConfig({ WS_HEARTBEAT_MS: String(server.WS_HEARTBEAT_MS) }), 'a value the service accepts')
    for (const [command, [, task]] of taskDefinitionsByCommand(api)) {
      if (command === undefined) continue
      t.ok(environmentOf(task).CHAT_TABLE, `${command}: CHAT_TABLE`)
      const actions = actionsOf(api, task.Properties.TaskRoleArn)
      t.ok(actions.includes('dynamodb:BatchWriteItem'), `${command}: may write chat (the worker purges it)`)
    }
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
  t.same([...functionsByCommand(api).keys()], [MIGRATE_HANDLER], 'the only image function is the migration')
  api.resourceCountIs('AWS::ApiGatewayV2::Api', 0)
  api.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckPath: '/health', Matcher: { HttpCode: '200' } })
  api.hasResourceProperties('AWS::ECS::TaskDefinition', {
    RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    ContainerDefinitions: [Match.objectLike({ EntryPoint: ['node'], Command: ['dist/src/app/server.js'] })]
  })
  const environment = environmentOf(taskDefinitionsByCommand(api).get('dist/src/app/server.js')?.[1])
  t.equal(environment.TRUST_PROXY, '1', 'one proxy hop: the ALB')
  t.equal(environment.REALTIME_DRIVER, 'postgres', 'without the cache, live events cross tasks through Postgres')
  t.equal(environment.DATABASE_PREPARED_STATEMENTS, 'false', 'behind RDS Proxy, nothing prepared')
  t.ok(environment.DATABASE_SECRET_ARN, 'DATABASE_SECRET_ARN')
  t.ok(environment.JWT_SECRET_ARN, 'JWT_SECRET_ARN')
  // The task reads both secrets itself at start.
  const policies = JSON.stringify(api.findResources('AWS::IAM::Policy'))
  t.match(policies, /secretsmanager:GetSecretValue/)
  t.pass('fargate checked')
})

t.test('compute=fargate: one worker task without a load balancer, and no EventBridge rules', async t => {
  const api = fargateMode.api
  const [workerTaskId, workerTask] = taskDefinitionsByCommand(api).get('dist/src/app/worker.js') ?? []
  t.ok(workerTask, 'a worker task definition')
  t.match(workerTask?.Properties, {
    RuntimePlatform: { CpuArchitecture: 'ARM64' },
    ContainerDefinitions: [{ EntryPoint: ['node'], Command: ['dist/src/app/worker.js'] }]
  })
  const environment = Object.fromEntries(workerTask?.Properties.ContainerDefinitions[0].Environment.map((e: { Name: string, Value: unknown }) => [e.Name, e.Value]))
  t.match(environment, { QUEUE_DRIVER: 'sqs', MIGRATE_ON_START: 'false', AWS_SERVICES: 'aws', REALTIME_DRIVER: 'postgres' })
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
  t.equal(functionsByCommand(bothMode.api).size, 5, 'API, jobs, schedules, WebSocket, migration')
  bothMode.api.resourceCountIs('AWS::ECS::Service', 2)
  bothMode.api.resourceCountIs('AWS::Events::Rule', JOB_SCHEDULES.length)
  bothMode.api.resourceCountIs('AWS::Lambda::EventSourceMapping', 1)
  const images = new Set([
    ...[...functionsByCommand(bothMode.api).values()].map(([, fn]) => JSON.stringify(fn.Properties.Code.ImageUri)),
    ...Object.values(bothMode.api.findResources('AWS::ECS::TaskDefinition')).map(task => JSON.stringify(task.Properties.ContainerDefinitions[0].Image))
  ])
  t.equal(images.size, 1, [...images].join('\n'))
  const fargateApi = environmentOf(taskDefinitionsByCommand(bothMode.api).get('dist/src/app/server.js')?.[1])
  t.equal(fargateApi.REALTIME_DRIVER, undefined, 'with the cache, Redis pub/sub (the default with REDIS_URL)')
  t.ok(fargateApi.REDIS_URL, 'REDIS_URL')
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

const MODES = { lambda: lambdaMode, fargate: fargateMode, both: bothMode }

/** Every Lambda function, ECS service and alias of the compute stack: what must not start before the migration. */
function computeResources (template: Template): Array<[string, Resource]> {
  return [
    ...[...functionsByCommand(template).entries()].filter(([command]) => command !== MIGRATE_HANDLER).map(([, entry]) => entry),
    ...Object.entries(template.findResources('AWS::ECS::Service')),
    ...Object.entries(template.findResources('AWS::Lambda::Alias'))
  ]
}

t.test('every mode migrates once per deployment, before any compute is updated', async t => {
  for (const [mode, { api }] of Object.entries(MODES)) {
    const [migrateId, migrate] = functionsByCommand(api).get(MIGRATE_HANDLER) ?? []
    t.ok(migrate, `${mode}: a migration function from the image`)
    t.same(migrate?.Properties.Architectures, ['arm64'])
    // A new account cannot reserve concurrency; kysely's advisory lock serialises runs instead.
    t.equal(migrate?.Properties.ReservedConcurrentExecutions, undefined, `${mode}: no reserved concurrency`)
    // It gets the database and nothing else.
    t.same(Object.keys(migrate?.Properties.Environment.Variables).sort(), ['DATABASE_HOST', 'DATABASE_NAME', 'DATABASE_SECRET_ARN'], `${mode}: database settings only`)
    const actions = actionsOf(api, migrate?.Properties.Role)
    t.ok(actions.includes('secretsmanager:GetSecretValue'), `${mode}: reads the database secret`)
    t.notOk(actions.some(action => action.startsWith('sqs:') || action.startsWith('dynamodb:')), `${mode}: no queue or table rights`)

    const triggers = Object.entries(api.findResources('Custom::Trigger'))
    t.equal(triggers.length, 1, `${mode}: one trigger`)
    const [triggerId, trigger] = triggers[0] ?? []
    // The trigger invokes the function's current version synchronously, and again whenever it changes.
    const versionId = trigger?.Properties.HandlerArn.Ref
    t.equal(api.findResources('AWS::Lambda::Version')[versionId]?.Properties.FunctionName.Ref, migrateId, `${mode}: the trigger invokes the migration's current version`)
    t.equal(trigger?.Properties.InvocationType, 'RequestResponse', `${mode}: waits for the result`)
    t.equal(trigger?.Properties.ExecuteOnHandlerChange, true)
    t.equal(Number(trigger?.Properties.Timeout), migrate?.Properties.Timeout * 1000, `${mode}: the trigger waits as long as the function may run`)

    const compute = computeResources(api)
    t.ok(compute.length >= 2, `${mode}: ${compute.length} compute resources`)
    for (const [id, resource] of compute) {
      t.ok([resource.DependsOn ?? []].flat().includes(triggerId), `${mode}: ${id} waits for the migration`)
    }
    // And nothing migrates on its own at start.
    for (const [, fn] of functionsByCommand(api).values()) {
      const variables = fn.Properties.Environment.Variables
      if (variables.MIGRATE_ON_START !== undefined) t.equal(variables.MIGRATE_ON_START, 'false')
    }
    for (const [, task] of taskDefinitionsByCommand(api).values()) t.equal(environmentOf(task).MIGRATE_ON_START, 'false', `${mode}: task does not migrate at start`)
  }
})

t.test('client addresses: one trusted hop behind the ALB, none behind API Gateway', async t => {
  for (const [mode, { api }] of Object.entries(MODES)) {
    for (const [command, [, fn]] of functionsByCommand(api)) {
      t.equal(fn.Properties.Environment.Variables.TRUST_PROXY, undefined, `${mode}: ${command} trusts no X-Forwarded-For (requestContext source IP)`)
    }
  }
  const server = environmentOf(taskDefinitionsByCommand(bothMode.api).get('dist/src/app/server.js')?.[1])
  t.equal(server.TRUST_PROXY, '1', 'the Fargate API trusts exactly one hop')
  // The value the stack sets is one the service's configuration accepts.
  t.doesNotThrow(() => loadConfig({ TRUST_PROXY: String(server.TRUST_PROXY) }))
})

t.test('Lambda never sheds load on event-loop delay (a frozen environment is not a stalled one)', async t => {
  for (const [command, [, fn]] of functionsByCommand(bothMode.api)) {
    if (command === MIGRATE_HANDLER) continue
    t.equal(fn.Properties.Environment.Variables.MAX_EVENT_LOOP_DELAY_MS, '0', command)
  }
  const server = environmentOf(taskDefinitionsByCommand(bothMode.api).get('dist/src/app/server.js')?.[1])
  t.equal(server.MAX_EVENT_LOOP_DELAY_MS, undefined, 'containers keep the default shedding')
})

t.test('every function is arm64 and API Gateway invokes the API through its live alias', async t => {
  for (const [mode, { api }] of Object.entries(MODES)) {
    for (const [command, [, fn]] of functionsByCommand(api)) t.same(fn.Properties.Architectures, ['arm64'], `${mode}: ${command}`)
  }
  const api = lambdaMode.api
  const [apiId, apiFunction] = functionsByCommand(api).get('default') ?? []
  t.equal(apiFunction?.Properties.ReservedConcurrentExecutions, undefined, 'unreserved by default')
  const aliases = Object.entries(api.findResources('AWS::Lambda::Alias'))
  t.equal(aliases.length, 1)
  const [aliasId, alias] = aliases[0] ?? []
  t.match(alias, { Properties: { Name: 'live', FunctionName: { Ref: apiId } } })
  t.equal(alias?.Properties.ProvisionedConcurrencyConfig, undefined, 'no provisioned concurrency by default')
  api.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationUri: { Ref: aliasId } })
  api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
    StageName: '$default',
    AutoDeploy: true,
    AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context.requestId') }
  })
})

t.test('reserved and provisioned concurrency are props', async t => {
  const { api } = synth('lambda', { apiReservedConcurrency: 50, apiProvisionedConcurrency: 5 })
  const [, apiFunction] = functionsByCommand(api).get('default') ?? []
  t.equal(apiFunction?.Properties.ReservedConcurrentExecutions, 50)
  api.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 5 } })
  // The workers keep to their event source's maximum concurrency.
  t.equal(functionsByCommand(api).get(SQS_HANDLER)?.[1].Properties.ReservedConcurrentExecutions, undefined)
  t.throws(() => buildTeamTrekApp({ compute: 'lambda', imageDirectory, outdir: join(outdir, 'bad'), apiReservedConcurrency: 2, apiProvisionedConcurrency: 3 }), /cannot exceed/)
  t.equal(parseCount('X', '7'), 7)
  t.equal(parseCount('X', undefined), undefined)
  t.throws(() => parseCount('X', '-1'), /whole number/)
})

t.test('ElastiCache Serverless: TLS, reachable from compute only, when asked for; none by default', async t => {
  const stateful = bothMode.stateful
  stateful.resourceCountIs('AWS::ElastiCache::ServerlessCache', 1)
  stateful.hasResourceProperties('AWS::ElastiCache::ServerlessCache', {
    Engine: 'valkey',
    SubnetIds: Match.anyValue(),
    CacheUsageLimits: { DataStorage: { Maximum: Match.anyValue(), Unit: 'GB' }, ECPUPerSecond: { Maximum: Match.anyValue() } }
  })
  const cacheGroupId = Object.entries(stateful.findResources('AWS::EC2::SecurityGroup'))
    .find(([, group]) => String(group.Properties.GroupDescription).includes('ElastiCache'))?.[0]
  t.ok(cacheGroupId, 'the cache has its own security group')
  t.same(stateful.findResources('AWS::EC2::SecurityGroup')[cacheGroupId ?? '']?.Properties.SecurityGroupIngress, undefined, 'no ingress of its own: compute adds it')
  // Lambda's group, the Fargate API's and the worker's, each on 6379.
  bothMode.api.resourcePropertiesCountIs('AWS::EC2::SecurityGroupIngress', { FromPort: 6379, ToPort: 6379, Description: 'TeamTrek compute to ElastiCache' }, 3)
  for (const [command, [, fn]] of functionsByCommand(bothMode.api)) {
    if (command === MIGRATE_HANDLER) continue
    const variables = fn.Properties.Environment.Variables
    t.match(JSON.stringify(variables.REDIS_URL), /rediss:\/\//, `${command}: REDIS_URL over TLS`)
    t.equal(variables.QUEUE_DRIVER, 'sqs', `${command}: jobs stay on SQS (Serverless has no noeviction)`)
  }
  for (const [command, [, task]] of taskDefinitionsByCommand(bothMode.api)) {
    t.match(JSON.stringify(environmentOf(task).REDIS_URL), /rediss:\/\//, `${command}: REDIS_URL over TLS`)
    t.equal(environmentOf(task).QUEUE_DRIVER, 'sqs')
  }
  stateful.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/ElastiCache', MetricName: 'BytesUsedForCache' })

  const off = synth('both')
  off.stateful.resourceCountIs('AWS::ElastiCache::ServerlessCache', 0)
  t.notMatch(JSON.stringify(off.api.toJSON()), /REDIS_URL|rediss:/, 'no REDIS_URL anywhere')
  off.api.resourcePropertiesCountIs('AWS::EC2::SecurityGroupIngress', { FromPort: 6379 }, 0)
  t.equal(parseSwitch('X', 'off', true), false)
  t.equal(parseSwitch('X', undefined, true), true)
  t.throws(() => parseSwitch('X', 'maybe', true), /on or off/)
})

/** Alarms of a template by their metric name (or the metric names inside a math expression). */
function alarmsByMetric (template: Template): Map<string, Resource[]> {
  const byMetric = new Map<string, Resource[]>()
  for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
    const names = alarm.Properties.MetricName !== undefined
      ? [alarm.Properties.MetricName]
      : alarm.Properties.Metrics.flatMap((m: { MetricStat?: { Metric: { MetricName: string } } }) => m.MetricStat === undefined ? [] : [m.MetricStat.Metric.MetricName])
    for (const name of names) byMetric.set(name, [...(byMetric.get(name) ?? []), alarm])
  }
  return byMetric
}

t.test('seed 000\'s alarms, each notifying the alarm topic', async t => {
  const topicId = Object.keys(lambdaMode.stateful.findResources('AWS::SNS::Topic'))[0]
  const stateful = alarmsByMetric(lambdaMode.stateful)
  t.match(stateful.get('CPUUtilization'), [{ Properties: { Namespace: 'AWS/RDS', Threshold: 80, ComparisonOperator: 'GreaterThanThreshold' } }], 'Aurora CPU > 80 %')
  t.match(stateful.get('ApproximateAgeOfOldestMessage'), [{ Properties: { Threshold: 900 } }], 'queue age')
  t.match(stateful.get('ApproximateNumberOfMessagesVisible')?.map(a => a.Properties.Threshold).sort((a, b) => a - b), [0, 1000], 'DLQ: any message; queue depth: 1,000')
  for (const alarm of Object.values(lambdaMode.stateful.findResources('AWS::CloudWatch::Alarm'))) {
    t.same(alarm.Properties.AlarmActions, [{ Ref: topicId }], `${alarm.Properties.AlarmDescription.slice(0, 40)}… notifies the topic`)
  }

  const lambdaAlarms = alarmsByMetric(lambdaMode.api)
  const errorRates = lambdaAlarms.get('Errors') ?? []
  t.equal(errorRates.length, 4, 'Lambda error rate: API, jobs, schedules, WebSocket')
  for (const alarm of errorRates) {
    t.equal(alarm.Properties.Threshold, 1, 'errors > 1 %')
    const expression = alarm.Properties.Metrics.find((m: { Expression?: string }) => m.Expression !== undefined).Expression
    t.match(expression, /100 \* FILL\(errors, 0\) \/ IF\(invocations > 0, invocations, 1\)/)
  }
  t.match(lambdaAlarms.get('Latency'), [{ Properties: { Namespace: 'AWS/ApiGateway', ExtendedStatistic: 'p99', Threshold: 1000 } }], 'API latency > 1 s')
  t.equal(lambdaAlarms.get('5xx')?.[0]?.Properties.Threshold, 1, 'API 5xx > 1 %')
  t.notOk(lambdaAlarms.has('TargetResponseTime'), 'no ALB alarms without an ALB')

  const fargateAlarms = alarmsByMetric(fargateMode.api)
  t.match(fargateAlarms.get('TargetResponseTime'), [{ Properties: { ExtendedStatistic: 'p99', Threshold: 1 } }], 'ALB latency > 1 s (in seconds)')
  t.ok(fargateAlarms.has('HTTPCode_Target_5XX_Count') && fargateAlarms.has('HTTPCode_ELB_5XX_Count'), 'ALB 5xx rate')
  t.notOk(fargateAlarms.has('Errors'), 'no Lambda error alarms without Lambda API functions')
  for (const { api } of Object.values(MODES)) {
    for (const alarm of Object.values(api.findResources('AWS::CloudWatch::Alarm'))) {
      t.match(JSON.stringify(alarm.Properties.AlarmActions), /Fn::ImportValue.*AlarmTopic/, 'compute alarms notify the stateful stack\'s topic')
    }
  }
})

t.test('one dashboard over compute, database, queues and cache', async t => {
  for (const [mode, { api }] of Object.entries(MODES)) {
    const dashboards = Object.values(api.findResources('AWS::CloudWatch::Dashboard'))
    t.equal(dashboards.length, 1, mode)
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody)
    for (const metric of ['CPUUtilization', 'DatabaseConnections', 'ServerlessDatabaseCapacity', 'ApproximateAgeOfOldestMessage', 'ApproximateNumberOfMessagesVisible']) {
      t.match(body, metric, `${mode}: ${metric}`)
    }
    // Only both mode is built with the cache here.
    t.equal(body.includes('BytesUsedForCache'), mode === 'both', `${mode}: cache widgets only with a cache`)
    t.match(body, mode === 'fargate' ? /TargetResponseTime/ : /Latency.*ConcurrentExecutions|ConcurrentExecutions.*Latency/, `${mode}: the API's own metrics`)
  }
})

t.test('cdk-nag: no finding is left unacknowledged, in any mode, with or without a region or a cache', async t => {
  const cases: Array<[string, Partial<TeamTrekAppOptions>]> = [
    ['lambda, with the cache', { cache: true }],
    ['fargate, environment-agnostic (cdk ls without credentials)', { env: undefined as never }],
    ['both, provisioned', { apiReservedConcurrency: 20, apiProvisionedConcurrency: 2 }]
  ]
  for (const [name, options] of cases) {
    const { app } = buildTeamTrekApp({
      compute: name.split(',')[0] as Compute,
      imageDirectory,
      outdir: join(outdir, `nag-${synths++}`),
      ...(options.env === undefined && 'env' in options ? {} : { env: { account: '123456789012', region: 'eu-west-2' } }),
      ...Object.fromEntries(Object.entries(options).filter(([key]) => key !== 'env'))
    })
    const assembly = app.synth()
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'))
    t.equal(report.title, 'Validation Report', `${name}: the validation ran`)
    t.same(report.pluginReports.map((r: { pluginName: string, conclusion: string }) => [r.pluginName, r.conclusion]), [['AwsSolutions', 'success']], `${name}: AwsSolutions passed`)
    const [pack] = report.pluginReports
    t.same(pack.violations, [], `${name}: no open findings`)
    // Everything acknowledged carries its reason into the report.
    const acknowledged = pack.suppressedViolations as Array<{ ruleName: string, reason: string }>
    t.ok(acknowledged.length > 5, `${name}: ${acknowledged.length} acknowledged findings`)
    t.same(acknowledged.filter(v => !(v.reason?.split(' ').length >= 8)).map(v => v.ruleName), [], `${name}: each with a reason`)
  }
})

t.test('cdk-nag fails synthesis on a finding nobody acknowledged', async t => {
  const { app, stateful } = buildTeamTrekApp({ compute: 'lambda', imageDirectory, outdir: join(outdir, `nag-${synths++}`) })
  // A bucket without TLS enforcement or access logs.
  const careless = new s3.Bucket(stateful, 'CarelessBucket')
  t.ok(careless.bucketArn, 'the bucket is in the stack')
  t.throws(() => app.synth(), /Validation failed/)
  const report = readFileSync(join(outdir, `nag-${synths - 1}`, 'validation-report.json'), 'utf8')
  t.match(report, /AwsSolutions-S1/)
  t.match(report, /AwsSolutions-S10/)
  t.match(report, /CarelessBucket/)
  t.notMatch(report, /UploadsBucket/, 'the acknowledged findings stay quiet')
})

t.test('an acknowledgement needs a real reason', async t => {
  const { stateful } = buildTeamTrekApp({ compute: 'lambda', imageDirectory, outdir: join(outdir, `nag-${synths++}`) })
  t.throws(() => acknowledge(stateful, 'S1', 'not needed'), /needs a real reason/)
})

// ---- fitness-tracker secrets ----
const trackerKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString()
const withTrackers = synth('both', {
  integrations: { googleClientId: 'teamtrek.apps.googleusercontent.com', googleWebhookPublicKey: trackerKey, stravaClientId: '4242', stravaSubscriptionId: 120475 },
  publicUrl: 'https://api.teamtrek.example'
})
const TRACKER_SECRETS = ['INTEGRATIONS_TOKEN_KEYS_ARN', 'GOOGLE_CLIENT_SECRET_ARN', 'GOOGLE_WEBHOOK_TOKEN_ARN', 'STRAVA_CLIENT_SECRET_ARN', 'STRAVA_WEBHOOK_VERIFY_TOKEN_ARN']

/** What a role may GetSecretValue on, as the template writes each resource. */
function readableSecrets (template: Template, roleArn: unknown): string[] {
  const roleId = (roleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter(policy => policy.Properties.Roles.some((role: { Ref?: string }) => role.Ref === roleId))
    .flatMap(policy => policy.Properties.PolicyDocument.Statement)
    .filter((statement: { Action: string | string[] }) => [statement.Action].flat().includes('secretsmanager:GetSecretValue'))
    .flatMap((statement: { Resource: unknown }) => [statement.Resource].flat().map(resource => JSON.stringify(resource)))
}

/** Every runtime that gets the common settings: [name, environment, role]. */
function runtimes (api: Template): Array<[string, Record<string, unknown>, unknown]> {
  const functions = [...functionsByCommand(api)].filter(([command]) => command !== MIGRATE_HANDLER)
    .map(([command, [, fn]]): [string, Record<string, unknown>, unknown] => [`function ${command}`, fn.Properties.Environment.Variables, fn.Properties.Role])
  const tasks = [...taskDefinitionsByCommand(api)]
    .map(([command, [, task]]): [string, Record<string, unknown>, unknown] => [`task ${command}`, environmentOf(task), task.Properties.TaskRoleArn])
  return [...functions, ...tasks]
}

t.test('provider secrets: generated where they are ours, placeholders where the provider issues them, all retained', async t => {
  const stateful = withTrackers.stateful
  stateful.hasResourceProperties('AWS::SecretsManager::Secret', {
    Description: Match.stringLikeRegexp('INTEGRATIONS_TOKEN_KEYS'),
    GenerateSecretString: { SecretStringTemplate: '{"keyId":"k1"}', GenerateStringKey: 'key', PasswordLength: 43, ExcludePunctuation: true, IncludeSpace: false }
  })
  for (const setting of ['GOOGLE_WEBHOOK_TOKEN', 'STRAVA_WEBHOOK_VERIFY_TOKEN']) {
    stateful.hasResourceProperties('AWS::SecretsManager::Secret', { Description: Match.stringLikeRegexp(setting), GenerateSecretString: Match.objectLike({ ExcludePunctuation: true }) })
  }
  for (const setting of ['GOOGLE_CLIENT_SECRET', 'STRAVA_CLIENT_SECRET']) {
    stateful.hasResourceProperties('AWS::SecretsManager::Secret', { Description: Match.stringLikeRegexp(`${setting}: replace this placeholder`) })
  }
  const trackerSecrets = Object.values(stateful.findResources('AWS::SecretsManager::Secret'))
    .filter(secret => /INTEGRATIONS_TOKEN_KEYS|GOOGLE_|STRAVA_/.test(secret.Properties.Description ?? ''))
  t.equal(trackerSecrets.length, 5)
  t.ok(trackerSecrets.every(secret => secret.DeletionPolicy === 'Retain'), 'retained: stored tokens are unreadable without the key')
  // Where the operator puts what the providers issued.
  for (const provider of ['Google OAuth', 'Strava']) stateful.hasOutput('*', { Description: `Put the ${provider} client secret here` })
  // Without providers configured, only the token key exists.
  t.equal(Object.values(lambdaMode.stateful.findResources('AWS::SecretsManager::Secret'))
    .filter(secret => /INTEGRATIONS_TOKEN_KEYS|GOOGLE_|STRAVA_/.test(secret.Properties.Description ?? '')).length, 1)
})

t.test('every function and task gets the provider settings, and may read exactly the secrets they name', async t => {
  const all = runtimes(withTrackers.api)
  t.equal(all.length, 6, 'API, jobs, schedules and WebSocket functions; API and worker tasks')
  for (const [name, environment, role] of all) {
    t.match(environment, {
      GOOGLE_CLIENT_ID: 'teamtrek.apps.googleusercontent.com',
      GOOGLE_WEBHOOK_PUBLIC_KEY: trackerKey,
      STRAVA_CLIENT_ID: '4242',
      STRAVA_SUBSCRIPTION_ID: '120475',
      PUBLIC_URL: 'https://api.teamtrek.example'
    }, `${name}: provider settings`)
    t.notOk(Object.keys(environment).some(key => /^(GOOGLE_CLIENT_SECRET|STRAVA_CLIENT_SECRET|INTEGRATIONS_TOKEN_KEYS|GOOGLE_WEBHOOK_TOKEN|STRAVA_WEBHOOK_VERIFY_TOKEN)$/.test(key)), `${name}: no secret value in the environment`)
    const readable = readableSecrets(withTrackers.api, role)
    for (const setting of TRACKER_SECRETS) {
      t.ok(environment[setting], `${name}: ${setting}`)
      t.ok(readable.includes(JSON.stringify(environment[setting])), `${name}: may read the secret behind ${setting}`)
    }
  }
  // The migration needs the database and nothing else.
  const [, migrate] = functionsByCommand(withTrackers.api).get(MIGRATE_HANDLER) ?? []
  t.notOk(TRACKER_SECRETS.some(setting => setting in (migrate?.Properties.Environment.Variables ?? {})), 'the migration gets no provider secret')
  t.equal(readableSecrets(withTrackers.api, migrate?.Properties.Role).length, 1, 'the migration reads the database secret only')
  // The values are ones the service accepts.
  const plain = Object.fromEntries(Object.entries(all[0]![1]).filter(([key, value]) => typeof value === 'string' && /^(GOOGLE|STRAVA|PUBLIC_URL)/.test(key))) as Record<string, string>
  const config = loadConfig(plain)
  t.equal(config.STRAVA_SUBSCRIPTION_ID, 120475)
  t.doesNotThrow(() => webhookPublicKey(config.GOOGLE_WEBHOOK_PUBLIC_KEY!), 'the signing key parses')
})

t.test('without providers, the token key still reaches every runtime (connecting says "not configured", nothing fails at start)', async t => {
  for (const [name, environment, role] of runtimes(bothMode.api)) {
    t.ok(environment.INTEGRATIONS_TOKEN_KEYS_ARN, `${name}: INTEGRATIONS_TOKEN_KEYS_ARN`)
    t.ok(readableSecrets(bothMode.api, role).includes(JSON.stringify(environment.INTEGRATIONS_TOKEN_KEYS_ARN)), `${name}: may read it`)
    t.notOk('GOOGLE_CLIENT_ID' in environment || 'GOOGLE_CLIENT_SECRET_ARN' in environment, `${name}: no Google settings`)
  }
})
