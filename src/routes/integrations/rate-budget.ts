import { sql } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'

/**
 * Request budgets shared by every worker instance, in Postgres: Strava's
 * limits are per application, so a counter in one process's memory would
 * let N workers spend N times the budget. A bucket is a fixed window
 * aligned like the provider's (Strava: quarter hours and UTC days); taking
 * a request is one atomic upsert that succeeds only while the window has
 * room and the bucket is not blocked (after a 429 or Retry-After).
 */
export interface BucketSpec {
  bucket: string
  windowMs: number
  max: number
}

export class RateBudgetExhausted extends Error {
  override name = 'RateBudgetExhausted'
  readonly retryAt: Date
  readonly bucket: string
  constructor (bucket: string, retryAt: Date) {
    super(`rate budget ${bucket} is spent until ${retryAt.toISOString()}`)
    this.bucket = bucket
    this.retryAt = retryAt
  }
}

export function windowStartOf (now: number, windowMs: number): Date {
  return new Date(Math.floor(now / windowMs) * windowMs)
}

/** Take one request from every bucket, or none (throws RateBudgetExhausted naming the first spent one). */
export async function takeRequest (db: DbOrTx, buckets: BucketSpec[], now = Date.now()): Promise<void> {
  const taken: BucketSpec[] = []
  for (const spec of buckets) {
    const start = windowStartOf(now, spec.windowMs)
    const row = await sql<{ used: number }>`
      insert into provider_rate_budgets as b (bucket, window_start, used, max)
      values (${spec.bucket}, ${start}, 1, ${spec.max})
      on conflict (bucket) do update set
        used = case when b.window_start < excluded.window_start then 1 else b.used + 1 end,
        window_start = greatest(b.window_start, excluded.window_start)
      where (b.blocked_until is null or b.blocked_until <= ${new Date(now)})
        and (b.window_start < excluded.window_start or b.used < b.max)
      returning used`.execute(db)
    if (row.rows.length === 0) {
      // Give back what this call took from the earlier buckets.
      for (const done of taken) {
        await sql`update provider_rate_budgets set used = greatest(0, used - 1) where bucket = ${done.bucket} and window_start = ${windowStartOf(now, done.windowMs)}`.execute(db)
      }
      const state = await sql<{ blocked_until: Date | null }>`select blocked_until from provider_rate_budgets where bucket = ${spec.bucket}`.execute(db)
      const blocked = state.rows[0]?.blocked_until
      const windowEnd = new Date(start.getTime() + spec.windowMs)
      throw new RateBudgetExhausted(spec.bucket, blocked && blocked.getTime() > now ? blocked : windowEnd)
    }
    taken.push(spec)
  }
}

/**
 * What the provider says about a window (Strava's X-RateLimit-Usage): the
 * shared count never goes below it, and its limit replaces ours.
 */
export async function observeUsage (db: DbOrTx, spec: BucketSpec, used: number, max: number | undefined, now = Date.now()): Promise<void> {
  const start = windowStartOf(now, spec.windowMs)
  await sql`
    insert into provider_rate_budgets as b (bucket, window_start, used, max)
    values (${spec.bucket}, ${start}, ${used}, ${max ?? spec.max})
    on conflict (bucket) do update set
      used = case when b.window_start < excluded.window_start then excluded.used else greatest(b.used, excluded.used) end,
      window_start = greatest(b.window_start, excluded.window_start),
      max = excluded.max`.execute(db)
}

/** Nothing more from this bucket until `until` (a 429, a Retry-After). */
export async function blockBucket (db: DbOrTx, spec: BucketSpec, until: Date, now = Date.now()): Promise<void> {
  await sql`
    insert into provider_rate_budgets as b (bucket, window_start, used, max, blocked_until)
    values (${spec.bucket}, ${windowStartOf(now, spec.windowMs)}, ${spec.max}, ${spec.max}, ${until})
    on conflict (bucket) do update set blocked_until = greatest(coalesce(b.blocked_until, excluded.blocked_until), excluded.blocked_until)`.execute(db)
}
