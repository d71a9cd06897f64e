import { Writable } from 'node:stream'
import t from 'tap'
import { testEnvironment } from '../helpers/build.ts'
import { bearer, register } from '../helpers/api.ts'
import { createTeam } from '../helpers/teams.ts'
import { eventually } from '../helpers/progress.ts'
import { startMockProviders } from '../helpers/mock-providers.ts'
import { callback, connect, providerSettings, startConnect, STRAVA_SUBSCRIPTION_ID, utcDay } from '../helpers/integrations.ts'
import { buildApp, loggerOptions } from '../../src/app/app.ts'
import { startConsumers } from '../../src/app/start-consumers.ts'
import { loadConfig } from '../../src/lib/config.ts'

// The whole path with real consumers (SQS emulator and poller): a Strava
// webhook → outbox → sync-fitness-data job → fetch → credit → team progress;
// and every log line of it read back for tokens.
t.test('a Strava create is credited within seconds, and no token reaches a log line', async (t) => {
  const environment = await testEnvironment(t)
  const mock = await startMockProviders(t)
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _enc, done) { lines.push(String(chunk)); done() } })
  const config = { ...loadConfig({ ...environment.env, ...providerSettings(mock), LOG_LEVEL: 'debug' }), DATABASE_URL: environment.databaseUrl }
  const app = await buildApp(config, { logger: { ...(loggerOptions(config) as Record<string, unknown>), transport: undefined, stream } as never })
  t.teardown(() => app.close())
  await app.ready()
  const consumers = await startConsumers(app, config, { schedules: false })
  t.teardown(() => consumers.stop())

  const runner = await register(app, { timezone: 'UTC' })
  const team = await createTeam(app, runner, { startDate: utcDay(-5), endDate: utcDay(5), timezone: 'UTC' })
  const athleteId = 777
  const connectionId = await connect(app, mock, runner, 'strava', athleteId)
  // The connection's first sync runs on its own (integration.connected → job).
  await eventually(() => app.db.selectFrom('integration_connections').select('last_success_at').where('id', '=', connectionId).executeTakeFirst(),
    row => row?.last_success_at != null, 15_000, 'first sync')

  mock.strava.activities.set(424242, {
    id: 424242, athleteId, sport_type: 'Run', distance: 8000, moving_time: 2400, elapsed_time: 2500, start_date: new Date(Date.now() - 3_600_000).toISOString(), timezone: '(GMT+00:00) UTC'
  })
  const delivery = { aspect_type: 'create', event_time: Math.floor(Date.now() / 1000), object_id: 424242, object_type: 'activity', owner_id: athleteId, subscription_id: STRAVA_SUBSCRIPTION_ID, updates: {} }
  const started = Date.now()
  const res = await app.inject({ method: 'POST', url: '/integrations/strava/webhook', payload: delivery })
  t.equal(res.statusCode, 200)
  t.ok(Date.now() - started < 2000, 'answered within Strava\'s 2 s')
  const stored = await eventually(() => app.db.selectFrom('team_progress').select('total_distance_m').where('team_id', '=', team.id).executeTakeFirst(),
    row => row?.total_distance_m === 8000, 15_000, 'team progress moved')
  t.ok(stored)
  const seconds = (Date.now() - started) / 1000
  t.ok(seconds < 10, `credited ${seconds.toFixed(2)} s after the webhook`)
  t.comment(`webhook → team progress in ${seconds.toFixed(2)} s`)

  // Delivered again (Strava retries): credited once.
  await app.inject({ method: 'POST', url: '/integrations/strava/webhook', payload: delivery })
  await new Promise(resolve => setTimeout(resolve, 1500))
  const rows = await app.db.selectFrom('activities').select('id').where('user_id', '=', runner.userId).execute()
  t.equal(rows.length, 1)
  const ledger = (await app.inject({ method: 'GET', url: `/activities/ledger?teamId=${team.id}`, headers: bearer(runner.accessToken) })).json().data
  t.match(ledger, [{ source: 'strava', creditedMeters: 8000 }])

  // Refresh, a refused callback and a revoke, so their log lines are in the check too.
  mock.expireAccessTokens()
  await app.db.updateTable('integration_connections').set({ token_expires_at: new Date(0) }).execute()
  await app.inject({ method: 'POST', url: '/integrations/strava/webhook', payload: { ...delivery, aspect_type: 'update', event_time: delivery.event_time + 1 } })
  await eventually(() => app.db.selectFrom('integration_webhook_events').select('processed_at').where('dedupe_key', 'like', '%:update:%').executeTakeFirst(),
    row => row?.processed_at != null, 15_000, 'update handled')
  const started2 = await startConnect(app, runner, 'google')
  const back = await mock.consent(started2.json().data.authorizationUrl)
  await callback(app, 'google', back)
  await callback(app, 'google', back) // reused: refused
  await app.inject({ method: 'DELETE', url: '/integrations/strava', headers: bearer(runner.accessToken) })

  const issued = mock.tokensIssued()
  t.ok(issued.length >= 5, `${issued.length} provider tokens issued during the test`)
  const log = lines.join('')
  t.ok(lines.length > 20, `${lines.length} log lines read`)
  t.ok(log.includes('/integrations/google/callback'), 'the callback was logged')
  for (const token of issued) t.notOk(log.includes(token), 'no provider token in the logs')
  t.notOk(log.includes(back.get('code')!), 'no authorization code in the logs')
  t.notOk(log.includes(back.get('state')!), 'no OAuth state in the logs')
  t.notOk(log.includes(runner.accessToken), 'no access token of ours either')
})
