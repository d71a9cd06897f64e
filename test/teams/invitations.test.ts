import t from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register, uniqueEmail } from '../helpers/api.ts'
import { createTeam } from '../helpers/teams.ts'
import { createDatabase } from '../../src/db/database.ts'
import { deriveKey, INVITATION_KEY, invitationToken } from '../../src/lib/signing.ts'

const environment = await testEnvironment(t)
const app = await build(t, environment, { INVITATIONS_PER_USER_PER_HOUR: '3', INVITATIONS_PER_TEAM_PER_DAY: '5' })
const db = createDatabase({ url: environment.databaseUrl, poolMax: 2 })
t.teardown(() => db.destroy())

/** The token is derived from the invitation's id with the server key, as the email job derives it. */
async function tokenFor (invitationId: string): Promise<string> {
  const row = await db.selectFrom('outbox').select('payload').where('type', '=', 'invitation.created')
    .where(eb => eb(eb.ref('payload', '->>').key('invitationId'), '=', invitationId)).executeTakeFirstOrThrow()
  if ('token' in row.payload) throw new Error('the invitation token must not travel in the event')
  return invitationToken(deriveKey(environment.env.JWT_SECRET!, INVITATION_KEY), invitationId)
}

async function invite (owner: { accessToken: string }, teamId: string, email: string) {
  return app.inject({ method: 'POST', url: `/teams/${teamId}/invite`, headers: bearer(owner.accessToken), payload: { email } })
}

t.test('an invitation is single-use, bound to its email, and never shown in the API', async (t) => {
  const owner = await register(app)
  const team = await createTeam(app, owner)
  const guest = await register(app)
  const res = await invite(owner, team.id, guest.email.toUpperCase())
  t.equal(res.statusCode, 201)
  const invitation = res.json().data
  t.equal(invitation.email, guest.email, 'stored lower-cased')
  t.notOk('token' in invitation, 'the token is not in the response')
  const expiresIn = Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt)
  t.ok(Math.abs(expiresIn - 7 * 86_400_000) < 5000, 'valid for 7 days')
  const token = await tokenFor(invitation.id)
  const stored = await db.selectFrom('invitations').select('token_hash').where('id', '=', invitation.id).executeTakeFirstOrThrow()
  t.not(stored.token_hash, token, 'only a hash is stored')

  const stranger = await register(app)
  const wrongPerson = await app.inject({ method: 'POST', url: '/teams/join', headers: bearer(stranger.accessToken), payload: { token } })
  t.equal(errorCode(wrongPerson), 'INVITATION_EMAIL_MISMATCH')

  const joined = await app.inject({ method: 'POST', url: '/teams/join', headers: bearer(guest.accessToken), payload: { token } })
  t.equal(joined.statusCode, 201)
  t.equal(joined.json().data.team.role, 'member')
  const again = await app.inject({ method: 'POST', url: '/teams/join', headers: bearer(guest.accessToken), payload: { token } })
  t.equal(again.statusCode, 200, 'using it again is a no-op')
  t.equal(again.json().data.alreadyMember, true)

  const bogus = await app.inject({ method: 'POST', url: '/teams/join', headers: bearer(guest.accessToken), payload: { token: 'x'.repeat(43) } })
  t.equal(errorCode(bogus), 'INVITATION_NOT_FOUND')
  const both = await app.inject({ method: 'POST', url: '/teams/join', headers: bearer(guest.accessToken), payload: { token, code: team.joinCode } })
  t.equal(errorCode(both), 'VALIDATION_ERROR', 'a code or a token, not both')
})

t.test('a used invitation cannot let anyone else in; an expired one nobody', async (t) => {
  const owner = await register(app)
  const team = await createTeam(app, owner)
  const email = uniqueEmail('expiring')
  const invitation = (await invite(owner, team.id, email)).json().data
  await db.updateTable('invitations').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', invitation.id).execute()
  const guest = await register(app, { email })
  const res = await app.inject({ method: 'POST', url: '/teams/join', headers: bearer(guest.accessToken), payload: { token: await tokenFor(invitation.id) } })
  t.equal(res.statusCode, 410)
  t.equal(errorCode(res), 'INVITATION_EXPIRED')
})

t.test('invitations are limited per person per hour and per team per day', async (t) => {
  const owner = await register(app)
  const team = await createTeam(app, owner)
  const statuses = []
  for (let i = 0; i < 4; i++) statuses.push((await invite(owner, team.id, uniqueEmail('spam'))).statusCode)
  t.same(statuses, [201, 201, 201, 429], 'the fourth in an hour is refused')
  const limited = await invite(owner, team.id, uniqueEmail('spam'))
  t.equal(errorCode(limited), 'INVITATION_LIMIT')

  // Another admin can go on until the team's daily limit.
  const admin = await register(app)
  await app.inject({ method: 'POST', url: '/teams/join', headers: bearer(admin.accessToken), payload: { code: team.joinCode } })
  await app.inject({ method: 'PATCH', url: `/teams/${team.id}/members/${admin.userId}`, headers: bearer(owner.accessToken), payload: { role: 'admin' } })
  const more = []
  for (let i = 0; i < 3; i++) more.push((await invite(admin, team.id, uniqueEmail('spam'))).statusCode)
  t.same(more, [201, 201, 429], 'five a day for the team')
  const { n } = await db.selectFrom('outbox').select(eb => eb.fn.countAll<number>().as('n')).where('team_id', '=', team.id).where('type', '=', 'invitation.created').executeTakeFirstOrThrow()
  t.equal(Number(n), 5, 'one invitation.created event per invitation, none for refused ones')
})
