import t from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register } from '../helpers/api.ts'
import { createDatabase } from '../../src/db/database.ts'

const environment = await testEnvironment(t)
const app = await build(t, environment)

t.test('PATCH /users/me changes the profile and GET shows it', async (t) => {
  const me = await register(app)
  const res = await app.inject({
    method: 'PATCH',
    url: '/users/me',
    headers: bearer(me.accessToken),
    payload: { displayName: '  Grace  ', units: 'imperial', timezone: 'pacific/auckland', strideLengthMeters: 0.74 }
  })
  t.equal(res.statusCode, 200)
  t.match(res.json().data, { displayName: 'Grace', units: 'imperial', timezone: 'Pacific/Auckland', strideLengthMeters: 0.74 })
  const read = await app.inject({ method: 'GET', url: '/users/me', headers: bearer(me.accessToken) })
  t.match(read.json().data, { displayName: 'Grace', timezone: 'Pacific/Auckland' })

  const email = await app.inject({ method: 'PATCH', url: '/users/me', headers: bearer(me.accessToken), payload: { email: 'new@example.com' } })
  t.equal(email.statusCode, 400, 'email is not a profile field')
  t.equal(errorCode(email), 'VALIDATION_ERROR')
})

t.test('GET /users/{id} shows another user without their email', async (t) => {
  const a = await register(app, { displayName: 'Alpha' })
  const b = await register(app, { displayName: 'Beta' })
  const res = await app.inject({ method: 'GET', url: `/users/${b.userId}`, headers: bearer(a.accessToken) })
  t.equal(res.statusCode, 200)
  t.same(res.json().data, { id: b.userId, displayName: 'Beta' })
  t.notMatch(res.body, b.email, 'no email in the body')

  const missing = await app.inject({ method: 'GET', url: '/users/3f1c2a9e-1111-4222-8333-944455556666', headers: bearer(a.accessToken) })
  t.equal(missing.statusCode, 404)
  t.equal(errorCode(missing), 'USER_NOT_FOUND')

  const anonymous = await app.inject({ method: 'GET', url: `/users/${b.userId}` })
  t.equal(anonymous.statusCode, 401)
})

t.test('DELETE /users/me deletes the account and every session', async (t) => {
  const me = await register(app)
  const second = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: me.email, password: me.password } })
  const other = second.json().data

  const res = await app.inject({ method: 'DELETE', url: '/users/me', headers: bearer(me.accessToken) })
  t.equal(res.statusCode, 204)

  const db = createDatabase({ url: environment.databaseUrl, poolMax: 1 })
  t.teardown(() => db.destroy())
  const row = await db.selectFrom('users').select('id').where('id', '=', me.userId).executeTakeFirst()
  t.equal(row, undefined, 'the row is gone')

  for (const token of [me.accessToken, other.accessToken]) {
    t.equal((await app.inject({ method: 'GET', url: '/users/me', headers: bearer(token) })).statusCode, 401, 'access tokens of every session stop')
  }
  const refresh = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: other.refreshToken } })
  t.equal(refresh.statusCode, 401, 'refresh tokens stop')
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: me.email, password: me.password } })
  t.equal(errorCode(login), 'INVALID_CREDENTIALS', 'the account cannot sign in')

  const sessions = await app.sessions.deleteUserSessions(me.userId)
  t.same(sessions, [], 'no session items are left in DynamoDB')
})

t.test('passwords are stored as argon2id PHC strings with the OWASP parameters', async (t) => {
  const me = await register(app)
  const db = createDatabase({ url: environment.databaseUrl, poolMax: 1 })
  t.teardown(() => db.destroy())
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', me.userId).executeTakeFirstOrThrow()
  t.match(row.password_hash, /^\$argon2id\$v=19\$m=19456,p=1,t=2\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/)
})
