import t from 'tap'
import pg from 'pg'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register } from '../helpers/api.ts'
import { createTeam, joinWithCode } from '../helpers/teams.ts'
import { addRoute, dayFromToday, eventually } from '../helpers/progress.ts'
import { clientsOf, is, startApiServer } from '../helpers/ws.ts'
import { LISTENER_NAME } from '../../src/realtime/postgres-fanout.ts'

t.setTimeout(240_000)

// Containers without Redis (Fargate without the cache): two API processes
// and the jobs on SQS, live events between them through Postgres
// LISTEN/NOTIFY. Instance A also runs the workers; B serves only HTTP and sockets.
t.test('two API processes fan out through Postgres when there is no Redis', async (t) => {
  const environment = await testEnvironment(t)
  const env = { ...environment.env, REDIS_URL: '', REALTIME_DRIVER: 'postgres', LOG_LEVEL: 'info' }
  const [a, b] = await Promise.all([
    startApiServer(t, { ...env, WORKER_IN_PROCESS: 'true' }, 'api-a'),
    startApiServer(t, { ...env, WORKER_IN_PROCESS: 'false' }, 'api-b')
  ])
  const setup = await build(t, environment)
  const ada = await register(setup, { displayName: 'Ada' })
  const bob = await register(setup, { displayName: 'Bob' })
  const team = await createTeam(setup, ada, { startDate: dayFromToday(-10), endDate: dayFromToday(30), timezone: 'UTC' })
  await joinWithCode(setup, bob, team.joinCode)
  await addRoute(setup, ada, team.id)

  const open = clientsOf(t)
  const adaOnB = await open(b.ws)
  await adaOnB.request({ action: 'subscribe', teamId: team.id, token: ada.accessToken }, is('subscribed'))
  const bobOnA = await open(a.ws)
  await bobOnA.request({ action: 'subscribe', teamId: team.id, token: bob.accessToken }, is('subscribed'))
  const postActivity = (meters: number) => fetch(`${a.http}/activities`, {
    method: 'POST',
    headers: { ...bearer(ada.accessToken), 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'cycle', distanceMeters: meters, durationSeconds: 3600, startedAt: new Date(Date.now() - 3 * 3_600_000).toISOString(), timezone: 'UTC' })
  })

  await t.test('an activity posted to A (aggregated by A\'s worker) reaches a client of B', async (t) => {
    t.equal((await postActivity(30_000)).status, 201)
    const update = await adaOnB.next(f => f.type === 'progress_update' && f.data.totalDistance === 30_000, 20_000)
    t.equal(update.teamId, team.id)
    t.match(await bobOnA.next(f => f.seq === update.seq), { id: update.id }, 'and A\'s own client the same event')
  })

  await t.test('chat from B reaches A, a message too large for one NOTIFY included', async (t) => {
    const small = await adaOnB.request({ action: 'sendMessage', teamId: team.id, text: 'Through Postgres' }, is('message_sent'))
    t.equal((await bobOnA.next(f => f.type === 'chat_message' && f.data.id === small.messageId)).data.text, 'Through Postgres')
    // 2,000 four-byte characters: over the 8,000-byte NOTIFY limit, so it travels as its place in the log.
    const text = '🏔'.repeat(2000)
    const large = await adaOnB.request({ action: 'sendMessage', teamId: team.id, text }, is('message_sent'))
    const seen = await bobOnA.next(f => f.type === 'chat_message' && f.data.id === large.messageId)
    t.equal(seen.data.text, text, 'whole and unchanged')
  })

  await t.test('a listener that loses its connection reconnects, and pushes flow again', async (t) => {
    const admin = new pg.Client({ connectionString: environment.databaseUrl })
    await admin.connect()
    t.teardown(() => admin.end())
    const listeners = async () => (await admin.query<{ pid: number }>(
      'select pid from pg_stat_activity where application_name = $1 and datname = current_database()', [LISTENER_NAME])).rows.map(r => r.pid)
    const before = await listeners()
    t.ok(before.length >= 2, `each instance listens (${before.length} listeners)`)
    await admin.query('select pg_terminate_backend(pid) from unnest($1::int[]) pid', [before])
    await eventually(listeners, pids => pids.length >= before.length && pids.every(pid => !before.includes(pid)), 20_000, 'listeners back')
    const lastSeq = adaOnB.teamEvents(team.id).at(-1)!.seq
    // Another day: not held back by a daily cap.
    const posted = await fetch(`${a.http}/activities`, {
      method: 'POST',
      headers: { ...bearer(ada.accessToken), 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'walk', distanceMeters: 5000, startedAt: new Date(Date.now() - 30 * 3_600_000).toISOString(), timezone: 'UTC' })
    })
    t.equal(posted.status, 201)
    const update = await adaOnB.next(f => f.type === 'progress_update' && f.seq > lastSeq && f.data.totalDistance > 30_000, 20_000)
    t.equal(update.teamId, team.id, 'B\'s client moves again')
  })
})
