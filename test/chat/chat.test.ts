import t from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register } from '../helpers/api.ts'
import { createTeam, joinWithCode, setRole } from '../helpers/teams.ts'
import { teamMessageKeys } from '../../src/routes/chat/repository.ts'
import { runJob } from '../../src/workers/handlers.ts'

const environment = await testEnvironment(t)
const app = await build(t, environment, { CHAT_MESSAGES_PER_MINUTE: '40' })
const owner = await register(app, { displayName: 'Olive' })
const admin = await register(app)
const member = await register(app, { displayName: 'Max' })
const other = await register(app)
const team = await createTeam(app, owner)
for (const who of [admin, member, other]) await joinWithCode(app, who, team.joinCode)
await setRole(app, owner, team.id, admin.userId, 'admin')
const url = `/teams/${team.id}/messages`
const send = (who: { accessToken: string }, payload: Record<string, unknown>) => app.inject({ method: 'POST', url, headers: bearer(who.accessToken), payload })

t.test('text is stored and returned exactly as sent, within 1–2,000 characters', async (t) => {
  const text = '<script>alert(1)</script> & 🚶‍♀️ “quotes”\nnew line'
  const res = await send(member, { text })
  t.equal(res.statusCode, 201)
  t.match(res.json().data, { text, authorId: member.userId, authorName: 'Max', teamId: team.id })
  const listed = await app.inject({ method: 'GET', url, headers: bearer(owner.accessToken) })
  t.equal(listed.json().data[0].text, text)
  t.equal(errorCode(await send(member, { text: '' })), 'VALIDATION_ERROR')
  t.equal(errorCode(await send(member, { text: '   ' })), 'VALIDATION_ERROR')
  t.equal((await send(member, { text: '🏔'.repeat(2000) })).statusCode, 201, '2,000 characters (4,000 UTF-16 units) pass')
  t.equal(errorCode(await send(member, { text: 'a'.repeat(2001) })), 'VALIDATION_ERROR')
  t.equal(errorCode(await send(member, { text: 'hi', html: true })), 'VALIDATION_ERROR', 'unknown fields refused')
})

t.test('clientMessageId makes a retried send a no-op', async (t) => {
  const first = await send(member, { text: 'once', clientMessageId: 'retry-1' })
  const again = await send(member, { text: 'once', clientMessageId: 'retry-1' })
  t.equal(first.statusCode, 201)
  t.equal(again.statusCode, 200)
  t.equal(again.json().data.id, first.json().data.id)
  const list = await app.inject({ method: 'GET', url: `${url}?limit=100`, headers: bearer(member.accessToken) })
  t.equal(list.json().data.filter((m: { text: string }) => m.text === 'once').length, 1)
  t.equal((await send(owner, { text: 'once', clientMessageId: 'retry-1' })).statusCode, 201, 'ids are per person')
})

t.test('newest first with a keyset cursor', async (t) => {
  const sent: string[] = []
  for (let i = 0; i < 5; i++) sent.push((await send(other, { text: `page ${i}` })).json().data.id)
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const res: Awaited<ReturnType<typeof app.inject>> = await app.inject({ method: 'GET', url: `${url}?limit=3${cursor ? `&cursor=${cursor}` : ''}`, headers: bearer(other.accessToken) })
    t.equal(res.statusCode, 200)
    seen.push(...res.json().data.map((m: { id: string }) => m.id))
    cursor = res.json().meta.nextCursor
  } while (cursor)
  t.same(seen.slice(0, 5), [...sent].reverse(), 'newest first')
  t.equal(new Set(seen).size, seen.length, 'no message twice across pages')
  t.equal(errorCode(await app.inject({ method: 'GET', url: `${url}?cursor=bad`, headers: bearer(other.accessToken) })), 'INVALID_CURSOR')
})

t.test('delete: the author, the owner or an admin; others are refused', async (t) => {
  const mine = (await send(member, { text: 'mine' })).json().data.id
  const owners = (await send(owner, { text: 'owner\'s' })).json().data.id
  const del = (who: { accessToken: string }, id: string) => app.inject({ method: 'DELETE', url: `${url}/${id}`, headers: bearer(who.accessToken) })
  t.equal(errorCode(await del(other, mine)), 'FORBIDDEN')
  t.equal(errorCode(await del(member, owners)), 'FORBIDDEN')
  t.equal((await del(member, mine)).statusCode, 204)
  t.equal(errorCode(await del(member, mine)), 'MESSAGE_NOT_FOUND')
  t.equal((await del(admin, owners)).statusCode, 204)
  t.equal(errorCode(await del(owner, '00000000-0000-4000-8000-000000000000')), 'MESSAGE_NOT_FOUND')
})

t.test('a per-person rate limit', async (t) => {
  const spammer = await register(app)
  await joinWithCode(app, spammer, team.joinCode)
  // 90 sends: however a minute boundary splits them, at least 10 are over 40 in one minute.
  const responses = []
  for (let i = 0; i < 90; i++) responses.push(await send(spammer, { text: `spam ${i}` }))
  const refused = responses.filter(r => r.statusCode === 429)
  t.ok(refused.length >= 10, `over 40 a minute is refused (${responses.length - refused.length} sent)`)
  t.equal(errorCode(refused[0]!), 'RATE_LIMITED')
  t.ok(refused[0]!.json().error.details.retryAfterSeconds > 0)
  t.equal((await send(owner, { text: 'others still can' })).statusCode, 201)
})

t.test('a send racing the deletion of its team leaves nothing behind', async (t) => {
  const doomed = await createTeam(app, owner)
  await joinWithCode(app, member, doomed.joinCode)
  // The worst order: the membership check passes, then the team is deleted
  // and its chat purged, and only then does the message land.
  let raced = false
  const raceDeletion = (next: any) => async (args: any) => {
    if (!raced && args.input?.Item?.teamId === doomed.id && args.input.Item.text === 'last words') {
      raced = true
      t.equal((await app.inject({ method: 'DELETE', url: `/teams/${doomed.id}`, headers: bearer(owner.accessToken) })).statusCode, 204)
      await runJob('purge-team-chat', { teamId: doomed.id }, app.jobDeps)
    }
    return next(args)
  }
  const { documents } = await app.aws.dynamodb()
  documents.middlewareStack.add(raceDeletion, { step: 'initialize', name: 'raceTeamDeletion' })
  t.teardown(() => { documents.middlewareStack.remove('raceTeamDeletion') })
  const res = await app.inject({ method: 'POST', url: `/teams/${doomed.id}/messages`, headers: bearer(member.accessToken), payload: { text: 'last words' } })
  t.ok(raced, 'the deletion ran between the check and the write')
  t.equal(errorCode(res), 'TEAM_NOT_FOUND', 'the sender learns the team is gone')
  t.same(await teamMessageKeys({ dynamodb: app.aws.dynamodb, table: 'teamtrek-chat' }, doomed.id), [], 'no message outlives its team')
})
