import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  // The in-app centre. One row per (event, recipient): the unique key, not a
  // flag in memory, is what makes a redelivered or raced event notify once.
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'uuid', col => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', col => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('event_id', 'uuid', col => col.notNull())
    .addColumn('team_id', 'uuid', col => col.references('teams.id').onDelete('cascade'))
    .addColumn('type', 'text', col => col.notNull())
    .addColumn('title', 'text', col => col.notNull())
    .addColumn('body', 'text', col => col.notNull())
    .addColumn('data', 'jsonb', col => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .addUniqueConstraint('notifications_event_recipient', ['event_id', 'user_id'])
    .execute()
  await sql`create index notifications_inbox on notifications (user_id, created_at desc, id desc)`.execute(db)
  await sql`create index notifications_unread on notifications (user_id, created_at desc, id desc) where read_at is null`.execute(db)

  // Emails, rendered when sent (an invitation's link is derived then, never
  // stored). One row per (event, address); digests use their own key.
  await db.schema
    .createTable('email_deliveries')
    .addColumn('id', 'uuid', col => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('dedupe_key', 'text', col => col.notNull().unique())
    .addColumn('event_id', 'uuid')
    .addColumn('user_id', 'uuid', col => col.references('users.id').onDelete('cascade'))
    .addColumn('team_id', 'uuid', col => col.references('teams.id').onDelete('cascade'))
    .addColumn('to_address', 'text', col => col.notNull())
    .addColumn('type', 'text', col => col.notNull())
    .addColumn('data', 'jsonb', col => col.notNull())
    // pending → sent; digest → digested (folded into a digest email); suppressed (unsubscribed meanwhile)
    .addColumn('status', 'text', col => col.notNull())
    .addColumn('send_after', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addColumn('digest_day', 'date')
    .addColumn('attempts', 'integer', col => col.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute()
  await sql`create index email_deliveries_due on email_deliveries (send_after) where status = 'pending'`.execute(db)
  await sql`create index email_deliveries_digest on email_deliveries (user_id, digest_day) where status = 'digest'`.execute(db)

  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'uuid', col => col.primaryKey().references('users.id').onDelete('cascade'))
    // { "<type>": { "inApp": bool, "email": bool } }: only what the user changed; defaults live in code.
    .addColumn('channels', 'jsonb', col => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('quiet_start', 'text')
    .addColumn('quiet_end', 'text')
    .addColumn('digest', 'boolean', col => col.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .execute()

  // Unsubscribes of addresses without an account (invitations).
  await db.schema
    .createTable('email_suppressions')
    .addColumn('email', 'text', col => col.notNull())
    .addColumn('type', 'text', col => col.notNull())
    .addColumn('created_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('email_suppressions_pk', ['email', 'type'])
    .execute()

  // 25/50/75/100 % of the route, once per team each.
  await db.schema
    .createTable('team_milestones')
    .addColumn('team_id', 'uuid', col => col.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('percent', 'integer', col => col.notNull())
    .addColumn('reached_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addColumn('total_distance_m', 'double precision', col => col.notNull())
    .addPrimaryKeyConstraint('team_milestones_pk', ['team_id', 'percent'])
    .execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('team_milestones').execute()
  await db.schema.dropTable('email_suppressions').execute()
  await db.schema.dropTable('notification_preferences').execute()
  await db.schema.dropTable('email_deliveries').execute()
  await db.schema.dropTable('notifications').execute()
}
