import t from 'tap'
import { testEnvironment } from '../helpers/build.ts'
import { createDatabase } from '../../src/db/database.ts'
import { scheduledEvent, sqsRecord } from '../helpers/lambda-events.ts'

// The worker module reads its settings from the environment at import, as
// it does on Lambda, so set them first.
const environment = await testEnvironment(t)
Object.assign(process.env, environment.env, { DYNAMODB_CREATE_TABLES: 'true' })
const { handler, scheduled } = await import('../../src/app/lambda-worker.ts')
const db = createDatabase({ url: environment.databaseUrl, poolMax: 2 })
t.teardown(() => db.destroy())

t.test('the SQS handler reports only the poison record of a batch as failed', async (t) => {
  await db.insertInto('idempotency_keys').values({
    user_id: (await db.insertInto('users').values({
      email: 'lambda-worker@example.com', password_hash: 'x', display_name: 'L', units: 'metric', timezone: 'UTC', stride_length_m: 0.8
    }).returning('id').executeTakeFirstOrThrow()).id,
    key: 'expired',
    request_hash: 'x',
    status: 'done',
    expires_at: new Date(Date.now() - 1000)
  }).execute()
  const response = await handler({
    Records: [
      sqsRecord('good', JSON.stringify({ name: 'cleanup', payload: {} })),
      sqsRecord('poison', 'not json at all'),
      sqsRecord('also-good', JSON.stringify({ name: 'rebuild-leaderboards', payload: {} }))
    ]
  })
  t.same(response, { batchItemFailures: [{ itemIdentifier: 'poison' }] })
  t.equal((await db.selectFrom('idempotency_keys').select('key').execute()).length, 0, 'the good job ran')
})

t.test('the scheduled handler runs the job its rule is named after', async (t) => {
  t.match(await scheduled(scheduledEvent('TeamTrekApi-relay-outbox')), { published: Number })
  t.match(await scheduled(scheduledEvent('TeamTrekApi-cleanup')), { idempotencyKeys: 0 })
  await t.rejects(scheduled(scheduledEvent('TeamTrekApi-unknown')), /no scheduled job for rule "TeamTrekApi-unknown"/)
})
