import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', col => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', col => col.notNull().unique())
    .addColumn('password_hash', 'text', col => col.notNull())
    .addColumn('display_name', 'text', col => col.notNull())
    .addColumn('units', 'text', col => col.notNull().defaultTo('metric').check(sql`units in ('metric', 'imperial')`))
    .addColumn('timezone', 'text', col => col.notNull().defaultTo('UTC'))
    .addColumn('stride_length_m', 'double precision', col => col.notNull().defaultTo(0.8))
    .addColumn('created_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('users').execute()
}
