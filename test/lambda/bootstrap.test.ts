import t from 'tap'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { testEnvironment } from '../helpers/build.ts'
import { httpApiEvent, restApiEvent } from '../helpers/api-gateway.ts'
import { bundleForTest, invokeHttp, startLambda } from '../helpers/lambda-process.ts'
import { API_SCRIPT } from '../../scripts/bundle.ts'
import { uniqueEmail, STRONG_PASSWORD } from '../helpers/api.ts'
import { createDatabase } from '../../src/db/database.ts'
import { createAwsClients } from '../../src/lib/aws/clients.ts'
import { ensureTables } from '../../src/lib/aws/tables.ts'
import { loadConfig } from '../../src/lib/config.ts'
import { ROOT } from '../helpers/processes.ts'
import { dockerCopies, dockerIgnores } from '../helpers/dockerfile.ts'
import { scheduledEvent, sqsRecord } from '../helpers/lambda-events.ts'

// The image's CMDs name handlers in the bundle (dist/bundle/…); here each is
// started the way the Lambda base image's bootstrap starts it: the runtime
// interface client loads _HANDLER from LAMBDA_TASK_ROOT and polls the
// Runtime API, which is a local one.

const environment = await testEnvironment(t)
const bundled = await bundleForTest(t, 'bootstrap', { compileCache: true })
const settings = { ...environment.env, DYNAMODB_CREATE_TABLES: 'true' }
const db = createDatabase({ url: environment.databaseUrl, poolMax: 2 })
t.teardown(() => db.destroy())

t.test("the image's CMD names the bundled API handler started below", async (t) => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')
  const cmd = /^CMD \["([^"]+)"\]/m.exec(dockerfile)?.[1]
  t.equal(cmd, 'dist/bundle/lambda-api.handler')
  t.match(dockerfile, /RUN npm run build && npm run bundle/, 'the image builds the bundle')
  const runtimeStage = dockerfile.slice(dockerfile.indexOf('AS runtime'))
  t.match(runtimeStage, /WORKDIR \$\{LAMBDA_TASK_ROOT\}[\s\S]*RUN node dist\/scripts\/compile-cache\.js/, 'and writes its code cache where the function runs it')
})

/** The handler's `lambda init` log line (loadMs, buildMs, codeCache). */
function initLine (output: string): { loadMs: number, buildMs: number, codeCache?: string } | undefined {
  const line = output.split('\n').find(l => l.includes('"lambda init"'))
  return line === undefined ? undefined : JSON.parse(line)
}

t.test('the bundled API runs from the code cache the image build wrote beside it, written after a first request', async (t) => {
  const script = path.join(ROOT, bundled.relativeDir, API_SCRIPT)
  t.ok(statSync(`${script}.cache`).size > 1_000_000, 'the cache holds the compiled code of the start and of a first request, not stubs')
  t.equal(statSync(`${script}.cache`).mode & 0o777, 0o644, 'readable by the user the function runs as')
  const tmp = await mkdtemp(path.join(tmpdir(), 'teamtrek-bootstrap-'))
  t.teardown(() => rm(tmp, { recursive: true, force: true }))
  const lambda = await startLambda(t, `${bundled.relativeDir}/lambda-api.handler`, { ...settings, LOG_LEVEL: 'info', TMPDIR: tmp }, 'lambda-cached')
  t.equal((await invokeHttp(lambda, httpApiEvent('GET', '/health'))).statusCode, 200)
  t.match(initLine(lambda.process.output()), { codeCache: 'accepted' }, 'V8 takes the cache')
  t.notMatch(lambda.process.output(), /refused the code cache/)
})

t.test('a cache that does not match the script is refused, and the API still starts, compiled from source', async (t) => {
  const copy = await bundleForTest(t, 'bootstrap-stale')
  const script = path.join(ROOT, copy.relativeDir, API_SCRIPT)
  // A cache cut short: V8 checks its length and checksum and refuses it.
  await writeFile(`${script}.cache`, readFileSync(`${path.join(ROOT, bundled.relativeDir, API_SCRIPT)}.cache`).subarray(0, 4096))
  const lambda = await startLambda(t, `${copy.relativeDir}/lambda-api.handler`, { ...settings, LOG_LEVEL: 'info' }, 'lambda-stale-cache')
  t.equal((await invokeHttp(lambda, httpApiEvent('GET', '/health'))).statusCode, 200)
  t.match(initLine(lambda.process.output()), { codeCache: 'rejected' })
  t.match(lambda.process.output(), /refused the code cache/, 'and says so')
})

t.test('the first request that reads DynamoDB loads its SDK then, from the same script', async (t) => {
  // The table exists; the function is told not to make tables, which would load the SDK at init.
  const config = loadConfig(settings)
  const clients = createAwsClients({ region: config.AWS_REGION, dynamodbEndpoint: config.DYNAMODB_ENDPOINT })
  await ensureTables(await clients.dynamodb(), config.SESSIONS_TABLE)
  clients.destroy()
  const lambda = await startLambda(t, `${bundled.relativeDir}/lambda-api.handler`, { ...settings, DYNAMODB_CREATE_TABLES: 'false', LOG_LEVEL: 'warn' }, 'lambda-lazy-sdk')
  t.equal((await invokeHttp(lambda, httpApiEvent('GET', '/health'))).statusCode, 200)
  t.equal((await invokeHttp(lambda, httpApiEvent('GET', '/ready'))).statusCode, 200, 'GET /ready reads the sessions table')
})

t.test('everything the image COPYs from the build context exists and is not left out of it by .dockerignore', async (t) => {
  const copies = dockerCopies()
  const fromContext = copies.filter(c => c.from === undefined).flatMap(c => c.sources)
  t.ok(fromContext.length >= 8, `${fromContext.length} sources`)
  for (const source of fromContext) {
    t.ok(existsSync(path.join(ROOT, source)), `${source} exists`)
    t.notOk(dockerIgnores(source), `${source} reaches the builder`)
  }
  // The checker itself: what must stay out does.
  for (const local of ['node_modules/argon2/package.json', '.env', 'openapi/openapi.json', 'test/sdk/journey.test.ts', 'dist/bundle/lambda-api.mjs']) {
    t.ok(dockerIgnores(local), `${local} stays out`)
  }
})

t.test('the image carries the AsyncAPI document for the bundle and for the compiled server', async (t) => {
  const copies = dockerCopies()
  const asyncApi = (stage: string) => copies.find(c => c.stage === stage && c.from === undefined && c.sources.includes('openapi/asyncapi.yaml'))
  // npm run bundle (in the build stage) embeds it: it must be there before that RUN.
  t.equal(asyncApi('build')?.destination, './openapi/', 'copied into the build stage (/build/openapi), where scripts/bundle.ts reads it')
  // dist/src/plugins/asyncapi-document.js reads ../../../openapi/asyncapi.yaml: /var/task/openapi.
  t.equal(asyncApi('runtime')?.destination, './openapi/', 'copied into /var/task/openapi in the runtime image')
  t.ok(copies.some(c => c.stage === 'runtime' && c.from === 'build' && c.sources.includes('/build/dist') && c.destination === './dist'), 'beside dist/')
  const runtimeStage = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').split(/^FROM .* AS runtime$/m)[1] ?? ''
  t.match(runtimeStage, /^WORKDIR \$\{LAMBDA_TASK_ROOT\}$/m, 'the runtime working directory is LAMBDA_TASK_ROOT (/var/task)')
})

t.test('the HTTP API handler: HTTP API (v2) and REST (v1) events, with API Gateway\'s request ids', async (t) => {
  const lambda = await startLambda(t, `${bundled.relativeDir}/lambda-api.handler`, { ...settings, LOG_LEVEL: 'info' }, 'lambda-api')

  const health = await invokeHttp(lambda, httpApiEvent('GET', '/health', { requestId: '81l40CAqFVoTRAo=' }))
  t.equal(health.statusCode, 200)
  t.equal(health.json().data.status, 'ok')
  t.equal(health.headers['x-request-id'], '81l40CAqFVoTRAo=')

  const email = uniqueEmail('bootstrap')
  const registered = await invokeHttp(lambda, httpApiEvent('POST', '/auth/register', {
    requestId: 'JKJaXmPLvHcESHA=',
    body: { email, password: STRONG_PASSWORD, displayName: 'Cold Start' }
  }))
  t.equal(registered.statusCode, 201, 'argon2, loaded at first use from node_modules, hashes the password')
  const me = await invokeHttp(lambda, restApiEvent('GET', '/users/me', {
    requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    headers: { Authorization: `Bearer ${registered.json().data.accessToken}` }
  }))
  t.equal(me.statusCode, 200)
  t.equal(me.json().data.email, email)
  t.equal(me.headers['x-request-id'], 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef')

  // Code loaded on first use comes from its own chunk of the bundle: a GPX
  // import needs the XML parser.
  const bearer = { authorization: `Bearer ${registered.json().data.accessToken}` }
  const team = await invokeHttp(lambda, httpApiEvent('POST', '/teams', { headers: bearer, body: { name: 'Cold route', startDate: '2027-01-01', endDate: '2027-06-30' } }))
  t.equal(team.statusCode, 201)
  const gpx = '<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>' +
    '<trkpt lat="50.066" lon="-5.715"/><trkpt lat="50.5" lon="-4.5"/><trkpt lat="51.0" lon="-3.5"/></trkseg></trk></gpx>'
  const imported = await invokeHttp(lambda, httpApiEvent('POST', `/teams/${team.json().data.id}/waypoints/import`, { headers: bearer, body: { format: 'gpx', content: gpx } }))
  t.equal(imported.statusCode, 200, 'the GPX parser, loaded at first use from its own chunk, reads the file')
  t.equal(imported.json().data.length, 3)

  const bad = await invokeHttp(lambda, httpApiEvent('POST', '/auth/login', { requestId: 'Ab+/Cd0eFgHiJkL=', body: { email: 42 } }))
  t.equal(bad.statusCode, 400)
  t.equal(bad.json().error.code, 'VALIDATION_ERROR')

  const docs = await invokeHttp(lambda, httpApiEvent('GET', '/docs/'))
  t.equal(docs.statusCode, 200, 'Swagger UI loads from the bundle on first use')
  t.match(docs.body, /swagger-ui/i)

  // The AsyncAPI document is embedded in the bundle: no openapi/ folder lies beside these bundles.
  const asyncApi = await invokeHttp(lambda, httpApiEvent('GET', '/asyncapi.yaml'))
  t.equal(asyncApi.statusCode, 200)
  t.equal(asyncApi.headers['content-type'], 'application/yaml; charset=utf-8')
  t.equal(asyncApi.body, readFileSync(path.join(ROOT, 'openapi', 'asyncapi.yaml'), 'utf8'), 'the committed document, from the bundle')

  const lines = lambda.process.output().split('\n').filter(line => line.startsWith('{')).map(line => JSON.parse(line) as Record<string, unknown>)
  for (const id of ['81l40CAqFVoTRAo=', 'JKJaXmPLvHcESHA=', 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', 'Ab+/Cd0eFgHiJkL=']) {
    t.ok(lines.some(line => line.requestId === id && line.msg === 'request completed'), `the log names request ${id}`)
  }
  t.ok(lines.some(line => line.msg === 'lambda init' && typeof line.loadMs === 'number' && typeof line.buildMs === 'number'),
    'the init phase logs how long loading and building took')
})

t.test('the SQS handler reports only the poison record as failed', async (t) => {
  const lambda = await startLambda(t, `${bundled.relativeDir}/lambda-worker.handler`, { ...settings, LOG_LEVEL: 'warn' }, 'lambda-worker')
  const user = await db.insertInto('users').values({
    email: uniqueEmail('bootstrap-sqs'), password_hash: 'x', display_name: 'S', units: 'metric', timezone: 'UTC', stride_length_m: 0.8
  }).returning('id').executeTakeFirstOrThrow()
  await db.insertInto('idempotency_keys').values({
    user_id: user.id, key: 'expired-bootstrap', request_hash: 'x', status: 'done', expires_at: new Date(Date.now() - 1000)
  }).execute()

  const result = await lambda.runtimeApi.invoke({
    Records: [
      sqsRecord('good', JSON.stringify({ name: 'cleanup', payload: {} })),
      sqsRecord('poison', 'not json at all'),
      sqsRecord('also-good', JSON.stringify({ name: 'rebuild-leaderboards', payload: {} }))
    ]
  })
  t.ok(result.ok, 'the batch is answered, not failed as a whole')
  if (result.ok) t.same(result.body, { batchItemFailures: [{ itemIdentifier: 'poison' }] })
  const left = await db.selectFrom('idempotency_keys').select('key').where('key', '=', 'expired-bootstrap').execute()
  t.equal(left.length, 0, 'the good cleanup job ran')
})

t.test('the scheduled handler runs the job its rule names, and reports an unknown rule as an error', async (t) => {
  const lambda = await startLambda(t, `${bundled.relativeDir}/lambda-worker.scheduled`, { ...settings, LOG_LEVEL: 'warn' }, 'lambda-scheduled')
  const relayed = await lambda.runtimeApi.invoke(scheduledEvent('TeamTrekApi-relay-outbox'))
  t.ok(relayed.ok)
  if (relayed.ok) t.match(relayed.body, { published: Number })
  const unknown = await lambda.runtimeApi.invoke(scheduledEvent('TeamTrekApi-unknown'))
  t.notOk(unknown.ok, 'posted to …/invocation/{id}/error')
  if (!unknown.ok) t.match(unknown.error.errorMessage, /no scheduled job for rule "TeamTrekApi-unknown"/)
  const cleaned = await lambda.runtimeApi.invoke(scheduledEvent('TeamTrekApi-cleanup'))
  t.ok(cleaned.ok, 'the environment keeps serving after a failed invocation')
})

t.test('a handler that cannot start reports to …/runtime/init/error', async (t) => {
  const noDatabase: Record<string, string> = { ...settings, LOG_LEVEL: 'warn' }
  delete noDatabase.DATABASE_URL
  const misconfigured = await startLambda(t, `${bundled.relativeDir}/lambda-api.handler`, noDatabase, 'lambda-misconfigured')
  const configError = await misconfigured.runtimeApi.initFailed as { errorType: string, errorMessage: string }
  t.match(configError.errorMessage, /DATABASE_URL is required on Lambda/)
  t.not((await misconfigured.process.exited).code, 0, 'and the runtime exits')

  const misnamed = await startLambda(t, `${bundled.relativeDir}/lambda-api.nothing`, { ...settings, LOG_LEVEL: 'warn' }, 'lambda-misnamed')
  const notFound = await misnamed.runtimeApi.initFailed as { errorType: string, errorMessage: string }
  t.match(notFound, { errorType: 'Runtime.HandlerNotFound' })
})

t.test('the WebSocket handler (the WebSocket API\'s CMD) starts from the bundle and answers its routes', async (t) => {
  const lambda = await startLambda(t, `${bundled.relativeDir}/lambda-websocket.handler`, {
    ...settings,
    LOG_LEVEL: 'warn',
    // Nothing is posted in this test: $connect and $disconnect answer in their result.
    WEBSOCKET_MANAGEMENT_ENDPOINT: 'http://127.0.0.1:9'
  }, 'lambda-websocket')
  const event = (routeKey: string, extra: Record<string, unknown> = {}) => ({
    requestContext: { routeKey, eventType: routeKey === '$connect' ? 'CONNECT' : 'DISCONNECT', connectionId: 'bootstrap-conn=', apiId: 'abc123', stage: 'live' },
    headers: { Host: 'abc123.execute-api.eu-west-2.amazonaws.com' },
    isBase64Encoded: false,
    ...extra
  })
  const anonymous = await lambda.runtimeApi.invoke(event('$connect'))
  t.ok(anonymous.ok)
  if (anonymous.ok) t.match(anonymous.body, { statusCode: 401 }, 'refused without a token')
  const forged = await lambda.runtimeApi.invoke(event('$connect', { queryStringParameters: { token: 'not-a-jwt' } }))
  t.ok(forged.ok)
  if (forged.ok) t.match(forged.body, { statusCode: 401, body: 'UNAUTHORIZED' })
  const gone = await lambda.runtimeApi.invoke(event('$disconnect'))
  t.ok(gone.ok)
  if (gone.ok) t.match(gone.body, { statusCode: 200 }, 'a disconnect is acknowledged')
})
