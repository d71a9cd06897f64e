import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', 'uuid', col => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', col => col.notNull())
    .addColumn('description', 'text', col => col.notNull().defaultTo(''))
    .addColumn('visibility', 'text', col => col.notNull().defaultTo('private').check(sql`visibility in ('private', 'public')`))
    .addColumn('owner_id', 'uuid', col => col.notNull().references('users.id'))
    .addColumn('start_date', 'date', col => col.notNull())
    .addColumn('end_date', 'date', col => col.notNull())
    .addColumn('timezone', 'text', col => col.notNull())
    .addColumn('scoring', 'text', col => col.notNull().defaultTo('sum').check(sql`scoring in ('sum', 'average')`))
    .addColumn('daily_cap_m', 'double precision', col => col.check(sql`daily_cap_m > 0`))
    .addColumn('join_code', 'text', col => col.notNull().unique())
    .addColumn('max_members', 'integer', col => col.notNull().check(sql`max_members >= 1`))
    .addColumn('created_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('teams_dates_ordered', sql`end_date >= start_date`)
    .execute()
  await db.schema.createIndex('teams_created_at_id').on('teams').columns(['created_at', 'id']).execute()

  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'uuid', col => col.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', col => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', col => col.notNull().check(sql`role in ('owner', 'admin', 'member')`))
    .addColumn('joined_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
    .execute()
  await db.schema.createIndex('team_members_user_id').on('team_members').columns(['user_id', 'team_id']).execute()
  // Exactly one owner per team, enforced by the database, not by care.
  await sql`create unique index team_members_one_owner on team_members (team_id) where role = 'owner'`.execute(db)

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'uuid', col => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('team_id', 'uuid', col => col.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('email', 'text', col => col.notNull())
    .addColumn('token_hash', 'text', col => col.notNull().unique())
    .addColumn('invited_by', 'uuid', col => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', col => col.notNull())
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('accepted_by', 'uuid', col => col.references('users.id').onDelete('set null'))
    .execute()
  await db.schema.createIndex('invitations_team_created').on('invitations').columns(['team_id', 'created_at']).execute()
  await db.schema.createIndex('invitations_inviter_created').on('invitations').columns(['invited_by', 'created_at']).execute()

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'uuid', col => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('type', 'text', col => col.notNull())
    .addColumn('team_id', 'uuid')
    .addColumn('payload', 'jsonb', col => col.notNull())
    .addColumn('created_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addColumn('published_at', 'timestamptz')
    .execute()
  await sql`create index outbox_unpublished on outbox (created_at) where published_at is null`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbox').execute()
  await db.schema.dropTable('invitations').execute()
  await db.schema.dropTable('team_members').execute()
  await db.schema.dropTable('teams').execute()
}
