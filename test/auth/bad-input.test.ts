import t, { type Test } from 'tap'
import fc from 'fast-check'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register, uniqueEmail, STRONG_PASSWORD } from '../helpers/api.ts'

const environment = await testEnvironment(t)
const app = await build(t, environment, { BODY_LIMIT_BYTES: '65536' })
const account = await register(app)

function assertEnvelopeError (t: Test, res: { statusCode: number, json: () => any }, status: number, code: string) {
  t.equal(res.statusCode, status, `status ${status}`)
  const body = res.json()
  t.equal(body.success, false)
  t.equal(body.error.code, code)
  t.type(body.error.message, 'string')
  t.type(body.meta.timestamp, 'string')
}

t.test('register rejects bad fields with VALIDATION_ERROR naming them', async (t) => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['missing email', { password: STRONG_PASSWORD, displayName: 'A' }, 'email'],
    ['invalid email', { email: 'not-an-email', password: STRONG_PASSWORD, displayName: 'A' }, 'email'],
    ['number as email', { email: 42, password: STRONG_PASSWORD, displayName: 'A' }, 'email'],
    ['blank display name', { email: uniqueEmail(), password: STRONG_PASSWORD, displayName: '   ' }, 'displayName'],
    ['invalid time zone', { email: uniqueEmail(), password: STRONG_PASSWORD, displayName: 'A', timezone: 'Mars/Olympus_Mons' }, 'timezone'],
    ['string stride length', { email: uniqueEmail(), password: STRONG_PASSWORD, displayName: 'A', strideLengthMeters: '0.8' }, 'strideLengthMeters'],
    ['NaN-ish stride length', { email: uniqueEmail(), password: STRONG_PASSWORD, displayName: 'A', strideLengthMeters: 'NaN' }, 'strideLengthMeters'],
    ['huge stride length', { email: uniqueEmail(), password: STRONG_PASSWORD, displayName: 'A', strideLengthMeters: 1e308 }, 'strideLengthMeters'],
    ['unknown units', { email: uniqueEmail(), password: STRONG_PASSWORD, displayName: 'A', units: 'furlongs' }, 'units'],
    ['mass assignment: id', { email: uniqueEmail(), password: STRONG_PASSWORD, displayName: 'A', id: '00000000-0000-0000-0000-000000000000' }, 'id'],
    ['mass assignment: role', { email: uniqueEmail(), password: STRONG_PASSWORD, displayName: 'A', role: 'admin' }, 'role']
  ]
  for (const [name, payload, field] of cases) {
    const res = await app.inject({ method: 'POST', url: '/auth/register', payload })
    assertEnvelopeError(t, res, 400, 'VALIDATION_ERROR')
    const fields = res.json().error.details.fields.map((f: { field: string }) => f.field)
    t.ok(fields.includes(field), `${name}: details name ${field} (got ${fields.join(', ')})`)
  }
})

t.test('password policy: length and common passwords, no composition rules', async (t) => {
  const attempt = (password: string) => app.inject({
    method: 'POST',
    url: '/auth/register',
    payload: { email: uniqueEmail(), password, displayName: 'P' }
  })
  assertEnvelopeError(t, await attempt('short'), 400, 'WEAK_PASSWORD')
  assertEnvelopeError(t, await attempt('x'.repeat(129)), 400, 'WEAK_PASSWORD')
  assertEnvelopeError(t, await attempt('password123'), 400, 'WEAK_PASSWORD')
  assertEnvelopeError(t, await attempt('Qwertyuiop'), 400, 'WEAK_PASSWORD')
  t.equal((await attempt('all lower case words')).statusCode, 201, 'no character-class rules')
  t.equal((await attempt('x'.repeat(128))).statusCode, 201, '128 characters allowed')
  t.equal((await attempt('🥾🥾🥾🥾🥾🥾🥾🥾')).statusCode, 201, 'any Unicode counts by character')
})

t.test('malformed requests get envelope errors, never a 500', async (t) => {
  const notJson = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' })
  assertEnvelopeError(t, notJson, 400, 'BAD_REQUEST')

  const wrongType = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'hello' })
  assertEnvelopeError(t, wrongType, 415, 'UNSUPPORTED_MEDIA_TYPE')

  const tooLarge = await app.inject({
    method: 'POST',
    url: '/auth/register',
    payload: { email: uniqueEmail(), password: STRONG_PASSWORD, displayName: 'x'.repeat(100_000) }
  })
  assertEnvelopeError(t, tooLarge, 413, 'PAYLOAD_TOO_LARGE')

  const tenMegabytes = await app.inject({
    method: 'POST',
    url: '/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: '{"email":"' + 'a'.repeat(10 * 1024 * 1024) + '"}'
  })
  assertEnvelopeError(t, tenMegabytes, 413, 'PAYLOAD_TOO_LARGE')

  const noBody = await app.inject({ method: 'POST', url: '/auth/refresh' })
  t.equal(noBody.statusCode, 400)

  const arrayBody = await app.inject({ method: 'POST', url: '/auth/login', payload: [1, 2, 3] })
  assertEnvelopeError(t, arrayBody, 400, 'VALIDATION_ERROR')

  const badId = await app.inject({ method: 'GET', url: '/users/not-a-uuid', headers: bearer(account.accessToken) })
  assertEnvelopeError(t, badId, 400, 'VALIDATION_ERROR')

  const emptyPatch = await app.inject({ method: 'PATCH', url: '/users/me', headers: bearer(account.accessToken), payload: {} })
  assertEnvelopeError(t, emptyPatch, 400, 'VALIDATION_ERROR')

  const unknownRoute = await app.inject({ method: 'DELETE', url: '/auth/everything' })
  assertEnvelopeError(t, unknownRoute, 404, 'NOT_FOUND')
})

t.test('bad or missing access tokens get 401 UNAUTHORIZED', async (t) => {
  const headers = [
    {},
    { authorization: 'Basic dXNlcjpwYXNz' },
    { authorization: 'Bearer' },
    { authorization: 'Bearer not.a.jwt' },
    { authorization: `Bearer ${account.accessToken}x` },
    { authorization: `bearer ${account.accessToken.split('.').slice(0, 2).join('.')}.` }
  ]
  for (const h of headers) {
    const res = await app.inject({ method: 'GET', url: '/users/me', headers: h })
    t.equal(res.statusCode, 401, JSON.stringify(h).slice(0, 60))
    t.equal(errorCode(res), 'UNAUTHORIZED')
  }
})

t.test('no body of any shape makes an auth or users route answer 5xx', async (t) => {
  const routes = [
    { method: 'POST' as const, url: '/auth/register' },
    { method: 'POST' as const, url: '/auth/login' },
    { method: 'POST' as const, url: '/auth/refresh' },
    { method: 'POST' as const, url: '/auth/logout' },
    { method: 'PATCH' as const, url: '/users/me' }
  ]
  const keys = fc.constantFrom('email', 'password', 'displayName', 'timezone', 'units', 'strideLengthMeters', 'refreshToken', 'id', '__proto__', 'constructor')
  const body = fc.oneof(
    fc.jsonValue(),
    fc.dictionary(keys, fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.jsonValue()))
  )
  await fc.assert(fc.asyncProperty(fc.constantFrom(...routes), body, async (route, payload) => {
    const res = await app.inject({
      ...route,
      headers: { 'content-type': 'application/json', ...bearer(account.accessToken) },
      payload: JSON.stringify(payload)
    })
    if (res.statusCode >= 500) throw new Error(`${route.method} ${route.url} → ${res.statusCode} for ${JSON.stringify(payload)}: ${res.body}`)
    const parsed = res.statusCode === 204 ? { success: true } : res.json()
    return typeof parsed.success === 'boolean'
  }), { numRuns: 300 })
  t.pass('300 random bodies, no 5xx, always the envelope')
})
