import t from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register } from '../helpers/api.ts'
import { createTeam, joinWithCode, seedTeam } from '../helpers/teams.ts'
import { createDatabase } from '../../src/db/database.ts'

const environment = await testEnvironment(t)
const app = await build(t, environment, { TEAM_MAX_MEMBERS: '50' })
const db = createDatabase({ url: environment.databaseUrl, poolMax: 2 })
t.teardown(() => db.destroy())

const events = async (teamId: string) => (await db.selectFrom('outbox').select(['type', 'payload']).where('team_id', '=', teamId).orderBy('created_at').execute())

t.test('create: defaults, validation and the creator as owner', async (t) => {
  const owner = await register(app, { timezone: 'America/New_York' })
  const team = await createTeam(app, owner, { dailyCapMeters: 42_195 })
  t.match(team, { role: 'owner', memberCount: 1, timezone: 'America/New_York', scoring: 'sum', visibility: 'private', maxMembers: 50, dailyCapMeters: 42195 })
  t.match(team.joinCode, /^[A-HJ-NP-Z2-9]{8}$/)
  t.same((await events(team.id)).map(e => e.type), ['team.created', 'member.joined'])

  const bad = async (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/teams', headers: bearer(owner.accessToken), payload })
  const base = { name: 'X', startDate: '2027-01-01', endDate: '2027-02-01' }
  for (const [what, payload] of Object.entries({
    'end before start': { ...base, endDate: '2026-12-31' },
    'name too long': { ...base, name: 'x'.repeat(81) },
    'empty name': { ...base, name: '' },
    'not a date': { ...base, startDate: '2027-13-01' },
    'bad time zone': { ...base, timezone: 'Europe/Atlantis' },
    'bad scoring': { ...base, scoring: 'median' },
    'negative cap': { ...base, dailyCapMeters: -5 },
    'too many members for this deployment': { ...base, maxMembers: 51 },
    'ownerId (mass assignment)': { ...base, ownerId: owner.userId },
    'joinCode (mass assignment)': { ...base, joinCode: 'AAAA2222' },
    'id (mass assignment)': { ...base, id: '00000000-0000-4000-8000-000000000000' }
  })) {
    const res = await bad(payload)
    t.equal(res.statusCode, 400, what)
    t.equal(errorCode(res), 'VALIDATION_ERROR', what)
  }
})

t.test('update by owner and admin; the join code rotates and the old one stops working', async (t) => {
  const people = { owner: await register(app), admin: await register(app), member: await register(app), target: await register(app) }
  const team = await seedTeam(app, people)
  const put = await app.inject({ method: 'PUT', url: `/teams/${team.id}`, headers: bearer(people.admin.accessToken), payload: { name: 'Renamed', scoring: 'average', dailyCapMeters: null } })
  t.equal(put.statusCode, 200)
  t.match(put.json().data, { name: 'Renamed', scoring: 'average', dailyCapMeters: null, startDate: '2027-01-01' })
  const shrink = await app.inject({ method: 'PUT', url: `/teams/${team.id}`, headers: bearer(people.owner.accessToken), payload: { maxMembers: 3 } })
  t.equal(shrink.statusCode, 400, 'cannot shrink below the current member count')
  const role = await app.inject({ method: 'PUT', url: `/teams/${team.id}`, headers: bearer(people.owner.accessToken), payload: { role: 'owner' } })
  t.equal(role.statusCode, 400, 'unknown fields are refused')

  const rotated = await app.inject({ method: 'POST', url: `/teams/${team.id}/join-code`, headers: bearer(people.admin.accessToken) })
  t.equal(rotated.statusCode, 200)
  const newCode = rotated.json().data.joinCode
  t.not(newCode, team.joinCode)
  const late = await register(app)
  const old = await app.inject({ method: 'POST', url: '/teams/join', headers: bearer(late.accessToken), payload: { code: team.joinCode } })
  t.equal(errorCode(old), 'INVALID_JOIN_CODE', 'the old code is dead')
  const fresh = await app.inject({ method: 'POST', url: '/teams/join', headers: bearer(late.accessToken), payload: { code: newCode.toLowerCase().replace(/(....)/, '$1-') } })
  t.equal(fresh.statusCode, 201, 'codes are forgiving of case and dashes')
})

t.test('pagination of GET /teams and members is keyset and complete', async (t) => {
  const owner = await register(app)
  const created = []
  for (let i = 0; i < 5; i++) created.push((await createTeam(app, owner, { name: `Team ${i}` })).id)
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const res: Awaited<ReturnType<typeof app.inject>> = await app.inject({ method: 'GET', url: `/teams?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: bearer(owner.accessToken) })
    t.equal(res.statusCode, 200)
    seen.push(...res.json().data.map((x: { id: string }) => x.id))
    cursor = res.json().meta.nextCursor
  } while (cursor)
  t.same(seen, [...created].reverse(), 'every team once, newest first')
  const bad = await app.inject({ method: 'GET', url: '/teams?cursor=not-a-cursor', headers: bearer(owner.accessToken) })
  t.equal(errorCode(bad), 'INVALID_CURSOR')
  const tooMany = await app.inject({ method: 'GET', url: '/teams?limit=1000', headers: bearer(owner.accessToken) })
  t.equal(errorCode(tooMany), 'VALIDATION_ERROR')

  const team = created[0]!
  const code = (await app.inject({ method: 'GET', url: `/teams/${team}`, headers: bearer(owner.accessToken) })).json().data.joinCode
  for (let i = 0; i < 4; i++) await joinWithCode(app, await register(app), code)
  const members: string[] = []
  cursor = null
  do {
    const res: Awaited<ReturnType<typeof app.inject>> = await app.inject({ method: 'GET', url: `/teams/${team}/members?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: bearer(owner.accessToken) })
    members.push(...res.json().data.map((x: { userId: string }) => x.userId))
    cursor = res.json().meta.nextCursor
  } while (cursor)
  t.equal(members.length, 5)
  t.equal(new Set(members).size, 5)
  t.equal(members[0], owner.userId, 'in joining order')
})

t.test('leaving, removal and hand-over', async (t) => {
  const people = { owner: await register(app), admin: await register(app), member: await register(app), target: await register(app) }
  const team = await seedTeam(app, people)

  const ownerLeaves = await app.inject({ method: 'POST', url: `/teams/${team.id}/leave`, headers: bearer(people.owner.accessToken) })
  t.equal(errorCode(ownerLeaves), 'OWNER_MUST_TRANSFER')

  const removed = await app.inject({ method: 'DELETE', url: `/teams/${team.id}/members/${people.target.userId}`, headers: bearer(people.admin.accessToken) })
  t.equal(removed.statusCode, 204)
  const lockedOut = await app.inject({ method: 'GET', url: `/teams/${team.id}`, headers: bearer(people.target.accessToken) })
  t.equal(errorCode(lockedOut), 'TEAM_NOT_FOUND', 'a removed member loses access at once')

  const handOver = await app.inject({ method: 'PATCH', url: `/teams/${team.id}/members/${people.member.userId}`, headers: bearer(people.owner.accessToken), payload: { role: 'owner' } })
  t.equal(handOver.statusCode, 200)
  t.equal(handOver.json().data.role, 'owner')
  const view = (await app.inject({ method: 'GET', url: `/teams/${team.id}`, headers: bearer(people.owner.accessToken) })).json().data
  t.equal(view.role, 'admin', 'the old owner is now an admin')
  t.equal(view.ownerId, people.member.userId)

  t.equal((await app.inject({ method: 'POST', url: `/teams/${team.id}/leave`, headers: bearer(people.owner.accessToken) })).statusCode, 200, 'the old owner can leave now')
  t.equal((await app.inject({ method: 'POST', url: `/teams/${team.id}/leave`, headers: bearer(people.admin.accessToken) })).statusCode, 200)
  const last = await app.inject({ method: 'POST', url: `/teams/${team.id}/leave`, headers: bearer(people.member.accessToken) })
  t.same(last.json().data, { teamDeleted: true }, 'the last member leaving deletes the team')
  t.equal(await db.selectFrom('teams').select('id').where('id', '=', team.id).executeTakeFirst(), undefined)
  const types = (await events(team.id)).map(e => e.type)
  t.ok(types.includes('member.left') && types.includes('member.role_changed') && types.at(-1) === 'team.deleted', types.join(', '))
})

t.test('deleting a team removes its members and invitations in one go', async (t) => {
  const people = { owner: await register(app), admin: await register(app), member: await register(app), target: await register(app) }
  const team = await seedTeam(app, people)
  await app.inject({ method: 'POST', url: `/teams/${team.id}/invite`, headers: bearer(people.owner.accessToken), payload: { email: 'later@example.com' } })
  const res = await app.inject({ method: 'DELETE', url: `/teams/${team.id}`, headers: bearer(people.owner.accessToken) })
  t.equal(res.statusCode, 204)
  for (const table of ['team_members', 'invitations'] as const) {
    const { n } = await db.selectFrom(table).select(eb => eb.fn.countAll<number>().as('n')).where('team_id', '=', team.id).executeTakeFirstOrThrow()
    t.equal(Number(n), 0, `no ${table} rows left`)
  }
  t.equal((await events(team.id)).at(-1)?.type, 'team.deleted')
  t.equal((await app.inject({ method: 'GET', url: `/teams/${team.id}`, headers: bearer(people.member.accessToken) })).statusCode, 404)
})

t.test('deleting an account hands its teams over, or deletes the ones nobody else is in', async (t) => {
  const owner = await register(app)
  const shared = await createTeam(app, owner, { name: 'Shared' })
  const solo = await createTeam(app, owner, { name: 'Solo' })
  const member = await register(app)
  const admin = await register(app)
  await joinWithCode(app, member, shared.joinCode)
  await joinWithCode(app, admin, shared.joinCode)
  await app.inject({ method: 'PATCH', url: `/teams/${shared.id}/members/${admin.userId}`, headers: bearer(owner.accessToken), payload: { role: 'admin' } })

  t.equal((await app.inject({ method: 'DELETE', url: '/users/me', headers: bearer(owner.accessToken) })).statusCode, 204)
  const view = (await app.inject({ method: 'GET', url: `/teams/${shared.id}`, headers: bearer(admin.accessToken) })).json().data
  t.equal(view.ownerId, admin.userId, 'the admin takes over before a longer-standing member')
  t.equal(view.role, 'owner')
  t.equal(view.memberCount, 2)
  t.equal(await db.selectFrom('teams').select('id').where('id', '=', solo.id).executeTakeFirst(), undefined, 'the solo team is gone')

  t.equal((await app.inject({ method: 'DELETE', url: '/users/me', headers: bearer(member.accessToken) })).statusCode, 204)
  const left = (await events(shared.id)).filter(e => e.type === 'member.left').map(e => e.payload)
  t.ok(left.some(p => p.userId === member.userId && p.reason === 'account_deleted'), 'a plain member deleting their account leaves a member.left event')
})
