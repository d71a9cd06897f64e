import t from 'tap'
import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register, type Account } from '../helpers/api.ts'
import { createTeam, joinWithCode } from '../helpers/teams.ts'
import { clientsOf, is } from '../helpers/ws.ts'
import { startConsumers } from '../../src/app/start-consumers.ts'
import { loadConfig } from '../../src/lib/config.ts'
import type { App } from '../../src/app/app.ts'

// What ends a subscription or a connection before its token does: a deleted
// team, a logout, a reused refresh token, a deleted account (embedded mode,
// real sockets, jobs drained in-process).
t.test('teams, sessions and accounts that end take their sockets with them', async (t) => {
  const environment = await testEnvironment(t)
  const app = await build(t, environment, { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' })
  const consumers = await startConsumers(app, { ...loadConfig(environment.env), DATABASE_URL: environment.databaseUrl })
  t.teardown(() => consumers.stop())
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const openClient = clientsOf(t)
  const open = async (account: Account, token = account.accessToken) => {
    const c = await openClient(`${address.replace('http', 'ws')}/ws?token=${token}`)
    await c.next(is('authenticated'))
    return c
  }
  const chatTable = loadConfig(environment.env).CHAT_TABLE
  const chatItems = (teamId: string) => itemsOf(app, chatTable, teamId)
  const say = async (account: Account, teamId: string, text: string) => {
    const res = await app.inject({ method: 'POST', url: `/teams/${teamId}/messages`, headers: bearer(account.accessToken), payload: { text } })
    t.equal(res.statusCode, 201, 'sent')
    return res.json().data.id as string
  }

  await t.test('deleting a team ends every subscription to it and removes its chat', async (t) => {
    const ada = await register(app, { displayName: 'Ada' })
    const bob = await register(app, { displayName: 'Bob' })
    const team = await createTeam(app, ada)
    const kept = await createTeam(app, bob)
    await joinWithCode(app, bob, team.joinCode)
    await say(ada, team.id, 'before the end')
    await say(bob, team.id, 'me too')
    const keptMessage = await say(bob, kept.id, 'elsewhere')

    const adaSocket = await open(ada)
    const bobSocket = await open(bob)
    await adaSocket.request({ action: 'subscribe', teamId: team.id }, is('subscribed'))
    await bobSocket.request({ action: 'subscribe', teamId: team.id }, is('subscribed'))
    await bobSocket.request({ action: 'subscribe', teamId: kept.id }, is('subscribed'))

    const deleted = await app.inject({ method: 'DELETE', url: `/teams/${team.id}`, headers: bearer(ada.accessToken) })
    t.equal(deleted.statusCode, 204)
    for (const socket of [adaSocket, bobSocket]) {
      t.match(await socket.next(is('subscription_ended'), 15_000), { teamId: team.id, reason: 'team_deleted' })
    }
    t.match(await bobSocket.request({ action: 'unsubscribe', teamId: team.id }, is('error')), { code: 'NOT_SUBSCRIBED' }, 'the subscription is gone')
    t.match(await bobSocket.request({ action: 'unsubscribe', teamId: kept.id }, is('unsubscribed')), { teamId: kept.id }, 'other subscriptions stand')

    const left = await waitFor(async () => (await chatItems(team.id)).length === 0 ? 0 : undefined)
    t.equal(left, 0, 'no message of the deleted team is left in DynamoDB')
    t.same((await chatItems(kept.id)).map(i => i.id), [keptMessage], 'other teams keep theirs')
  })

  await t.test('logging out closes that session\'s sockets at once, and only those', async (t) => {
    const cat = await register(app, { displayName: 'Cat' })
    const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: cat.email, password: cat.password } })
    t.equal(login.statusCode, 200)
    const otherSession = login.json().data as { accessToken: string }
    const phone = await open(cat)
    const laptop = await open(cat, otherSession.accessToken)

    const out = await app.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken: cat.refreshToken } })
    t.equal(out.statusCode, 204)
    t.match(await phone.next(is('session_ended'), 5000), { reason: 'logout' })
    t.same(await phone.waitClosed(5000), { code: 4001, reason: 'logout' }, 'closed with the session-ended code, long before the token expires')
    t.match(await laptop.request({ action: 'ping' }, is('pong')), { type: 'pong' }, 'the other session\'s socket stays open')
  })

  await t.test('a reused refresh token revokes the session and closes its sockets', async (t) => {
    const dan = await register(app, { displayName: 'Dan' })
    const socket = await open(dan)
    const first = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: dan.refreshToken } })
    t.equal(first.statusCode, 200)
    const reused = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: dan.refreshToken } })
    t.equal(reused.json().error.code, 'REFRESH_TOKEN_REUSED')
    t.match(await socket.next(is('session_ended'), 5000), { reason: 'session_revoked' })
    t.equal((await socket.waitClosed(5000)).code, 4001)
  })

  await t.test('deleting an account closes its sockets and removes its messages, which its teams see go', async (t) => {
    const owner = await register(app, { displayName: 'Owner' })
    const eve = await register(app, { displayName: 'Eve' })
    const team = await createTeam(app, owner)
    await joinWithCode(app, eve, team.joinCode)
    const hers = [await say(eve, team.id, 'my words'), await say(eve, team.id, 'mine too')]
    const his = await say(owner, team.id, 'the owner stays')

    const ownerSocket = await open(owner)
    await ownerSocket.request({ action: 'subscribe', teamId: team.id }, is('subscribed'))
    const eveSocket = await open(eve)

    const deleted = await app.inject({ method: 'DELETE', url: '/users/me', headers: bearer(eve.accessToken) })
    t.equal(deleted.statusCode, 204)
    t.match(await eveSocket.next(is('session_ended'), 5000), { reason: 'account_deleted' })
    t.equal((await eveSocket.waitClosed(5000)).code, 4001)

    for (const id of hers) {
      t.match(await ownerSocket.next(f => f.type === 'chat_message_deleted' && f.data.messageId === id, 15_000),
        { teamId: team.id, data: { reason: 'account_deleted' } }, 'open clients drop the message')
    }
    t.same((await chatItems(team.id)).map(i => i.id), [his], 'only the messages of the people still here are stored')
    const listed = await app.inject({ method: 'GET', url: `/teams/${team.id}/messages`, headers: bearer(owner.accessToken) })
    t.same(listed.json().data.map((m: { id: string }) => m.id), [his])
  })
})

/** The chat table's items of one team, read straight from DynamoDB. */
async function itemsOf (app: App, table: string, teamId: string): Promise<Array<{ id: string }>> {
  const result = await (await app.aws.dynamodb()).documents.send(new QueryCommand({
    TableName: table,
    KeyConditionExpression: 'teamId = :t',
    ExpressionAttributeValues: { ':t': teamId },
    ConsistentRead: true
  }))
  return (result.Items ?? []) as Array<{ id: string }>
}

async function waitFor<T> (probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined || Date.now() > deadline) return value
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}
