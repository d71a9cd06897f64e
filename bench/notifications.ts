import { performance } from 'node:perf_hooks'
import { buildApp } from '../src/app/app.ts'
import type { AwsEmulators } from '../src/app/embedded/aws-emulators.ts'
import { loadConfig } from '../src/lib/config.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { recordEvent } from '../src/db/outbox.ts'
import { runJob } from '../src/workers/handlers.ts'

/**
 * Notification fan-out: a 100-member team reaches a waypoint. Times the
 * `send-notifications` job from the event to the last in-app row and to
 * the last email the SES emulator accepted (one at a time, as SES's send
 * rate limits would have it on a new account anyway).
 */
export async function benchNotifications (opts: { databaseUrl: string, emulators: AwsEmulators, members?: number }) {
  const members = opts.members ?? 100
  const config = loadConfig({
    DATABASE_URL: opts.databaseUrl,
    AWS_SERVICES: 'aws',
    DYNAMODB_ENDPOINT: opts.emulators.dynamodbEndpoint,
    SQS_ENDPOINT: opts.emulators.sqsEndpoint,
    SES_ENDPOINT: opts.emulators.sesEndpoint,
    REDIS_URL: '',
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'benchmark-only-secret-0123456789abcdef'
  })
  const app = await buildApp({ ...config, DATABASE_URL: opts.databaseUrl }, { routes: 'none' })
  try {
    await migrateToLatest(app.db)
    await app.ready()
    await fetch(`${opts.emulators.sesEndpoint}/clear-store`, { method: 'POST' })
    // People straight into Postgres: signing 100 people up would measure argon2, not notifications.
    const users = await app.db.insertInto('users').values(Array.from({ length: members }, (_, i) => ({
      email: `fanout-${i}-${Date.now()}@example.com`, password_hash: 'x', display_name: `Walker ${i}`, units: 'metric' as const, timezone: 'UTC', stride_length_m: 0.8
    }))).returning('id').execute()
    const team = await app.db.insertInto('teams').values({
      name: 'Fan-out', owner_id: users[0]!.id, start_date: '2027-01-01', end_date: '2027-12-31', timezone: 'UTC', join_code: `F${Date.now()}`.slice(0, 12), max_members: members
    }).returning('id').executeTakeFirstOrThrow()
    await app.db.insertInto('team_members').values(users.map((u, i) => ({ team_id: team.id, user_id: u.id, role: i === 0 ? 'owner' as const : 'member' as const }))).execute()
    const eventId = await recordEvent(app.db, { type: 'waypoint.reached', teamId: team.id, payload: { teamId: team.id, waypointId: crypto.randomUUID(), name: 'Bristol', position: 1, totalDistance: 120_000 } })

    const start = performance.now()
    let lastInApp = 0
    const watcher = (async () => {
      for (;;) {
        const row = await app.db.selectFrom('notifications').select(eb => eb.fn.countAll<string>().as('n')).where('event_id', '=', eventId).executeTakeFirstOrThrow()
        if (Number(row.n) >= members) { lastInApp = performance.now() - start; return }
        await new Promise(resolve => setTimeout(resolve, 2))
      }
    })()
    const result = await runJob('send-notifications', { eventId }, app.jobDeps) as { sent: number }
    const lastEmail = performance.now() - start
    await watcher
    const store = await (await fetch(`${opts.emulators.sesEndpoint}/store`)).json() as { emails: unknown[] }
    console.log(`\nnotification fan-out, ${members} members reaching a waypoint (send-notifications, one worker):`)
    console.log(`  waypoint.reached → last in-app row:              ${lastInApp.toFixed(0)} ms`)
    console.log(`  waypoint.reached → last email accepted by SES:   ${lastEmail.toFixed(0)} ms (${result.sent} sent, ${store.emails.length} in the emulator, ${(lastEmail / Math.max(1, result.sent)).toFixed(1)} ms per email)`)
  } finally {
    await app.close()
  }
}
