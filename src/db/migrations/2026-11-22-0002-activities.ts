import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('activities')
    .addColumn('id', 'uuid', col => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', col => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('type', 'text', col => col.notNull().check(sql`type in ('walk', 'run', 'cycle', 'swim', 'hike', 'steps', 'other')`))
    .addColumn('distance_m', 'double precision')
    .addColumn('steps', 'integer')
    .addColumn('duration_s', 'integer')
    .addColumn('started_at', 'timestamptz', col => col.notNull())
    .addColumn('timezone', 'text', col => col.notNull())
    .addColumn('local_day', 'date', col => col.notNull())
    .addColumn('source', 'text', col => col.notNull().defaultTo('manual'))
    .addColumn('client_id', 'text')
    .addColumn('external_id', 'text')
    .addColumn('raw_m', 'double precision', col => col.notNull())
    .addColumn('created_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create index activities_user_started on activities (user_id, started_at desc, id desc)`.execute(db)
  await db.schema.createIndex('activities_user_day').on('activities').columns(['user_id', 'local_day']).execute()
  // A retried upload from the phone finds the first copy instead of adding another.
  await sql`create unique index activities_user_client on activities (user_id, client_id) where client_id is not null`.execute(db)
  await sql`create unique index activities_user_external on activities (user_id, source, external_id) where external_id is not null`.execute(db)

  await db.schema
    .createTable('activity_credits')
    .addColumn('activity_id', 'uuid', col => col.notNull().references('activities.id').onDelete('cascade'))
    .addColumn('team_id', 'uuid', col => col.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', col => col.notNull())
    .addColumn('local_day', 'date', col => col.notNull())
    .addColumn('raw_m', 'double precision', col => col.notNull())
    .addColumn('credited_m', 'double precision', col => col.notNull().check(sql`credited_m >= 0`))
    .addColumn('reason', 'text')
    .addPrimaryKeyConstraint('activity_credits_pk', ['activity_id', 'team_id'])
    .execute()
  await db.schema.createIndex('activity_credits_team_day').on('activity_credits').columns(['team_id', 'local_day']).execute()
  await db.schema.createIndex('activity_credits_team_user_day').on('activity_credits').columns(['team_id', 'user_id', 'local_day']).execute()

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'uuid', col => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'text', col => col.notNull())
    .addColumn('request_hash', 'text', col => col.notNull())
    .addColumn('status', 'text', col => col.notNull().check(sql`status in ('in_progress', 'done')`))
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'jsonb')
    .addColumn('created_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', col => col.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
    .execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute()
  await db.schema.dropTable('activity_credits').execute()
  await db.schema.dropTable('activities').execute()
}
