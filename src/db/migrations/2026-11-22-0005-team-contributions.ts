import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  // Each aggregation sums a team's credits per member: an index-only scan
  // with this, a scan of the team's whole history without it.
  await sql`create index activity_credits_team_user_credited on activity_credits (team_id, user_id) include (credited_m)`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('activity_credits_team_user_credited').execute()
}
