import { sql } from 'kysely'
import type { Db } from './database.ts'

/**
 * The hourly `cleanup` job: expired Idempotency-Key records, and outbox rows
 * and handled-event marks older than the retention (by then every consumer
 * has long seen them).
 */
export async function cleanup (db: Db, retentionDays: number): Promise<{ idempotencyKeys: number, outbox: number, handledEvents: number }> {
  const cutoff = sql<Date>`now() - make_interval(days => ${retentionDays})`
  const keys = await db.deleteFrom('idempotency_keys').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst()
  const outbox = await db.deleteFrom('outbox').where('published_at', '<', cutoff).executeTakeFirst()
  const handled = await db.deleteFrom('handled_events').where('handled_at', '<', cutoff).executeTakeFirst()
  return {
    idempotencyKeys: Number(keys.numDeletedRows),
    outbox: Number(outbox.numDeletedRows),
    handledEvents: Number(handled.numDeletedRows)
  }
}
