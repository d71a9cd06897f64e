import { sql, type Kysely } from 'kysely'

/**
 * Each credit line carries its activity's start time, so a team's latest
 * activity (shown with its progress, read on every aggregation) is the
 * first entry of one index instead of a sort of the latest day's lines
 * joined to their activities. The index replaces the (team, day) one,
 * whose queries it serves as well.
 */
export async function up (db: Kysely<any>): Promise<void> {
  await sql`alter table activity_credits add column started_at timestamptz`.execute(db)
  // The member-day sums do not change: no need to have the update trigger recompute them all.
  await sql`alter table activity_credits disable trigger member_day_credits_update`.execute(db)
  await sql`update activity_credits c set started_at = a.started_at from activities a where a.id = c.activity_id`.execute(db)
  await sql`alter table activity_credits enable trigger member_day_credits_update`.execute(db)
  await sql`alter table activity_credits alter column started_at set not null`.execute(db)
  await sql`create index activity_credits_team_latest on activity_credits (team_id, local_day desc, started_at desc, activity_id desc) where credited_m > 0`.execute(db)
  await sql`drop index activity_credits_team_credited_day`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`create index activity_credits_team_credited_day on activity_credits (team_id, local_day desc) where credited_m > 0`.execute(db)
  await sql`drop index activity_credits_team_latest`.execute(db)
  await sql`alter table activity_credits drop column started_at`.execute(db)
}
