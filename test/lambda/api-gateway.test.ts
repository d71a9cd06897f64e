import t from 'tap'
import { randomUUID } from 'node:crypto'
import { testEnvironment } from '../helpers/build.ts'
import { uniqueEmail, STRONG_PASSWORD } from '../helpers/api.ts'

// The handler module reads its settings from the environment at import, as
// it does on Lambda, so set them first.
const environment = await testEnvironment(t)
Object.assign(process.env, environment.env, { DYNAMODB_CREATE_TABLES: 'true' })
const { handler } = await import('../../src/app/lambda.ts')

const context = {
  awsRequestId: randomUUID(),
  functionName: 'teamtrek-api',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000
} as never

/** An HTTP API (payload format 2.0) event, as API Gateway sends it. */
function httpApiEvent (method: string, path: string, options: { body?: unknown, headers?: Record<string, string>, query?: string } = {}) {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body)
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers: {
      host: 'abc123.execute-api.eu-west-2.amazonaws.com',
      'user-agent': 'TeamTrek/1.0 (iPhone)',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
      ...(body !== undefined && { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
      ...options.headers
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-2.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'TeamTrek/1.0 (iPhone)' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '21/Nov/2026:10:00:00 +0000',
      timeEpoch: Date.now()
    },
    ...(body !== undefined && { body }),
    isBase64Encoded: false
  }
}

/** A REST API (payload format 1.0) proxy event. */
function restApiEvent (method: string, path: string, options: { body?: unknown, headers?: Record<string, string> } = {}) {
  const body = options.body === undefined ? null : JSON.stringify(options.body)
  const headers = {
    Host: 'xyz789.execute-api.eu-west-2.amazonaws.com',
    'User-Agent': 'TeamTrek/1.0 (Android)',
    'X-Forwarded-For': '198.51.100.4',
    'X-Forwarded-Proto': 'https',
    ...(body !== null && { 'Content-Type': 'application/json' }),
    ...options.headers
  }
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: path.slice(1) },
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'xyz789',
      httpMethod: method,
      identity: { sourceIp: '198.51.100.4', userAgent: 'TeamTrek/1.0 (Android)' },
      path: `/prod${path}`,
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourcePath: '/{proxy+}',
      stage: 'prod'
    },
    body,
    isBase64Encoded: false
  }
}

async function invoke (event: unknown) {
  const response = await handler(event as never, context)
  const text = response.isBase64Encoded ? Buffer.from(response.body, 'base64').toString() : response.body
  return { ...response, json: () => JSON.parse(text) }
}

t.test('the auth journey through HTTP API (v2) and REST API (v1) events', async (t) => {
  const email = uniqueEmail('lambda')
  const registered = await invoke(httpApiEvent('POST', '/auth/register', { body: { email, password: STRONG_PASSWORD, displayName: 'Lambda Walker' } }))
  t.equal(registered.statusCode, 201)
  const { accessToken, refreshToken } = registered.json().data
  t.ok(registered.headers?.['x-request-id'], 'request id header is returned')

  const meV2 = await invoke(httpApiEvent('GET', '/users/me', { headers: { authorization: `Bearer ${accessToken}` } }))
  t.equal(meV2.statusCode, 200)
  t.equal(meV2.json().data.email, email)

  const meV1 = await invoke(restApiEvent('GET', '/users/me', { headers: { Authorization: `Bearer ${accessToken}` } }))
  t.equal(meV1.statusCode, 200, 'REST API v1 event')
  t.equal(meV1.json().data.email, email)

  const refreshed = await invoke(restApiEvent('POST', '/auth/refresh', { body: { refreshToken } }))
  t.equal(refreshed.statusCode, 200)
  const reused = await invoke(httpApiEvent('POST', '/auth/refresh', { body: { refreshToken } }))
  t.equal(reused.statusCode, 401)
  t.equal(reused.json().error.code, 'REFRESH_TOKEN_REUSED')

  const after = await invoke(httpApiEvent('GET', '/users/me', { headers: { authorization: `Bearer ${refreshed.json().data.accessToken}` } }))
  t.equal(after.statusCode, 401, 'the family is revoked')

  const logout = await invoke(httpApiEvent('POST', '/auth/logout', { body: { refreshToken: refreshed.json().data.refreshToken } }))
  t.equal(logout.statusCode, 204)
})

t.test('errors keep the envelope through Lambda', async (t) => {
  const bad = await invoke(httpApiEvent('POST', '/auth/login', { body: { email: 42 } }))
  t.equal(bad.statusCode, 400)
  t.equal(bad.json().error.code, 'VALIDATION_ERROR')
  const missing = await invoke(restApiEvent('GET', '/nowhere'))
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().error.code, 'NOT_FOUND')
  const ready = await invoke(httpApiEvent('GET', '/ready'))
  t.equal(ready.statusCode, 200)
})
