import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  // What the aggregation worker last computed for a team: recomputed from the
  // credits every time, never incremented, so a second run changes nothing.
  await db.schema
    .createTable('team_progress')
    .addColumn('team_id', 'uuid', col => col.primaryKey().references('teams.id').onDelete('cascade'))
    .addColumn('total_distance_m', 'double precision', col => col.notNull())
    .addColumn('goal_distance_m', 'double precision', col => col.notNull())
    .addColumn('percent_complete', 'double precision', col => col.notNull())
    .addColumn('view', 'jsonb', col => col.notNull())
    .addColumn('computed_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create index team_progress_ranking on team_progress (percent_complete desc, team_id)`.execute(db)

  // A waypoint is reached once per team, whatever the order or number of
  // aggregation runs: the primary key decides, not a flag in memory.
  await db.schema
    .createTable('waypoint_arrivals')
    .addColumn('team_id', 'uuid', col => col.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('waypoint_id', 'uuid', col => col.notNull().references('waypoints.id').onDelete('cascade'))
    .addColumn('reached_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addColumn('total_distance_m', 'double precision', col => col.notNull())
    .addPrimaryKeyConstraint('waypoint_arrivals_pk', ['team_id', 'waypoint_id'])
    .execute()

  // Consumers that must act once per event (not once per delivery) record it here.
  await db.schema
    .createTable('handled_events')
    .addColumn('event_id', 'uuid', col => col.notNull())
    .addColumn('handler', 'text', col => col.notNull())
    .addColumn('handled_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('handled_events_pk', ['event_id', 'handler'])
    .execute()
  await db.schema.createIndex('handled_events_handled_at').on('handled_events').column('handled_at').execute()

  // The relay claims unpublished rows oldest first; cleanup drops old published ones.
  await sql`create index outbox_published_at on outbox (published_at) where published_at is not null`.execute(db)
  await db.schema.createIndex('idempotency_keys_expires_at').on('idempotency_keys').column('expires_at').execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('idempotency_keys_expires_at').execute()
  await db.schema.dropIndex('outbox_published_at').execute()
  await db.schema.dropTable('handled_events').execute()
  await db.schema.dropTable('waypoint_arrivals').execute()
  await db.schema.dropTable('team_progress').execute()
}
