import t from 'tap'
import { testEnvironment } from '../helpers/build.ts'
import { uniqueEmail, STRONG_PASSWORD } from '../helpers/api.ts'
import { httpApiEvent, lambdaContext, restApiEvent } from '../helpers/api-gateway.ts'

// The handler module reads its settings from the environment at import, as
// it does on Lambda, so set them first.
const environment = await testEnvironment(t)
Object.assign(process.env, environment.env, { DYNAMODB_CREATE_TABLES: 'true' })
const { handler } = await import('../../src/app/lambda.ts')

const context = lambdaContext()

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

t.test("API Gateway's request id is the request's id", async (t) => {
  const v2 = await invoke(httpApiEvent('GET', '/health', { requestId: '81l40CAqFVoTRAo=' }))
  t.equal(v2.statusCode, 200)
  t.equal(v2.headers?.['x-request-id'], '81l40CAqFVoTRAo=', 'HTTP API (v2) id, base64 with its padding, is kept')

  const v1 = await invoke(restApiEvent('GET', '/nowhere', { requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' }))
  t.equal(v1.statusCode, 404)
  t.equal(v1.headers?.['x-request-id'], 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', 'REST API (v1) id, on an error too')

  const forged = await invoke(restApiEvent('GET', '/health', { requestId: 'a1b2c3d4-0000-4000-8000-000000000001', headers: { 'X-Request-Id': 'client-chosen' } }))
  t.equal(forged.headers?.['x-request-id'], 'a1b2c3d4-0000-4000-8000-000000000001', "a client's x-request-id does not replace API Gateway's")
  const forgedV2 = await invoke(httpApiEvent('GET', '/health', { requestId: 'BQGojGEnLPEFf2A=', headers: { 'x-request-id': 'client-chosen' } }))
  t.equal(forgedV2.headers?.['x-request-id'], 'BQGojGEnLPEFf2A=')
})
