import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  // Recomputing a user-day reads its existing credits by (user, day) on
  // every activity write; without this it scanned a whole index (21 ms at
  // a million credits, 0.05 ms with it).
  await db.schema.createIndex('activity_credits_user_day').on('activity_credits').columns(['user_id', 'local_day']).execute()
  // The aggregation's "last activity": the team's latest day with credit.
  await sql`create index activity_credits_team_credited_day on activity_credits (team_id, local_day desc) where credited_m > 0`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('activity_credits_team_credited_day').execute()
  await db.schema.dropIndex('activity_credits_user_day').execute()
}
