import t, { type Test } from 'tap'
import { connect } from 'node:net'
import { once } from 'node:events'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register, uniqueEmail } from '../helpers/api.ts'
import { createTeam, joinWithCode } from '../helpers/teams.ts'
import { generateOpenApiDocument } from '../../src/app/openapi-document.ts'

const environment = await testEnvironment(t)
const app = await build(t, environment)
const owner = await register(app)
const team = await createTeam(app, owner, { startDate: '2020-01-01', endDate: '2030-12-31' })

/** What every answer carries, whoever produced it. */
function assertEnvelope (t: Test, res: { headers: Record<string, unknown>, body: string }, code: string) {
  const body = JSON.parse(res.body)
  t.equal(body.success, false)
  t.equal(body.error.code, code)
  t.type(body.meta.timestamp, 'string')
  t.match(res.headers['x-request-id'], /^[\w.:-]+$/, 'x-request-id')
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  t.match(res.headers['content-security-policy'], /default-src 'none'/)
}

t.test('upper-case ids are the same ids: no 500 after a saved change', async (t) => {
  const created = await app.inject({ method: 'POST', url: '/waypoints', headers: bearer(owner.accessToken), payload: { teamId: team.id.toUpperCase(), name: 'Start', lat: 50.07, lon: -5.71 } })
  t.equal(created.statusCode, 201, 'a body id in upper case')
  const id = created.json().data.id as string
  const renamed = await app.inject({ method: 'PUT', url: `/waypoints/${id.toUpperCase()}`, headers: bearer(owner.accessToken), payload: { name: 'after' } })
  t.equal(renamed.statusCode, 200, renamed.body)
  t.equal(renamed.json().data.id, id, 'the answer names the id as stored')
  const route = await app.inject({ url: `/teams/${team.id.toUpperCase()}/waypoints`, headers: bearer(owner.accessToken) })
  t.equal(route.json().data[0].name, 'after')

  const member = await register(app)
  await joinWithCode(app, member, team.joinCode as string)
  const promoted = await app.inject({ method: 'PATCH', url: `/teams/${team.id.toUpperCase()}/members/${member.userId.toUpperCase()}`, headers: bearer(owner.accessToken), payload: { role: 'admin' } })
  t.equal(promoted.statusCode, 200, promoted.body)
  t.equal(promoted.json().data.userId, member.userId)
  const removed = await app.inject({ method: 'DELETE', url: `/teams/${team.id}/members/${member.userId.toUpperCase()}`, headers: bearer(owner.accessToken) })
  t.equal(removed.statusCode, 204, removed.body)
})

t.test('non-finite numbers and urn:uuid ids are validation errors', async (t) => {
  for (const limit of ['Infinity', '-Infinity', '1e309', 'NaN']) {
    for (const url of [`/teams/${team.id}/leaderboard`, '/leaderboards/teams', '/teams', '/activities', `/teams/${team.id}/members`]) {
      const res = await app.inject({ url: `${url}?limit=${limit}`, headers: bearer(owner.accessToken) })
      t.equal(errorCode(res), 'VALIDATION_ERROR', `${url}?limit=${limit}`)
    }
  }
  const huge = await app.inject({ method: 'POST', url: '/waypoints', headers: { ...bearer(owner.accessToken), 'content-type': 'application/json' }, payload: `{"teamId":"${team.id}","name":"Far","lat":1e309,"lon":0}` })
  t.equal(errorCode(huge), 'VALIDATION_ERROR', 'a JSON number too large for a double')
  for (const id of [`urn:uuid:${team.id}`, `{${team.id}}`, team.id.replaceAll('-', '')]) {
    const res = await app.inject({ url: `/teams/${encodeURIComponent(id)}`, headers: bearer(owner.accessToken) })
    t.equal(errorCode(res), 'VALIDATION_ERROR', id)
  }
})

t.test('answers made before routing keep the envelope and never echo the request', async (t) => {
  const bad = await app.inject({ url: '/teams/%zz', headers: bearer(owner.accessToken) })
  t.equal(bad.statusCode, 400)
  assertEnvelope(t, bad, 'BAD_REQUEST')

  const script = '<img src=x onerror=alert(1)>'
  const long = await app.inject({ url: `/teams/${encodeURIComponent(script.repeat(10))}` })
  t.equal(long.statusCode, 414)
  assertEnvelope(t, long, 'URI_TOO_LONG')
  t.notMatch(long.body, /img|onerror/, 'the path is not repeated back')

  // Node refuses headers over 16 KiB before Fastify sees the request.
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = new URL(address)
  const socket = connect(Number(port), '127.0.0.1')
  await once(socket, 'connect')
  socket.write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}${script}\r\n\r\n`)
  let raw = ''
  socket.on('data', chunk => { raw += chunk })
  await once(socket, 'close')
  const [head, body] = raw.split('\r\n\r\n') as [string, string]
  t.match(head, /^HTTP\/1\.1 431 /)
  const headers = Object.fromEntries(head.split('\r\n').slice(1).map(line => {
    const i = line.indexOf(':')
    return [line.slice(0, i).toLowerCase(), line.slice(i + 1).trim()]
  }))
  assertEnvelope(t, { headers, body }, 'HEADERS_TOO_LARGE')
  t.notMatch(body, /img|onerror/)
})

t.test('operations without a body ignore a stray one', async (t) => {
  const member = await register(app)
  const theirs = await createTeam(app, member)
  const stray = [
    { 'content-type': 'application/json', payload: '{}' },
    { 'content-type': 'application/json', payload: '{not json' },
    { 'content-type': 'text/plain', payload: 'hello' },
    { 'content-type': 'application/json', payload: JSON.stringify({ pad: 'x'.repeat(2_000_000) }) }
  ]
  for (const { payload, ...headers } of stray) {
    const res = await app.inject({ method: 'POST', url: `/teams/${theirs.id}/join-code`, headers: { ...bearer(member.accessToken), ...headers }, payload })
    t.equal(res.statusCode, 200, `${headers['content-type']} ${payload.slice(0, 10)}: ${res.body.slice(0, 100)}`)
  }
  const gone = await app.inject({ method: 'DELETE', url: `/teams/${theirs.id}`, headers: { ...bearer(member.accessToken), 'content-type': 'text/plain' }, payload: 'bye' })
  t.equal(gone.statusCode, 204)
  const leaving = await register(app)
  const deleted = await app.inject({ method: 'DELETE', url: '/users/me', headers: { ...bearer(leaving.accessToken), 'content-type': 'application/xml' }, payload: '<x/>' })
  t.equal(deleted.statusCode, 204)
})

t.test('the document shows defaulted fields as optional, and lists document 414', async (t) => {
  const doc = JSON.parse(await generateOpenApiDocument())
  let lists = 0
  for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(methods)) {
      for (const listed of op.parameters ?? []) {
        // Shared parameters (cursor, limit) are references to components.
        const parameter = listed.$ref ? doc.components.parameters[listed.$ref.split('/').at(-1)] : listed
        if (parameter.schema?.default !== undefined) t.notOk(parameter.required, `${method} ${path} ${parameter.name} has a default, so it is optional`)
        if (parameter.name === 'limit') lists++
      }
      if ((op.parameters ?? []).some((p: any) => p.in === 'path')) t.ok(op.responses['414'], `${method} ${path} documents 414`)
    }
  }
  t.ok(lists >= 5, `${lists} operations take limit`)
  t.notOk(doc.components.schemas.ImportRouteBody.required?.includes('maxWaypoints'), 'maxWaypoints is optional')
  t.equal(doc.components.schemas.ImportRouteBody.properties.maxWaypoints.default, 200)
})

t.test('tokens and the profile are never cached; 401s say Bearer', async (t) => {
  const email = uniqueEmail()
  const registered = await app.inject({ method: 'POST', url: '/auth/register', payload: { email, password: 'a long walk to the north', displayName: 'C' } })
  t.equal(registered.headers['cache-control'], 'no-store', 'register')
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: 'a long walk to the north' } })
  t.equal(login.headers['cache-control'], 'no-store', 'login')
  const { accessToken, refreshToken } = login.json().data
  const refresh = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken } })
  t.equal(refresh.headers['cache-control'], 'no-store', 'refresh')
  const me = await app.inject({ url: '/users/me', headers: bearer(refresh.json().data.accessToken) })
  t.equal(me.headers['cache-control'], 'no-store', 'GET /users/me')
  t.equal((await app.inject({ url: '/health' })).headers['cache-control'], undefined, 'other answers are left to the client')

  const anonymous = await app.inject({ url: '/users/me' })
  t.equal(anonymous.statusCode, 401)
  t.equal(anonymous.headers['www-authenticate'], 'Bearer realm="teamtrek"', 'no token: the scheme, no error')
  const forged = await app.inject({ url: '/users/me', headers: bearer(`${accessToken}x`) })
  t.match(forged.headers['www-authenticate'], /^Bearer realm="teamtrek", error="invalid_token", error_description="[^"]+"$/)
  const wrong = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: 'not the password at all' } })
  t.equal(wrong.statusCode, 401)
  t.equal(wrong.headers['www-authenticate'], 'Bearer realm="teamtrek"')
})
