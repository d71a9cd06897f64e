import { sql, type Kysely } from 'kysely'

/**
 * One index for a member's lines in a team, by day, carrying credited_m,
 * where there were two: (team_id, user_id, local_day) and (team_id,
 * user_id) INCLUDE (credited_m). Lookups of one member-day (crediting's
 * running totals, the member_day_credits triggers) were planned on the
 * second and read every line of the member's history to keep one day's;
 * the combined index serves them by day and still answers per-member sums
 * from the index alone. Each credit line also updates one index fewer.
 */
export async function up (db: Kysely<any>): Promise<void> {
  await sql`drop index activity_credits_team_user_credited`.execute(db)
  await sql`drop index activity_credits_team_user_day`.execute(db)
  await sql`create index activity_credits_team_user_day on activity_credits (team_id, user_id, local_day) include (credited_m)`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`drop index activity_credits_team_user_day`.execute(db)
  await sql`create index activity_credits_team_user_day on activity_credits (team_id, user_id, local_day)`.execute(db)
  await sql`create index activity_credits_team_user_credited on activity_credits (team_id, user_id) include (credited_m)`.execute(db)
}
