import { sql } from 'kysely'
import type { DbOrTx } from './database.ts'

/**
 * Hold a Postgres advisory lock on `key` until the transaction ends: for
 * serialising work that has no single row to lock (a user's day, an
 * inviter across teams).
 */
export async function lockKeyForTransaction (tx: DbOrTx, key: string): Promise<void> {
  await sql`/* prepare: lock-key */ select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx)
}
