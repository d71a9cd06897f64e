import t from 'tap'
import { createAwsClients } from '../../src/lib/aws/clients.ts'
import { onFirstUse } from '../../src/lib/aws/on-first-use.ts'

t.test('a client is made once, on the first call, and shared by callers that asked at the same time', async (t) => {
  let made = 0
  const client = onFirstUse(async () => ({ n: ++made }), () => {})
  t.equal(made, 0, 'nothing is made before the first call')
  const [a, b] = await Promise.all([client(), client()])
  t.equal(made, 1)
  t.equal(a, b, 'concurrent callers get the same one')
  t.equal(await client(), a, 'and so do later ones')
})

t.test('a failed make is tried again by the next caller', async (t) => {
  let attempts = 0
  const client = onFirstUse(async () => {
    if (++attempts === 1) throw new Error('first load failed')
    return { attempts }
  }, () => {})
  await t.rejects(client(), /first load failed/)
  t.same(await client(), { attempts: 2 })
})

t.test('destroy disposes of what was made, also when it was still being made, and refuses later calls', async (t) => {
  const disposed: string[] = []
  const made = onFirstUse(async () => 'made', value => disposed.push(value))
  await made()
  made.destroy()
  t.same(disposed, ['made'])
  await t.rejects(made(), /destroyed/)

  let finish!: () => void
  const slow = onFirstUse(() => new Promise<string>(resolve => { finish = () => resolve('slow') }), value => disposed.push(value))
  const pending = slow()
  slow.destroy()
  finish()
  t.equal(await pending, 'slow', 'the caller that asked first still gets it')
  await new Promise(resolve => setImmediate(resolve))
  t.same(disposed, ['made', 'slow'], 'and it is disposed of once made')

  const never = onFirstUse(async () => 'never', value => disposed.push(value))
  never.destroy()
  t.same(disposed, ['made', 'slow'], 'nothing is made to be destroyed')
})

t.test('the AWS clients keep their settings: region, emulator endpoint and credentials, bounded attempts', async (t) => {
  const clients = createAwsClients({ region: 'eu-west-2', dynamodbEndpoint: 'http://127.0.0.1:1', sqsEndpoint: 'http://127.0.0.1:2', requestTimeoutMs: 1500 })
  t.teardown(() => clients.destroy())
  const dynamodb = await clients.dynamodb()
  t.equal(await clients.dynamodb(), dynamodb, 'one DynamoDB client')
  t.equal(await dynamodb.client.config.region(), 'eu-west-2')
  t.match(await dynamodb.client.config.endpoint?.(), { hostname: '127.0.0.1', port: 1 })
  t.match(await dynamodb.client.config.credentials(), { accessKeyId: 'teamtreklocal' })
  t.equal(await dynamodb.client.config.maxAttempts(), 2)
  t.equal(dynamodb.documents.config, dynamodb.client.config, 'the document client wraps that client')
  const sqs = await clients.sqs()
  t.match(await sqs.client.config.endpoint?.(), { hostname: '127.0.0.1', port: 2 })
  t.equal(await sqs.client.config.maxAttempts(), 2)
  const s3 = await clients.s3()
  t.equal(await s3.config.forcePathStyle, false, 'no S3 emulator: virtual-host buckets')
})

t.test('a request to an unreachable endpoint fails as before: the SDK error, after the bounded attempts', async (t) => {
  const clients = createAwsClients({ region: 'eu-west-2', dynamodbEndpoint: 'http://127.0.0.1:1', requestTimeoutMs: 500 })
  t.teardown(() => clients.destroy())
  const { client, sdk } = await clients.dynamodb()
  const error = await client.send(new sdk.DescribeTableCommand({ TableName: 'absent' })).then(() => undefined, (err: unknown) => err as { code?: string, $metadata?: { attempts?: number } })
  t.match(error, { code: 'ECONNREFUSED' })
  t.equal(error?.$metadata?.attempts, 2, 'retried once')
})

t.test('after destroy no client is handed out', async (t) => {
  const clients = createAwsClients({ region: 'eu-west-2', dynamodbEndpoint: 'http://127.0.0.1:1' })
  await clients.dynamodb()
  clients.destroy()
  await t.rejects(clients.dynamodb(), /destroyed/)
  await t.rejects(clients.sqs(), /destroyed/)
})
