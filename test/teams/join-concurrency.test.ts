import t from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register } from '../helpers/api.ts'
import { createTeam } from '../helpers/teams.ts'
import { createDatabase } from '../../src/db/database.ts'

const environment = await testEnvironment(t)
const app = await build(t, environment)

t.test('20 parallel joins with one code into 10 free places: exactly 10 get in', async (t) => {
  const owner = await register(app)
  const team = await createTeam(app, owner, { maxMembers: 11 }) // the owner holds one place
  const joiners = await Promise.all(Array.from({ length: 20 }, (_, i) => register(app, { displayName: `Joiner ${i}` })))
  const results = await Promise.all(joiners.map(j =>
    app.inject({ method: 'POST', url: '/teams/join', headers: bearer(j.accessToken), payload: { code: team.joinCode } })))
  const joined = results.filter(r => r.statusCode === 201).length
  const full = results.filter(r => r.statusCode === 409 && errorCode(r) === 'TEAM_FULL').length
  t.equal(joined, 10, '10 joined')
  t.equal(full, 10, 'the other 10 got TEAM_FULL')

  const db = createDatabase({ url: environment.databaseUrl, poolMax: 1 })
  t.teardown(() => db.destroy())
  const { n } = await db.selectFrom('team_members').select(eb => eb.fn.countAll<number>().as('n')).where('team_id', '=', team.id).executeTakeFirstOrThrow()
  t.equal(Number(n), 11, 'the database holds the owner and 10 members')
  const events = await db.selectFrom('outbox').select(eb => eb.fn.countAll<number>().as('n')).where('team_id', '=', team.id).where('type', '=', 'member.joined').executeTakeFirstOrThrow()
  t.equal(Number(events.n), 11, 'one member.joined event per membership')
})

t.test('the same person joining 5 times at once becomes one member', async (t) => {
  const owner = await register(app)
  const team = await createTeam(app, owner)
  const eager = await register(app)
  const results = await Promise.all(Array.from({ length: 5 }, () =>
    app.inject({ method: 'POST', url: '/teams/join', headers: bearer(eager.accessToken), payload: { code: team.joinCode } })))
  t.same(results.map(r => r.statusCode).sort(), [200, 200, 200, 200, 201])
  const members = (await app.inject({ method: 'GET', url: `/teams/${team.id}/members`, headers: bearer(owner.accessToken) })).json().data
  t.equal(members.length, 2)
})
