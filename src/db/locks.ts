import { sql } from 'kysely'
import type { DbOrTx } from './database.ts'
import { deferred, literal } from './deferred-begin.ts'

/**
 * Hold a Postgres advisory lock on `key` until the transaction ends: for
 * serialising work that has no single row to lock (a user's day, an
 * inviter across teams).
 */
export async function lockKeyForTransaction (tx: DbOrTx, key: string): Promise<void> {
  // No parameters, and nothing to read: it goes with the BEGIN and the
  // transaction's next statement, in one round trip (src/db/deferred-begin.ts).
  // That statement runs once the lock is held, with a snapshot taken then.
  await sql.raw(deferred(`select pg_advisory_xact_lock(hashtextextended(${literal.text(key)}, 0))`)).execute(tx)
}
