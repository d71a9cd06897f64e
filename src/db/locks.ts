import { sql } from 'kysely'
import type { DbOrTx } from './database.ts'
import { literal } from './deferred-begin.ts'

/**
 * Hold a Postgres advisory lock on `key` until the transaction ends: for
 * serialising work that has no single row to lock (a user's day, an
 * inviter across teams).
 */
export async function lockKeyForTransaction (tx: DbOrTx, key: string): Promise<void> {
  // No parameters: as a transaction's first statement it goes with the BEGIN (src/db/deferred-begin.ts).
  await sql.raw(`select pg_advisory_xact_lock(hashtextextended(${literal.text(key)}, 0))`).execute(tx)
}
