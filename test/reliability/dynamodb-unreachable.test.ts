import t from 'tap'
import type { InjectOptions } from 'fastify'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register, STRONG_PASSWORD } from '../helpers/api.ts'
import { startTcpProxy } from '../helpers/tcp-proxy.ts'
import type { App } from '../../src/app/app.ts'

t.setTimeout(120_000)

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
const CACHE_TTL_MS = 5_000 // SESSION_CACHE_TTL_MS, the default
/** AWS_REQUEST_TIMEOUT_MS (2 s, the default) × 2 attempts, plus slack. */
const BOUND_MS = 2 * 2_000 + 1_500

async function timed (app: App, request: InjectOptions) {
  const started = Date.now()
  const res = await app.inject(request)
  let code: string | undefined
  try { code = res.json().error?.code } catch {}
  return { status: res.statusCode, code, retryAfter: res.headers['retry-after'], ms: Date.now() - started }
}

const environment = await testEnvironment(t)

for (const mode of ['blackhole', 'reset'] as const) {
  t.test(`DynamoDB unreachable (${mode === 'blackhole' ? 'connections hang' : 'connections refused'}): sign-in 503, reads from the session cache until its TTL, then 503, never 401`, async (t) => {
    const proxy = await startTcpProxy(t, environment.emulators.dynamodbEndpoint)
    const app = await build(t, environment, { DYNAMODB_ENDPOINT: proxy.url })
    const account = await register(app)
    const me = { method: 'GET' as const, url: '/users/me', headers: bearer(account.accessToken) }
    const teams = { method: 'GET' as const, url: '/teams', headers: bearer(account.accessToken) }
    t.equal((await timed(app, me)).status, 200, 'signed in; the session is now in this instance\'s cache')
    const cachedAt = Date.now()

    proxy.set(mode)
    // Within the cache TTL of the last check, authenticated requests carry on.
    const cachedUntil = cachedAt + CACHE_TTL_MS - 300
    let cachedReads = 0
    while (Date.now() < cachedUntil - 300) {
      const res = await timed(app, cachedReads % 2 === 0 ? me : teams)
      if (Date.now() < cachedUntil) {
        t.equal(res.status, 200, `read ${cachedReads + 1} answered from the session cache`)
        cachedReads++
      }
      await sleep(200)
    }
    t.ok(cachedReads >= 3, `authenticated reads worked for the rest of the cache TTL (${cachedReads})`)

    const login = await timed(app, { method: 'POST', url: '/auth/login', payload: { email: account.email, password: STRONG_PASSWORD } })
    t.match(login, { status: 503, code: 'DEPENDENCY_UNAVAILABLE' }, 'sign-in answers 503 DEPENDENCY_UNAVAILABLE')
    t.ok(login.retryAfter, 'with Retry-After')
    t.ok(login.ms < BOUND_MS, `within ${BOUND_MS} ms (${login.ms} ms)`)
    const refresh = await timed(app, { method: 'POST', url: '/auth/refresh', payload: { refreshToken: account.refreshToken } })
    t.match(refresh, { status: 503, code: 'DEPENDENCY_UNAVAILABLE' }, 'so does refresh')
    const fresh = await timed(app, { method: 'POST', url: '/auth/register', payload: { email: `late-${Date.now()}@example.com`, password: STRONG_PASSWORD, displayName: 'Late' } })
    t.match(fresh, { status: 503, code: 'DEPENDENCY_UNAVAILABLE' }, 'and registration (the account is stored; signing in works once DynamoDB is back)')

    // After the TTL the session cannot be checked: 503, not 401 (a 401 would sign people out).
    await sleep(Math.max(0, cachedAt + CACHE_TTL_MS + 500 - Date.now()))
    const expired = await timed(app, me)
    t.match(expired, { status: 503, code: 'DEPENDENCY_UNAVAILABLE' }, 'after the TTL: 503 DEPENDENCY_UNAVAILABLE, not 401')
    t.ok(expired.retryAfter && expired.ms < BOUND_MS, `with Retry-After, within ${BOUND_MS} ms (${expired.ms} ms)`)
    const ready = await app.inject({ method: 'GET', url: '/ready' })
    t.equal(ready.statusCode, 503, '/ready is false')
    t.equal(ready.json().error.details.checks.dynamodb, 'down')

    proxy.set('pass')
    t.equal((await timed(app, me)).status, 200, 'DynamoDB back: the same token works again')
    t.equal((await timed(app, { method: 'POST', url: '/auth/login', payload: { email: account.email, password: STRONG_PASSWORD } })).status, 200, 'and sign-in too')
    t.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 200, '/ready is true again')
  })
}
