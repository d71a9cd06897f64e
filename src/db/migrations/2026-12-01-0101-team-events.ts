import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  // The last sequence number handed out per team. Its row lock, held until
  // the appending transaction commits, makes commit order equal sequence
  // order: once event N is visible, every event before it is too.
  await db.schema
    .createTable('team_event_counters')
    .addColumn('team_id', 'uuid', col => col.primaryKey().references('teams.id').onDelete('cascade'))
    .addColumn('last_seq', 'bigint', col => col.notNull())
    .execute()

  // The recent live events of each team (what a reconnecting client resumes
  // from): at least the last 1,000 and the last hour of each team.
  await db.schema
    .createTable('team_events')
    .addColumn('team_id', 'uuid', col => col.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('seq', 'bigint', col => col.notNull())
    .addColumn('id', 'uuid', col => col.notNull().unique())
    .addColumn('type', 'text', col => col.notNull())
    .addColumn('data', 'jsonb', col => col.notNull())
    .addColumn('created_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('team_events_pk', ['team_id', 'seq'])
    .execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('team_events').execute()
  await db.schema.dropTable('team_event_counters').execute()
}
