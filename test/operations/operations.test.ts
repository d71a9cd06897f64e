import t from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'

const environment = await testEnvironment(t)
const app = await build(t, environment, { CORS_ORIGINS: 'https://app.teamtrek.example' })

t.test('GET /health and GET /ready', async (t) => {
  const health = await app.inject({ method: 'GET', url: '/health' })
  t.equal(health.statusCode, 200)
  t.equal(health.json().data.status, 'ok')
  const ready = await app.inject({ method: 'GET', url: '/ready' })
  t.equal(ready.statusCode, 200)
  t.same(ready.json().data.checks, { database: 'up', dynamodb: 'up' })
})

t.test('GET /ready answers 503 naming the dependency that is down', async (t) => {
  const broken = await build(t, environment, { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' })
  const res = await broken.inject({ method: 'GET', url: '/ready' })
  t.equal(res.statusCode, 503)
  t.equal(res.json().error.code, 'SERVICE_UNAVAILABLE')
  t.same(res.json().error.details.checks, { database: 'down', dynamodb: 'up' })
  t.equal((await broken.inject({ method: 'GET', url: '/health' })).statusCode, 200, 'liveness does not depend on the database')
})

t.test('x-request-id is accepted, or generated, and returned', async (t) => {
  const given = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'trace-abc.123' } })
  t.equal(given.headers['x-request-id'], 'trace-abc.123')
  const generated = await app.inject({ method: 'GET', url: '/health' })
  t.match(generated.headers['x-request-id'], /^[0-9a-f-]{36}$/)
  const hostile = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'bad id\nwith newline'.replace('\n', ' ') } })
  t.match(hostile.headers['x-request-id'], /^[0-9a-f-]{36}$/, 'an unsafe id is replaced')
  const onError = await app.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'lost-1' } })
  t.equal(onError.headers['x-request-id'], 'lost-1', 'errors carry it too')
})

t.test('security headers and the CORS allow-list', async (t) => {
  const res = await app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://app.teamtrek.example' } })
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  t.ok(res.headers['strict-transport-security'])
  t.ok(res.headers['content-security-policy'])
  t.equal(res.headers['access-control-allow-origin'], 'https://app.teamtrek.example')
  const stranger = await app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://evil.example' } })
  t.equal(stranger.headers['access-control-allow-origin'], undefined)
})

t.test('/docs serves Swagger UI and /openapi.json the document', async (t) => {
  const docs = await app.inject({ method: 'GET', url: '/docs/' })
  t.equal(docs.statusCode, 200)
  t.match(docs.body, /swagger-ui/i)
  const doc = await app.inject({ method: 'GET', url: '/openapi.json' })
  t.equal(doc.statusCode, 200)
  t.equal(doc.json().openapi, '3.1.0')
  t.ok(doc.json().paths['/auth/login'])
})

t.test('logs carry the request id and never secrets', async (t) => {
  const lines: string[] = []
  const { Writable } = await import('node:stream')
  const stream = new Writable({ write (chunk, _enc, done) { lines.push(String(chunk)); done() } })
  const { loadConfig } = await import('../../src/lib/config.ts')
  const { buildApp, loggerOptions } = await import('../../src/app/app.ts')
  const config = loadConfig({ ...environment.env, LOG_LEVEL: 'debug' })
  const options = loggerOptions(config) as Record<string, unknown>
  const logged = await buildApp({ ...config, DATABASE_URL: environment.databaseUrl }, { logger: { ...options, transport: undefined, stream } as never })
  t.teardown(() => logged.close())
  await logged.inject({
    method: 'POST',
    url: '/auth/login',
    headers: { authorization: 'Bearer secret-token-value', 'x-request-id': 'log-check-1' },
    payload: { email: 'nobody@example.com', password: 'hunter2-secret-password' }
  })
  const all = lines.join('')
  t.match(all, /"requestId":"log-check-1"/)
  t.notMatch(all, /hunter2-secret-password/)
  t.notMatch(all, /secret-token-value/)
})
