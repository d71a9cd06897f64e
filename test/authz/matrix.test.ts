import { randomUUID } from 'node:crypto'
import t from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register, type Account } from '../helpers/api.ts'
import { createTeam, seedTeam } from '../helpers/teams.ts'
import { createDatabase } from '../../src/db/database.ts'
import { runJob } from '../../src/workers/handlers.ts'
import { matrix, type Caller } from './matrix.ts'

// Hundreds of cells, each over HTTP with a freshly seeded team: slower than most files on a busy machine.
t.setTimeout(300_000)

const environment = await testEnvironment(t)
const app = await build(t, environment)
const db = createDatabase({ url: environment.databaseUrl, poolMax: 2 })
t.teardown(() => db.destroy())

const people = {
  owner: await register(app, { displayName: 'Owner' }),
  admin: await register(app, { displayName: 'Admin' }),
  member: await register(app, { displayName: 'Member' }),
  target: await register(app, { displayName: 'Target' }),
  outsider: await register(app, { displayName: 'Outsider' })
}
// The outsider belongs to a team of their own.
await createTeam(app, people.outsider, { name: 'Team B' })

/** Every cell's team gets a waypoint, for the rows about one. */
async function addWaypoint (teamId: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/waypoints', headers: bearer(people.owner.accessToken), payload: { teamId, name: 'Seeded', lat: 50, lon: -5 } })
  if (res.statusCode !== 201) throw new Error(`seeding a waypoint failed: ${res.body}`)
  return res.json().data.id
}

async function logActivity (): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/activities', headers: bearer(people.owner.accessToken), payload: { type: 'walk', distanceMeters: 2000, startedAt: new Date().toISOString() } })
  if (res.statusCode !== 201) throw new Error(`seeding an activity failed: ${res.body}`)
  return res.json().data.activity.id
}

/** A notification for the owner, as the send-notifications job would write it. */
async function notifyOwner (teamId: string): Promise<string> {
  const row = await db.insertInto('notifications').values({
    user_id: people.owner.userId, event_id: randomUUID(), team_id: teamId, type: 'waypoint_reached', title: 'Reached', body: 'Reached'
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

async function generateReport (teamId: string): Promise<string> {
  const result = await runJob('generate-reports', { teamId, week: '2027-W02' }, app.jobDeps) as { reports: Array<{ reportId: string }> }
  return result.reports[0]!.reportId
}

async function postMessage (teamId: string, author: Account): Promise<string> {
  const res = await app.inject({ method: 'POST', url: `/teams/${teamId}/messages`, headers: bearer(author.accessToken), payload: { text: 'Seeded' } })
  if (res.statusCode !== 201) throw new Error(`seeding a message failed: ${res.body}`)
  return res.json().data.id
}

const CALLERS: Caller[] = ['owner', 'admin', 'member', 'outsider', 'anonymous']
const TEAM_TAGS = new Set(['teams', 'members', 'invitations', 'waypoints', 'activities', 'progress', 'reports', 'notifications', 'chat', 'events'])

async function outboxCount (teamId: string): Promise<number> {
  const row = await db.selectFrom('outbox').select(eb => eb.fn.countAll<number>().as('n')).where('team_id', '=', teamId).executeTakeFirstOrThrow()
  return Number(row.n)
}

t.test('every team, member and invitation route is in the matrix', async (t) => {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
  for (const [path, methods] of Object.entries<Record<string, { tags?: string[] }>>(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!operation.tags?.some(tag => TEAM_TAGS.has(tag))) continue
      t.ok(matrix.some(row => row.method === method.toUpperCase() && row.path === path), `${method.toUpperCase()} ${path} has a matrix row`)
    }
  }
})

async function freshTeam () {
  const team = await seedTeam(app, people)
  return { team, waypoint: await addWaypoint(team.id) }
}

t.test('the matrix holds for every caller', async (t) => {
  // Read-only rows, and rows about the caller's own data, share one seeded team.
  let shared: Awaited<ReturnType<typeof freshTeam>> | undefined
  let cells = 0
  let passed = 0
  let crossTeamSuccesses = 0
  for (const row of matrix) {
    for (const caller of CALLERS) {
      // A fresh team per cell: deleting, leaving or handing over in one cell
      // must not change the next.
      const { team, waypoint } = row.reuseTeam ? (shared ??= await freshTeam()) : await freshTeam()
      const activity = row.id === 'activity' ? await logActivity() : ''
      const notification = row.id === 'notification' ? await notifyOwner(team.id) : ''
      const report = row.id === 'report' ? await generateReport(team.id) : ''
      const userId = people[row.userId ?? 'target'].userId
      const ids = { team: team.id, waypoint, activity, notification, report }
      const messageId = row.message === undefined ? '' : await postMessage(team.id, people[row.message])
      const url = row.path.replace('{id}', ids[row.id ?? 'team']).replace('{userId}', userId).replace('{messageId}', messageId) +
        (row.query ? `?${row.query.replace('$teamId', team.id)}` : '')
      const body = row.body && JSON.parse(JSON.stringify(row.body)
        .replace('"$joinCode"', JSON.stringify(team.joinCode))
        .replace('"$teamId"', JSON.stringify(team.id))
        .replaceAll('"$now"', JSON.stringify(new Date().toISOString())))
      const before = await outboxCount(team.id)
      const account: Account | undefined = caller === 'anonymous' ? undefined : people[caller]
      const res = await app.inject({
        method: row.method,
        url,
        headers: account ? bearer(account.accessToken) : {},
        ...(body !== undefined && { payload: body })
      })
      cells++
      const expected = row.expect[caller]
      if (res.statusCode === expected) passed++
      t.equal(res.statusCode, expected, `${caller} → ${row.method} ${row.path}${row.note ? ` (${row.note})` : ''}: ${res.statusCode === expected ? '' : res.body}`)
      if (res.statusCode >= 400) {
        t.equal(res.json().success, false, 'errors use the envelope')
        t.equal(await outboxCount(team.id), before, `${caller} → ${row.method} ${row.path}: a refused request writes nothing`)
      }
      const crossTeam = caller === 'outsider' && (row.path.includes('{id}') || JSON.stringify(row.body ?? {}).includes('$teamId') || (row.query ?? '').includes('$teamId'))
      if (crossTeam && res.statusCode < 400) crossTeamSuccesses++
    }
  }
  t.equal(crossTeamSuccesses, 0, '0 cross-team reads or writes succeed')
  t.comment(`${passed}/${cells} matrix cells pass`)
  t.equal(passed, cells, '100% of matrix cells pass')
})

t.test('GET /teams lists only the caller\'s teams', async (t) => {
  // A stranger untouched by the matrix above (where the outsider joined by code).
  const stranger = await register(app, { displayName: 'Stranger' })
  const own = await createTeam(app, stranger, { name: 'Team C' })
  const team = await seedTeam(app, people)
  const listed = (await app.inject({ method: 'GET', url: '/teams?limit=100', headers: bearer(stranger.accessToken) })).json().data
  t.same(listed.map((x: { id: string }) => x.id), [own.id], 'exactly their own team')
  t.notOk(listed.some((x: { id: string }) => x.id === team.id))
})

t.test('notifications reach their recipient only', async (t) => {
  const team = await seedTeam(app, people)
  const id = await notifyOwner(team.id)
  for (const caller of ['admin', 'member', 'target', 'outsider'] as const) {
    const listed = await app.inject({ method: 'GET', url: '/notifications?limit=100', headers: bearer(people[caller].accessToken) })
    t.notOk(listed.json().data.some((n: { id: string }) => n.id === id), `${caller} does not see the owner's notification`)
    await app.inject({ method: 'POST', url: '/notifications/read-all', headers: bearer(people[caller].accessToken) })
  }
  const row = await db.selectFrom('notifications').select('read_at').where('id', '=', id).executeTakeFirstOrThrow()
  t.equal(row.read_at, null, 'read-all by others leaves it unread')
  const own = await app.inject({ method: 'GET', url: '/notifications?unread=true&limit=100', headers: bearer(people.owner.accessToken) })
  t.ok(own.json().data.some((n: { id: string }) => n.id === id), 'the owner sees it')
})

t.test('emails of other members only reach the owner and admins', async (t) => {
  const team = await seedTeam(app, people)
  for (const caller of ['owner', 'admin', 'member'] as const) {
    const res = await app.inject({ method: 'GET', url: `/teams/${team.id}/members`, headers: bearer(people[caller].accessToken) })
    const members = res.json().data as Array<{ email?: string }>
    const withEmail = members.filter(m => m.email !== undefined).length
    if (caller === 'member') t.equal(withEmail, 0, 'members see no emails')
    else t.equal(withEmail, members.length, `${caller} sees emails`)
    if (caller === 'member') t.notMatch(res.body, people.target.email)
  }
  const asMember = await app.inject({ method: 'GET', url: `/teams/${team.id}`, headers: bearer(people.member.accessToken) })
  t.equal(asMember.json().data.joinCode, undefined, 'members do not see the join code')
})
