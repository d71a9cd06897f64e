import { performance } from 'node:perf_hooks'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { loadConfig } from '../src/lib/config.ts'
import { buildApp } from '../src/app/app.ts'
import type { AwsEmulators } from '../src/app/embedded/aws-emulators.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { createTokenCipher } from '../src/routes/integrations/token-cipher.ts'
import { startMockProviders } from '../test/helpers/mock-providers.ts'
import { providerSettings, TEST_TOKEN_KEYS } from '../test/helpers/integrations.ts'

/**
 * One hourly `sync-fitness-data` round for 1,000 connections (800 Google
 * Health, 200 Strava) × 7 days against the local provider servers: wall
 * time, requests per connection, and whether any provider limit was
 * exceeded (Google: 300 a minute per user; Strava: 100 per 15 minutes and
 * 1,000 a day for the whole application, so a round covers what the
 * window allows and defers the rest to the next window).
 */
export async function benchFitness ({ databaseUrl, emulators }: { databaseUrl: string, emulators: AwsEmulators }): Promise<void> {
  const GOOGLE = Number(process.env.BENCH_FITNESS_GOOGLE ?? 800)
  const STRAVA = Number(process.env.BENCH_FITNESS_STRAVA ?? 200)
  const DAYS = 7
  const migrator = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 2 }) }) })
  await migrateToLatest(migrator)
  await migrator.destroy()

  const teardowns: Array<() => unknown> = []
  const mock = await startMockProviders({ teardown: (fn: () => unknown) => { teardowns.push(fn) } } as never)
  const config = loadConfig({
    ...providerSettings(mock),
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '10',
    AWS_SERVICES: 'aws',
    DYNAMODB_ENDPOINT: emulators.dynamodbEndpoint,
    SQS_ENDPOINT: emulators.sqsEndpoint,
    JWT_SECRET: 'benchmark-only-secret-0123456789abcdef',
    FITNESS_BACKFILL_DAYS: String(DAYS),
    LOG_LEVEL: 'warn'
  })
  const app = await buildApp({ ...config, DATABASE_URL: databaseUrl }, { routes: 'none', logger: false })
  await app.ready()
  try {
    const cipher = createTokenCipher(TEST_TOKEN_KEYS)
    const today = new Date()
    const dayOf = (d: number) => new Date(today.getTime() - d * 86_400_000).toISOString().slice(0, 10)
    const seeded = performance.now()
    const users = await app.db.insertInto('users').values(Array.from({ length: GOOGLE + STRAVA }, (_, i) => ({
      email: `fitness-bench-${i}@example.com`, password_hash: 'x', display_name: `Bench ${i}`, units: 'metric' as const, timezone: 'UTC', stride_length_m: 0.8
    }))).returning('id').execute()
    const rows = users.map(({ id }, i) => {
      const provider = i < GOOGLE ? 'google' as const : 'strava' as const
      const subject = provider === 'google' ? `bench-g-${i}` : String(100_000 + i)
      if (provider === 'google') {
        mock.google.steps.set(subject, new Map(Array.from({ length: DAYS + 1 }, (_, d) => [dayOf(d), 4000 + ((i * 37 + d * 101) % 9000)])))
      } else {
        for (let k = 0; k < 2; k++) {
          const activityId = 50_000_000 + i * 10 + k
          mock.strava.activities.set(activityId, {
            id: activityId,
            athleteId: Number(subject),
            sport_type: k === 0 ? 'Run' : 'Ride',
            distance: k === 0 ? 6000 : 25_000,
            moving_time: k === 0 ? 2000 : 3600,
            elapsed_time: k === 0 ? 2100 : 3700,
            start_date: new Date(today.getTime() - (k * 2 + 1) * 86_400_000).toISOString(),
            timezone: '(GMT+00:00) UTC'
          })
        }
      }
      const context = `${id}/${provider}`
      return {
        user_id: id,
        provider,
        status: 'connected' as const,
        provider_user_id: subject,
        access_token_enc: cipher.encrypt(mock.issueToken(provider, subject, 'access', 6 * 3600), context),
        refresh_token_enc: cipher.encrypt(mock.issueToken(provider, subject, 'refresh', 86_400 * 180), context),
        token_expires_at: new Date(Date.now() + 6 * 3_600_000),
        connected_at: new Date(Date.now() - DAYS * 86_400_000)
      }
    })
    for (let i = 0; i < rows.length; i += 500) await app.db.insertInto('integration_connections').values(rows.slice(i, i + 500)).execute()
    console.log(`\nfitness: seeded ${GOOGLE} Google Health + ${STRAVA} Strava connections × ${DAYS} days in ${((performance.now() - seeded) / 1000).toFixed(1)} s`)

    const before = mock.requests.length
    const started = performance.now()
    const result = await app.integrations.sync({})
    const seconds = (performance.now() - started) / 1000
    const sent = mock.requests.slice(before)
    const google = sent.filter(r => r.route.endsWith(':dailyRollUp'))
    const strava = sent.filter(r => r.route.startsWith('GET /api/v3/'))
    const perGoogleUser = new Map<string, number[]>()
    for (const r of google) perGoogleUser.set(r.authorization ?? '', [...(perGoogleUser.get(r.authorization ?? '') ?? []), 1])
    const maxGooglePerUser = Math.max(0, ...[...perGoogleUser.values()].map(v => v.length))
    const credited = await app.db.selectFrom('activities').select(eb => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    console.log(`round: ${JSON.stringify(result)} in ${seconds.toFixed(2)} s wall (${(seconds * 1000 / (GOOGLE + STRAVA)).toFixed(1)} ms per connection)`)
    console.log(`requests: Google ${google.length} (${(google.length / GOOGLE).toFixed(2)} per connection; max ${maxGooglePerUser} for one user, limit 300/min)`)
    console.log(`          Strava ${strava.length} (${(strava.length / Math.max(1, result.synced! - GOOGLE)).toFixed(2)} per synced connection; application usage ${mock.strava.usage15}/${mock.strava.limit15} per 15 min, ${mock.strava.usageDay}/${mock.strava.limitDay} per day)`)
    const tooMany = strava.length - mock.strava.limit15
    const exceeded = maxGooglePerUser > 300 || mock.strava.usage15 > mock.strava.limit15 || mock.strava.usageDay > mock.strava.limitDay
    console.log(`activities stored: ${credited.n}; Strava connections deferred to the next window: ${result.rate_limited ?? 0}`)
    console.log(`provider limits exceeded: ${exceeded || tooMany > 0 ? 'YES' : 'no'} (the shared budget stopped Strava at its window's limit before any 429)`)
  } finally {
    await app.close()
    for (const fn of teardowns) await fn()
  }
}
