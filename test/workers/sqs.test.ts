import t from 'tap'
import type { SQSEvent, SQSRecord } from 'aws-lambda'
import { GetQueueAttributesCommand, ListQueuesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs'
import { build, testEnvironment } from '../helpers/build.ts'
import { register } from '../helpers/api.ts'
import { createTeam } from '../helpers/teams.ts'
import { dayFromToday, eventually } from '../helpers/progress.ts'
import { createSqsHandler } from '../../src/workers/sqs-handler.ts'
import { startConsumers } from '../../src/app/start-consumers.ts'
import { loadConfig } from '../../src/lib/config.ts'
import type { JobMessage } from '../../src/lib/jobs.ts'

function record (id: string, body: unknown): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `handle-${id}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-2:123456789012:teamtrek-jobs',
    awsRegion: 'eu-west-2'
  }
}

t.test('SQS batch handler', async (t) => {
  const environment = await testEnvironment(t)
  const app = await build(t, environment)
  const owner = await register(app)
  const teamA = await createTeam(app, owner, { startDate: dayFromToday(-1), endDate: dayFromToday(9), timezone: 'UTC' })
  const teamB = await createTeam(app, owner, { startDate: dayFromToday(-1), endDate: dayFromToday(9), timezone: 'UTC' })

  t.test('one poison record: only it is reported failed, the rest run', async (t) => {
    const deps = app.jobDeps
    const handler = createSqsHandler(deps)
    await app.db.deleteFrom('team_progress').execute()
    const aggregate = (teamId: string) => ({ name: 'aggregate-progress', payload: { teamId }, coalesceKey: `aggregate-progress:${teamId}` })
    const event: SQSEvent = {
      Records: [
        record('a1', aggregate(teamA.id)),
        record('bad-json', '{"name": "aggregate-progress", '),
        record('a2', aggregate(teamA.id)),
        record('b1', aggregate(teamB.id)),
        record('unknown', { name: 'no-such-job', payload: {} }),
        record('invalid', { name: 'aggregate-progress', payload: { teamId: 42 } })
      ]
    }
    const response = await handler(event)
    t.same(response.batchItemFailures.map(f => f.itemIdentifier).sort(), ['bad-json', 'invalid', 'unknown'])
    const stored = await app.db.selectFrom('team_progress').select('team_id').execute()
    t.same(stored.map(r => r.team_id).sort(), [teamA.id, teamB.id].sort(), 'both teams aggregated')
  })

  t.test('a failing job reports every record it stood for, and asks for a later retry', async (t) => {
    const delayed: Array<[string, number]> = []
    const failing = { ...app.jobDeps, db: { transaction: () => { throw new Error('database down') } } as never }
    const handler = createSqsHandler(failing, { delayRetry: async (r, attempt) => { delayed.push([r.messageId, attempt]) } })
    const body = { name: 'aggregate-progress', payload: { teamId: teamA.id }, coalesceKey: `aggregate-progress:${teamA.id}` }
    const response = await handler({ Records: [record('x1', body), record('x2', body)] })
    t.same(response.batchItemFailures.map(f => f.itemIdentifier), ['x1', 'x2'])
    t.same(delayed, [['x1', 1], ['x2', 1]])
  })
})

t.test('embedded poller: a poison message ends in the dead-letter queue, the rest flow', async (t) => {
  const environment = await testEnvironment(t)
  // Two receives, then the redrive policy moves it.
  const env = { ...environment.env, JOB_ATTEMPTS: '2' }
  const app = await build(t, environment, { JOB_ATTEMPTS: '2' })
  const consumers = await startConsumers(app, { ...loadConfig(env), DATABASE_URL: environment.databaseUrl }, { schedules: false })
  t.teardown(() => consumers.stop())

  await app.jobQueue.enqueue([{ name: 'no-such-job', payload: {} } as unknown as JobMessage])
  const owner = await register(app)
  const team = await createTeam(app, owner, { startDate: dayFromToday(-1), endDate: dayFromToday(9), timezone: 'UTC' })
  await eventually(() => app.db.selectFrom('team_progress').select('team_id').where('team_id', '=', team.id).executeTakeFirst(),
    row => row !== undefined, 10_000, 'good job processed despite the poison one')

  const urls = (await (await app.aws.sqs()).client.send(new ListQueuesCommand({}))).QueueUrls ?? []
  const dlq = urls.find(u => u.endsWith('-dlq'))!
  await eventually(async () => {
    const attributes = await (await app.aws.sqs()).client.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['ApproximateNumberOfMessages'] }))
    return Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0)
  }, n => n === 1, 20_000, 'poison message in the DLQ')
  const dead = await (await app.aws.sqs()).client.send(new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10 }))
  t.match(JSON.parse(dead.Messages![0]!.Body!), { name: 'no-such-job' })
})
