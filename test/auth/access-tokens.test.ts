import t from 'tap'
import { createSigner } from 'fast-jwt'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register } from '../helpers/api.ts'

const environment = await testEnvironment(t)
const app = await build(t, environment)
const account = await register(app)
const secret = environment.env.JWT_SECRET!

function decode (token: string) {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())
}

async function meWith (token: string) {
  return app.inject({ method: 'GET', url: '/users/me', headers: bearer(token) })
}

t.test('access tokens carry iss, aud, exp, iat, sub and sid, and live ≤ 15 minutes', async (t) => {
  const header = JSON.parse(Buffer.from(account.accessToken.split('.')[0]!, 'base64url').toString())
  t.equal(header.alg, 'HS256')
  const claims = decode(account.accessToken)
  t.equal(claims.iss, 'teamtrek')
  t.equal(claims.aud, 'teamtrek-api')
  t.equal(claims.sub, account.userId)
  t.match(claims.sid, /^[0-9a-f-]{36}$/)
  t.ok(claims.exp - claims.iat <= 900, `lifetime ${claims.exp - claims.iat}s`)
})

t.test('tokens that are forged, expired or meant for someone else are refused', async (t) => {
  const { sub, sid } = decode(account.accessToken)
  const good = { sub, sid }
  const sign = (options: Record<string, unknown>, key: string = secret) =>
    createSigner({ key, algorithm: 'HS256', iss: 'teamtrek', aud: 'teamtrek-api', expiresIn: 60_000, ...options })(good)

  t.equal((await meWith(sign({}))).statusCode, 200, 'control: a correctly signed token works')

  const cases: Record<string, string> = {
    'wrong secret': sign({}, 'another-secret-that-is-long-enough-000000000'),
    'wrong audience': sign({ aud: 'someone-else' }),
    'wrong issuer': sign({ iss: 'evil' }),
    expired: createSigner({ key: secret, algorithm: 'HS256', iss: 'teamtrek', aud: 'teamtrek-api', clockTimestamp: Date.now() - 3_600_000, expiresIn: 60_000 })(good),
    'no expiry': createSigner({ key: secret, algorithm: 'HS256', iss: 'teamtrek', aud: 'teamtrek-api' })(good),
    'other algorithm (HS512)': sign({ algorithm: 'HS512' }),
    'alg none': createSigner({ algorithm: 'none', iss: 'teamtrek', aud: 'teamtrek-api', expiresIn: 60_000 })(good),
    'no session id': createSigner({ key: secret, algorithm: 'HS256', iss: 'teamtrek', aud: 'teamtrek-api', expiresIn: 60_000 })({ sub }),
    'unknown session': createSigner({ key: secret, algorithm: 'HS256', iss: 'teamtrek', aud: 'teamtrek-api', expiresIn: 60_000 })({ sub, sid: '11111111-1111-4111-8111-111111111111' }),
    'session of another user': createSigner({ key: secret, algorithm: 'HS256', iss: 'teamtrek', aud: 'teamtrek-api', expiresIn: 60_000 })({ sub: '22222222-2222-4222-8222-222222222222', sid })
  }
  for (const [name, token] of Object.entries(cases)) {
    const res = await meWith(token)
    t.equal(res.statusCode, 401, name)
    t.ok(['UNAUTHORIZED', 'SESSION_EXPIRED'].includes(errorCode(res)!), `${name}: ${errorCode(res)}`)
  }
})

t.test('a revoked session is refused on another instance without waiting for a cache', async (t) => {
  const other = await build(t, environment, { SESSION_CACHE_TTL_MS: '0' })
  const fresh = await register(app)
  t.equal((await other.inject({ method: 'GET', url: '/users/me', headers: bearer(fresh.accessToken) })).statusCode, 200)
  await app.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken: fresh.refreshToken } })
  const res = await other.inject({ method: 'GET', url: '/users/me', headers: bearer(fresh.accessToken) })
  t.equal(res.statusCode, 401)
  t.equal(errorCode(res), 'SESSION_EXPIRED')
})

t.test('with a session cache, other instances see a logout within its TTL', async (t) => {
  const cached = await build(t, environment, { SESSION_CACHE_TTL_MS: '300' })
  const fresh = await register(app)
  t.equal((await cached.inject({ method: 'GET', url: '/users/me', headers: bearer(fresh.accessToken) })).statusCode, 200)
  await app.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken: fresh.refreshToken } })
  await new Promise(resolve => setTimeout(resolve, 350))
  t.equal((await cached.inject({ method: 'GET', url: '/users/me', headers: bearer(fresh.accessToken) })).statusCode, 401)
})

t.test('a refresh family ends after its absolute lifetime', async (t) => {
  const fresh = await register(app)
  const realNow = Date.now
  t.teardown(() => { Date.now = realNow })
  Date.now = () => realNow() + 31 * 24 * 3600 * 1000
  const res = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: fresh.refreshToken } })
  Date.now = realNow
  t.equal(res.statusCode, 401)
  t.equal(errorCode(res), 'SESSION_EXPIRED')
})
