import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  // One weekly report per team and ISO week: a rerun replaces it in place.
  await db.schema
    .createTable('reports')
    .addColumn('id', 'uuid', col => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('team_id', 'uuid', col => col.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('week', 'text', col => col.notNull())
    .addColumn('from_day', 'date', col => col.notNull())
    .addColumn('to_day', 'date', col => col.notNull())
    .addColumn('data', 'jsonb', col => col.notNull())
    .addColumn('generated_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('reports_team_week', ['team_id', 'week'])
    .execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reports').execute()
}
