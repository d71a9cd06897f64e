import { sql, type Kysely } from 'kysely'

/**
 * An outbox row is claimed for a while (a lease) instead of locked for the
 * length of a transaction: the relay claims a batch in one statement,
 * queues its jobs, then marks them published in another, two round trips
 * where a transaction took four. A claimer that dies before marking leaves
 * rows whose lease runs out, and the next pass publishes them again
 * (at least once, as before).
 */
export async function up (db: Kysely<any>): Promise<void> {
  await sql`alter table outbox add column claimed_until timestamptz`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`alter table outbox drop column claimed_until`.execute(db)
}
