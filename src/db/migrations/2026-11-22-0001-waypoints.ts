import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('waypoints')
    .addColumn('id', 'uuid', col => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('team_id', 'uuid', col => col.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('position', 'integer', col => col.notNull().check(sql`position >= 0`))
    .addColumn('name', 'text', col => col.notNull())
    .addColumn('description', 'text', col => col.notNull().defaultTo(''))
    .addColumn('lat', 'double precision', col => col.notNull().check(sql`lat between -90 and 90`))
    .addColumn('lon', 'double precision', col => col.notNull().check(sql`lon between -180 and 180`))
    .addColumn('created_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .execute()
  // Deferred, so inserting or moving a waypoint can shift the others by one
  // inside the transaction; order is contiguous again at commit.
  await sql`alter table waypoints add constraint waypoints_team_position unique (team_id, position) deferrable initially deferred`.execute(db)

  await db.schema.alterTable('teams')
    .addColumn('goal_distance_m', 'double precision', col => col.notNull().defaultTo(0))
    .execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('teams').dropColumn('goal_distance_m').execute()
  await db.schema.dropTable('waypoints').execute()
}
