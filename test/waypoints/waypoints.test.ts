import t from 'tap'
import { readFile } from 'node:fs/promises'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register, type Account } from '../helpers/api.ts'
import { createTeam, joinWithCode } from '../helpers/teams.ts'
import { createDatabase } from '../../src/db/database.ts'
import { parseGpx } from '../../src/routes/waypoints/route-file.ts'
import { legsOf } from '../../src/lib/geo.ts'

const environment = await testEnvironment(t)
const app = await build(t, environment)
const db = createDatabase({ url: environment.databaseUrl, poolMax: 2 })
t.teardown(() => db.destroy())
const lejog = await readFile(new URL('../fixtures/lejog.gpx', import.meta.url), 'utf8')

async function addWaypoint (owner: Account, teamId: string, body: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/waypoints', headers: bearer(owner.accessToken), payload: { teamId, ...body } })
}
async function route (account: Account, teamId: string) {
  return (await app.inject({ method: 'GET', url: `/teams/${teamId}/waypoints`, headers: bearer(account.accessToken) })).json().data as Array<{ id: string, name: string, position: number, cumulativeMeters: number }>
}
async function goal (account: Account, teamId: string): Promise<number> {
  return (await app.inject({ method: 'GET', url: `/teams/${teamId}`, headers: bearer(account.accessToken) })).json().data.goalDistanceMeters
}

t.test('insert, move and delete keep the order contiguous and the goal distance current', async (t) => {
  const owner = await register(app)
  const team = await createTeam(app, owner)
  t.equal((await addWaypoint(owner, team.id, { name: 'London', lat: 51.5074, lon: -0.1278 })).statusCode, 201)
  t.equal((await addWaypoint(owner, team.id, { name: 'Paris', lat: 48.8566, lon: 2.3522 })).statusCode, 201)
  const london2paris = await goal(owner, team.id)
  t.ok(london2paris > 343_000 && london2paris < 345_000, `London–Paris great circle ≈ 344 km (${london2paris.toFixed(0)} m)`)

  const dover = await addWaypoint(owner, team.id, { name: 'Dover', lat: 51.1279, lon: 1.3134, position: 1 })
  t.equal(dover.json().data.position, 1)
  t.same((await route(owner, team.id)).map(w => [w.position, w.name]), [[0, 'London'], [1, 'Dover'], [2, 'Paris']])
  t.ok(await goal(owner, team.id) > london2paris, 'a detour lengthens the goal')

  const beyond = await addWaypoint(owner, team.id, { name: 'Nowhere', lat: 0, lon: 0, position: 7 })
  t.equal(errorCode(beyond), 'VALIDATION_ERROR', 'positions beyond the end are refused')

  const move = await app.inject({ method: 'PUT', url: `/waypoints/${dover.json().data.id}`, headers: bearer(owner.accessToken), payload: { position: 2, name: 'Calais', lat: 50.9513, lon: 1.8587 } })
  t.equal(move.statusCode, 200)
  t.same((await route(owner, team.id)).map(w => [w.position, w.name]), [[0, 'London'], [1, 'Paris'], [2, 'Calais']])
  const stored = await route(owner, team.id)
  t.equal(stored.at(-1)!.cumulativeMeters, await goal(owner, team.id), 'the last cumulative distance is the goal')

  const first = stored[0]!
  t.equal((await app.inject({ method: 'DELETE', url: `/waypoints/${first.id}`, headers: bearer(owner.accessToken) })).statusCode, 204)
  t.same((await route(owner, team.id)).map(w => [w.position, w.name]), [[0, 'Paris'], [1, 'Calais']])

  const calc = await app.inject({ method: 'POST', url: '/waypoints/calculate-route', headers: bearer(owner.accessToken), payload: { teamId: team.id } })
  t.equal(calc.json().data.totalDistanceMeters, await goal(owner, team.id), 'calculate-route agrees with the stored goal')
  t.equal(calc.json().data.legs.length, 1)

  const events = await db.selectFrom('outbox').select('payload').where('team_id', '=', team.id).where('type', '=', 'route.changed').execute()
  t.equal(events.length, 5, 'one route.changed per change (2 adds, 1 insert, 1 move, 1 delete)')
})

t.test('validation and permissions', async (t) => {
  const owner = await register(app)
  const team = await createTeam(app, owner)
  for (const body of [{ name: 'X', lat: 90.1, lon: 0 }, { name: 'X', lat: 0, lon: -180.5 }, { name: '', lat: 0, lon: 0 }, { name: 'X', lat: '10', lon: 0 }, { name: 'X', lat: 0, lon: 0, id: 'x' }]) {
    t.equal(errorCode(await addWaypoint(owner, team.id, body)), 'VALIDATION_ERROR', JSON.stringify(body))
  }
  const member = await register(app)
  await joinWithCode(app, member, team.joinCode)
  t.equal(errorCode(await addWaypoint(member, team.id, { name: 'X', lat: 0, lon: 0 })), 'FORBIDDEN', 'members read, they do not edit')
  t.equal((await app.inject({ method: 'GET', url: `/teams/${team.id}/waypoints`, headers: bearer(member.accessToken) })).statusCode, 200)
  const ghost = await app.inject({ method: 'PUT', url: '/waypoints/3f1c2a9e-1111-4222-8333-944455556666', headers: bearer(owner.accessToken), payload: { name: 'Y' } })
  t.equal(errorCode(ghost), 'WAYPOINT_NOT_FOUND')
})

t.test('ad-hoc route calculation', async (t) => {
  const someone = await register(app)
  const res = await app.inject({
    method: 'POST',
    url: '/waypoints/calculate-route',
    headers: bearer(someone.accessToken),
    payload: { points: [{ lat: 0, lon: 0, name: 'A' }, { lat: 0, lon: 1 }, { lat: 0, lon: 2, name: 'C' }] }
  })
  t.equal(res.statusCode, 200)
  const { legs, totalDistanceMeters } = res.json().data
  // One degree of longitude on the equator: 2πR/360 with R = 6,371,008.8 m.
  t.ok(Math.abs(legs[0].distanceMeters - 111_195.08) < 1, `${legs[0].distanceMeters}`)
  t.ok(Math.abs(totalDistanceMeters - 2 * 111_195.08) < 2)
  t.same(legs.map((l: any) => [l.from.name, l.to.name]), [['A', null], [null, 'C']])
  const one = await app.inject({ method: 'POST', url: '/waypoints/calculate-route', headers: bearer(someone.accessToken), payload: { points: [{ lat: 0, lon: 0 }] } })
  t.equal(errorCode(one), 'VALIDATION_ERROR')
})

t.test('importing a real GPX track: simplified, names kept, one transaction', async (t) => {
  const owner = await register(app)
  const team = await createTeam(app, owner)
  await addWaypoint(owner, team.id, { name: 'Old start', lat: 10, lon: 10 })
  const full = await parseGpx(lejog)
  t.ok(full.length > 700, `${full.length} points in the file`)
  const fullLength = legsOf(full).totalMeters

  const res = await app.inject({ method: 'POST', url: `/teams/${team.id}/waypoints/import`, headers: bearer(owner.accessToken), payload: { format: 'gpx', content: lejog, maxWaypoints: 60 } })
  t.equal(res.statusCode, 200)
  const imported = res.json().data as Array<{ name: string, position: number }>
  t.ok(imported.length <= 60 && imported.length > 20, `${imported.length} waypoints`)
  t.same(imported.map(w => w.position), imported.map((_, i) => i), 'contiguous positions')
  for (const name of ['Exeter', 'Bristol', 'Birmingham', 'Manchester', 'Carlisle', 'Glasgow', 'Inverness']) {
    t.ok(imported.some(w => w.name === name), `${name} kept`)
  }
  t.equal(imported[0]!.name, "Land's End")
  t.equal(imported.at(-1)!.name, "John o' Groats")
  t.notOk(imported.some(w => w.name === 'Old start'), 'the old route is replaced')
  const goalMeters = await goal(owner, team.id)
  t.ok(goalMeters > 0.9 * fullLength && goalMeters <= fullLength + 1, `goal ${(goalMeters / 1000).toFixed(1)} km vs track ${(fullLength / 1000).toFixed(1)} km`)

  const broken = await app.inject({ method: 'POST', url: `/teams/${team.id}/waypoints/import`, headers: bearer(owner.accessToken), payload: { format: 'gpx', content: lejog.slice(0, 5000) } })
  t.equal(broken.statusCode, 422)
  t.equal(errorCode(broken), 'INVALID_ROUTE_FILE')
  t.equal((await route(owner, team.id)).length, imported.length, 'a bad file changes nothing')

  const geojson = JSON.stringify({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', geometry: { type: 'LineString', coordinates: full.map(p => [p.lon, p.lat]) }, properties: {} },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [-2.5879, 51.4545] }, properties: { name: 'Bristol' } }
    ]
  })
  const fromGeoJson = await app.inject({ method: 'POST', url: `/teams/${team.id}/waypoints/import`, headers: bearer(owner.accessToken), payload: { format: 'geojson', content: geojson, maxWaypoints: 30 } })
  t.equal(fromGeoJson.statusCode, 200)
  t.ok(fromGeoJson.json().data.length <= 30)
  t.ok(fromGeoJson.json().data.some((w: { name: string }) => w.name === 'Bristol'))
})

t.test('a route holds at most 1,000 waypoints', async (t) => {
  const owner = await register(app)
  const team = await createTeam(app, owner)
  const points = Array.from({ length: 1000 }, (_, i) => [i * 0.01 - 5, 50 + Math.sin(i) * 0.01])
  const content = JSON.stringify({ type: 'LineString', coordinates: points })
  const res = await app.inject({ method: 'POST', url: `/teams/${team.id}/waypoints/import`, headers: bearer(owner.accessToken), payload: { format: 'geojson', content, maxWaypoints: 1000 } })
  t.equal(res.json().data.length, 1000)
  const more = await addWaypoint(owner, team.id, { name: 'One too many', lat: 0, lon: 0 })
  t.equal(more.statusCode, 409)
  t.equal(errorCode(more), 'ROUTE_TOO_LONG')
})

t.test('concurrent inserts at the front still leave a contiguous order', async (t) => {
  const owner = await register(app)
  const team = await createTeam(app, owner)
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) => addWaypoint(owner, team.id, { name: `W${i}`, lat: 50 + i / 10, lon: 0, position: 0 })))
  t.ok(results.every(r => r.statusCode === 201))
  t.same((await route(owner, team.id)).map(w => w.position), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
})
