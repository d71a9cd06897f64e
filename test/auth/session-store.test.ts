import t, { type Test } from 'tap'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import dynalite from 'dynalite'
import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb'
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { createAwsClients, type AwsClients } from '../../src/lib/aws/clients.ts'
import { ensureTables } from '../../src/lib/aws/tables.ts'
import { createSessionStore } from '../../src/plugins/auth/session-store.ts'
import { createSessionGuard } from '../../src/plugins/auth/session-guard.ts'
import { build, testEnvironment } from '../helpers/build.ts'
import { errorCode, register } from '../helpers/api.ts'
import { startDynamoDbLocal } from '../helpers/dynamodb-local.ts'

// DynamoDB Local is a JVM: its start and first requests take seconds on a busy machine.
t.setTimeout(180_000)

const DAY = 24 * 3600 * 1000
const TABLE = 'teamtrek-sessions-test'

interface Backend {
  name: string
  endpoint: string
  /** Real DynamoDB semantics (TTL settings, DynamoDB's own condition handling) rather than an emulator's. */
  real: boolean
}

async function startDynalite (t: Test): Promise<Backend> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => new Promise<void>(resolve => server.close(() => resolve())))
  return { name: 'dynalite', endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, real: false }
}

async function startLocal (t: Test): Promise<Backend> {
  const local = await startDynamoDbLocal()
  t.teardown(() => local.stop())
  return { name: 'DynamoDB Local 3.3.1', endpoint: local.endpoint, real: true }
}

const hashOf = () => randomUUID().replaceAll('-', '') + randomUUID().replaceAll('-', '')

/** The same cases on each backend: what passes on the emulator must pass on the real engine. */
function sessionStoreCases (t: Test, backend: Backend) {
  let clients: AwsClients
  t.before(async () => {
    clients = createAwsClients({ region: 'eu-west-2', dynamodbEndpoint: backend.endpoint, requestTimeoutMs: 5000 })
    await ensureTables(await clients.dynamodb(), TABLE)
  })
  t.teardown(() => clients.destroy())
  const store = () => createSessionStore(clients.dynamodb, TABLE)

  if (backend.real) {
    t.test('the table expires items through the expiresAt TTL attribute', async (t) => {
      const ttl = await (await clients.dynamodb()).client.send(new DescribeTimeToLiveCommand({ TableName: TABLE }))
      t.equal(ttl.TimeToLiveDescription?.TimeToLiveStatus, 'ENABLED')
      t.equal(ttl.TimeToLiveDescription?.AttributeName, 'expiresAt')
    })
  }

  t.test('a session and its first token round-trip', async (t) => {
    const sessions = store()
    const userId = randomUUID()
    const first = hashOf()
    const session = await sessions.createSession(userId, first, 30 * DAY)
    const read = await sessions.getSession(session.id)
    t.same(read, { ...session, revokedAt: undefined, revokedReason: undefined })
    t.equal(await sessions.sessionIdForToken(first), session.id)
    t.equal(await sessions.sessionIdForToken(hashOf()), null, 'an unknown token belongs to no session')
  })

  t.test('rotation: each token once; reuse revokes the family', async (t) => {
    const sessions = store()
    const first = hashOf()
    const second = hashOf()
    const session = await sessions.createSession(randomUUID(), first, 30 * DAY)
    t.equal((await sessions.rotate(first, second)).status, 'rotated')
    const reuse = await sessions.rotate(first, hashOf())
    t.equal(reuse.status, 'reused', 'the first token again is reuse')
    t.equal((await sessions.rotate(second, hashOf())).status, 'invalid', 'so its successor is refused too')
    const revoked = await sessions.getSession(session.id)
    t.equal(revoked?.revokedReason, 'refresh-token-reuse')
    await sessions.revokeSession(session.id, 'logout')
    t.equal((await sessions.getSession(session.id))?.revokedReason, 'refresh-token-reuse', 'revoking twice keeps the first reason (conditional write)')
    await sessions.revokeSession(randomUUID(), 'logout')
    t.pass('revoking a session that does not exist is a no-op, not an error')
  })

  t.test('20 concurrent refreshes with one token: exactly one wins (conditional update)', async (t) => {
    const sessions = store()
    const token = hashOf()
    const session = await sessions.createSession(randomUUID(), token, 30 * DAY)
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => sessions.rotate(token, hashOf())))
    const statuses = outcomes.map(o => o.status)
    t.equal(statuses.filter(s => s === 'rotated').length, 1, `one rotated (${statuses.join(',')})`)
    // A loser that reads the session after the winner's reuse detection revoked it is simply refused.
    t.equal(statuses.filter(s => s === 'reused' || s === 'invalid').length, 19, 'every other one is refused as reuse or as a revoked family')
    t.ok(statuses.includes('reused'), 'at least one loser was caught as reuse')
    t.equal((await sessions.getSession(session.id))?.revokedReason, 'refresh-token-reuse', 'and the family is revoked')
  })

  t.test('expiry: a finished login is refused, and items past their TTL are gone even though DynamoDB still returns them', async (t) => {
    const sessions = store()
    const guard = createSessionGuard(sessions, 0)
    const userId = randomUUID()
    const token = hashOf()
    const start = Date.now()
    const session = await sessions.createSession(userId, token, 60_000, start)
    t.equal(await guard.isLive(session.id, userId, start + 1000), true, 'live during the login')
    t.equal(await guard.isLive(session.id, userId, start + 61_000), false, 'not live after its end')
    t.equal((await sessions.rotate(token, hashOf(), start + 61_000)).status, 'expired', 'a refresh after the end is told the session expired')

    // A week after the end the TTL attribute has passed: DynamoDB may not have
    // deleted the items yet (deletion is lazy), but the store must act as if it had.
    const later = start + 60_000 + 8 * DAY
    t.equal(await sessions.getSession(session.id, later), null, 'the session item is gone once its TTL passed')
    t.equal(await sessions.sessionIdForToken(token, later), null, 'and so is the token item')
    t.equal((await sessions.rotate(token, hashOf(), later)).status, 'invalid')
    t.equal(await guard.isLive(session.id, userId, later), false)

    // An item whose TTL is already in the past, in real time: reads still return it.
    const pk = `TOKEN#${hashOf()}`
    await (await clients.dynamodb()).documents.send(new PutCommand({ TableName: TABLE, Item: { pk, sessionId: session.id, userId, issuedAt: start, expiresAt: Math.floor(Date.now() / 1000) - 60 } }))
    const raw = await (await clients.dynamodb()).documents.send(new GetCommand({ TableName: TABLE, Key: { pk }, ConsistentRead: true }))
    t.ok(raw.Item, `${backend.name} still returns an item past its TTL`)
    t.equal(await sessions.sessionIdForToken(pk.slice('TOKEN#'.length)), null, 'which the store treats as gone')
  })

  t.test('deleting a user ends all of their sessions and nobody else\'s (byUser index)', async (t) => {
    const sessions = store()
    const userId = randomUUID()
    const mine = await Promise.all([1, 2, 3].map(() => sessions.createSession(userId, hashOf(), 30 * DAY)))
    const other = await sessions.createSession(randomUUID(), hashOf(), 30 * DAY)
    const deleted = await sessions.deleteUserSessions(userId)
    t.same([...deleted].sort(), mine.map(s => s.id).sort())
    for (const session of mine) t.equal(await sessions.getSession(session.id), null)
    t.ok(await sessions.getSession(other.id), 'another user\'s session stays')
  })
}

t.test('the session store on dynalite (the embedded and test emulator)', async (t) => {
  sessionStoreCases(t, await startDynalite(t))
})

t.test('the session store on DynamoDB Local (the engine docker compose runs)', async (t) => {
  const backend = await startLocal(t)
  sessionStoreCases(t, backend)

  t.test('the sign-in journey through the app on DynamoDB Local', async (t) => {
    const environment = await testEnvironment(t)
    const app = await build(t, environment, { DYNAMODB_ENDPOINT: backend.endpoint, SESSION_CACHE_TTL_MS: '0' })
    const account = await register(app)
    const me = await app.inject({ method: 'GET', url: '/users/me', headers: { authorization: `Bearer ${account.accessToken}` } })
    t.equal(me.statusCode, 200)
    const refreshed = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: account.refreshToken } })
    t.equal(refreshed.statusCode, 200)
    const reuse = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: account.refreshToken } })
    t.equal(errorCode(reuse), 'REFRESH_TOKEN_REUSED')
    const after = await app.inject({ method: 'GET', url: '/users/me', headers: { authorization: `Bearer ${refreshed.json().data.accessToken}` } })
    t.equal(errorCode(after), 'SESSION_EXPIRED', 'the family\'s access tokens stop at once')
    const again = await register(app)
    const logout = await app.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken: again.refreshToken } })
    t.equal(logout.statusCode, 204)
    const gone = await app.inject({ method: 'GET', url: '/users/me', headers: { authorization: `Bearer ${again.accessToken}` } })
    t.equal(errorCode(gone), 'SESSION_EXPIRED')
    const ready = await app.inject({ method: 'GET', url: '/ready' })
    t.equal(ready.statusCode, 200, '/ready sees the table on DynamoDB Local')
  })
})
