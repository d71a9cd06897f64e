import t from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register, uniqueEmail, STRONG_PASSWORD } from '../helpers/api.ts'

const environment = await testEnvironment(t)
const app = await build(t, environment)

t.test('register → login → me → refresh → reuse detection → logout', async (t) => {
  const email = uniqueEmail('ada')
  const registered = await app.inject({
    method: 'POST',
    url: '/auth/register',
    payload: { email: email.toUpperCase(), password: STRONG_PASSWORD, displayName: 'Ada', timezone: 'europe/london' }
  })
  t.equal(registered.statusCode, 201)
  const reg = registered.json()
  t.equal(reg.success, true)
  t.equal(reg.meta.version, '1.0')
  t.equal(reg.data.user.email, email, 'email stored lower-cased')
  t.equal(reg.data.user.timezone, 'Europe/London', 'time zone canonicalised')
  t.equal(reg.data.tokenType, 'Bearer')
  t.ok(reg.data.expiresIn <= 900 && reg.data.expiresIn > 0, 'access token lives at most 15 minutes')
  t.notOk('passwordHash' in reg.data.user || 'password_hash' in reg.data.user, 'no hash in the response')

  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: STRONG_PASSWORD } })
  t.equal(login.statusCode, 200)
  const session = login.json().data
  t.not(session.refreshToken, reg.data.refreshToken, 'each login is its own session')

  const me = await app.inject({ method: 'GET', url: '/users/me', headers: bearer(session.accessToken) })
  t.equal(me.statusCode, 200)
  t.equal(me.json().data.email, email)

  const refreshed = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: session.refreshToken } })
  t.equal(refreshed.statusCode, 200)
  const rotated = refreshed.json().data
  t.not(rotated.refreshToken, session.refreshToken, 'refresh rotates the refresh token')
  t.equal(rotated.user.id, reg.data.user.id)

  const meAfterRefresh = await app.inject({ method: 'GET', url: '/users/me', headers: bearer(rotated.accessToken) })
  t.equal(meAfterRefresh.statusCode, 200, 'the new access token works')

  // The old refresh token again: someone copied it. The whole family dies.
  const reuse = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: session.refreshToken } })
  t.equal(reuse.statusCode, 401)
  t.equal(errorCode(reuse), 'REFRESH_TOKEN_REUSED')

  const descendant = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: rotated.refreshToken } })
  t.equal(descendant.statusCode, 401, 'the token issued after rotation is revoked too')
  t.equal(errorCode(descendant), 'INVALID_REFRESH_TOKEN')

  for (const token of [session.accessToken, rotated.accessToken]) {
    const res = await app.inject({ method: 'GET', url: '/users/me', headers: bearer(token) })
    t.equal(res.statusCode, 401, 'access tokens of the revoked family stop working')
    t.equal(errorCode(res), 'SESSION_EXPIRED')
  }

  // The registration session is a different family and still works.
  const other = await app.inject({ method: 'GET', url: '/users/me', headers: bearer(reg.data.accessToken) })
  t.equal(other.statusCode, 200, 'other sessions of the user are untouched')

  const logout = await app.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken: reg.data.refreshToken } })
  t.equal(logout.statusCode, 204)
  t.equal(logout.body, '')
  const afterLogout = await app.inject({ method: 'GET', url: '/users/me', headers: bearer(reg.data.accessToken) })
  t.equal(afterLogout.statusCode, 401, 'access token dies with its session')
  const refreshAfterLogout = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: reg.data.refreshToken } })
  t.equal(refreshAfterLogout.statusCode, 401, 'refresh token dies at logout')

  const again = await app.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken: reg.data.refreshToken } })
  t.equal(again.statusCode, 204, 'logout is idempotent')
})

t.test('login errors do not reveal whether the email exists', async (t) => {
  const account = await register(app)
  const wrongPassword = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: account.email, password: 'not the password at all' } })
  const unknownEmail = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: uniqueEmail('ghost'), password: 'not the password at all' } })
  t.equal(wrongPassword.statusCode, 401)
  t.equal(unknownEmail.statusCode, 401)
  t.same(wrongPassword.json().error, unknownEmail.json().error, 'same code and message')
  t.equal(errorCode(unknownEmail), 'INVALID_CREDENTIALS')
})

t.test('unknown email costs a password verification too (no timing shortcut)', async (t) => {
  const account = await register(app)
  const time = async (email: string) => {
    const started = process.hrtime.bigint()
    await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: 'not the password at all' } })
    return Number(process.hrtime.bigint() - started) / 1e6
  }
  // Warm up the dummy hash, then compare medians of a few tries each.
  await time(uniqueEmail('warm'))
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const known: number[] = []
  const unknown: number[] = []
  for (let i = 0; i < 5; i++) {
    known.push(await time(account.email))
    unknown.push(await time(uniqueEmail('ghost')))
  }
  // argon2id with 19 MiB takes milliseconds; a shortcut would take ~0.1 ms.
  t.ok(median(unknown) > median(known) * 0.5, `unknown ${median(unknown).toFixed(1)} ms vs known ${median(known).toFixed(1)} ms`)
})

t.test('duplicate email is refused with EMAIL_TAKEN, whatever its case', async (t) => {
  const account = await register(app)
  const res = await app.inject({
    method: 'POST',
    url: '/auth/register',
    payload: { email: ` ${account.email.toUpperCase()} `, password: STRONG_PASSWORD, displayName: 'Twin' }
  })
  // Leading spaces fail the email format; without them it is a duplicate.
  t.equal(res.statusCode, 400)
  const dup = await app.inject({
    method: 'POST',
    url: '/auth/register',
    payload: { email: account.email.toUpperCase(), password: STRONG_PASSWORD, displayName: 'Twin' }
  })
  t.equal(dup.statusCode, 409)
  t.equal(errorCode(dup), 'EMAIL_TAKEN')
})

t.test('concurrent refreshes with one token: one wins, the family is revoked', async (t) => {
  const account = await register(app)
  const results = await Promise.all(Array.from({ length: 5 }, () =>
    app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: account.refreshToken } })))
  const codes = results.map(r => r.statusCode)
  t.ok(codes.filter(c => c === 200).length <= 1, `at most one success: ${codes.join(',')}`)
  t.ok(codes.some(c => c === 401), 'the others are refused')
  const me = await app.inject({ method: 'GET', url: '/users/me', headers: bearer(account.accessToken) })
  t.equal(me.statusCode, 401, 'a token used twice revokes the session')
})
