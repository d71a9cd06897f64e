import { sql, type Kysely } from 'kysely'

/**
 * Each credit line keeps what its activity counted for the day before the
 * team's rules (eligible_m) and why that differs from its claim
 * (day_reason). With them, a day's running totals (ceilings, caps, counted
 * outings) can be summed in start order from the stored lines, and an
 * activity that starts after the rest of its day is credited alone instead
 * of recomputing and reading the whole day.
 *
 * Existing lines keep null: a day with a null line is recomputed in full on
 * its next change, which fills them in, so no backfill is needed.
 */
export async function up (db: Kysely<any>): Promise<void> {
  await sql`alter table activity_credits add column eligible_m double precision, add column day_reason text`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`alter table activity_credits drop column eligible_m, drop column day_reason`.execute(db)
}
