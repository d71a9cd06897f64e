import { sql, type Kysely } from 'kysely'

/**
 * Fitness-tracker connections (Google Health, Strava), their OAuth states,
 * webhook deliveries and the shared provider rate budgets; and on
 * activities, the marks the per-day merge and the display rules need.
 */
export async function up (db: Kysely<any>): Promise<void> {
  // A source's whole-day total (phone health store, Google Health roll-up):
  // one row per user, source and day, merged with other sources, never added.
  await db.schema.alterTable('activities').addColumn('daily_total', 'boolean', col => col.notNull().defaultTo(false)).execute()
  // Terms of the source restrict display (Strava): others see credited metres only.
  await db.schema.alterTable('activities').addColumn('display_restricted', 'boolean', col => col.notNull().defaultTo(false)).execute()
  await sql`create unique index activities_user_source_day_total on activities (user_id, source, local_day) where daily_total`.execute(db)
  // Per-user source priority for daily totals; null: the default rule.
  await db.schema.alterTable('users').addColumn('source_priority', sql`text[]`).execute()

  await db.schema
    .createTable('integration_connections')
    .addColumn('id', 'uuid', col => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', col => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('provider', 'text', col => col.notNull())
    .addColumn('status', 'text', col => col.notNull().check(sql`status in ('connected', 'disconnected')`))
    .addColumn('provider_user_id', 'text')
    .addColumn('scopes', 'text')
    // AES-256-GCM envelopes (key id, nonce, ciphertext, tag); never plaintext.
    .addColumn('access_token_enc', 'text')
    .addColumn('refresh_token_enc', 'text')
    .addColumn('token_expires_at', 'timestamptz')
    .addColumn('connected_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_success_at', 'timestamptz')
    .addColumn('last_attempt_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'timestamptz')
    .addColumn('consecutive_failures', 'integer', col => col.notNull().defaultTo(0))
    .addColumn('next_sync_after', 'timestamptz')
    // One sync of a connection at a time (refresh tokens rotate): a lease, not a held lock.
    .addColumn('sync_lease_until', 'timestamptz')
    .addColumn('synced_through', 'date')
    .addColumn('disconnected_at', 'timestamptz')
    .addColumn('disconnect_reason', 'text')
    .addColumn('stale_notified_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('integration_connections_user_provider', ['user_id', 'provider'])
    .execute()
  // One of our users per provider account while connected (webhooks name the provider's user).
  await sql`create unique index integration_connections_provider_user on integration_connections (provider, provider_user_id) where status = 'connected'`.execute(db)

  await db.schema
    .createTable('oauth_states')
    .addColumn('state_hash', 'text', col => col.primaryKey())
    .addColumn('user_id', 'uuid', col => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('provider', 'text', col => col.notNull())
    .addColumn('code_verifier_enc', 'text')
    .addColumn('created_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', col => col.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute()

  await db.schema
    .createTable('integration_webhook_events')
    .addColumn('id', 'uuid', col => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('provider', 'text', col => col.notNull())
    // What makes a re-delivery the same event (Strava: object, aspect, event time).
    .addColumn('dedupe_key', 'text', col => col.notNull())
    .addColumn('connection_id', 'uuid', col => col.references('integration_connections.id').onDelete('cascade'))
    .addColumn('payload', 'jsonb', col => col.notNull())
    .addColumn('received_at', 'timestamptz', col => col.notNull().defaultTo(sql`now()`))
    .addColumn('processed_at', 'timestamptz')
    .addUniqueConstraint('integration_webhook_events_dedupe', ['provider', 'dedupe_key'])
    .execute()
  await sql`create index integration_webhook_events_pending on integration_webhook_events (connection_id, received_at) where processed_at is null`.execute(db)

  // Rate budgets shared by every instance (Strava's are per application).
  await db.schema
    .createTable('provider_rate_budgets')
    .addColumn('bucket', 'text', col => col.primaryKey())
    .addColumn('window_start', 'timestamptz', col => col.notNull())
    .addColumn('used', 'integer', col => col.notNull())
    .addColumn('max', 'integer', col => col.notNull())
    .addColumn('blocked_until', 'timestamptz')
    .execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('provider_rate_budgets').execute()
  await db.schema.dropTable('integration_webhook_events').execute()
  await db.schema.dropTable('oauth_states').execute()
  await db.schema.dropTable('integration_connections').execute()
  await db.schema.alterTable('users').dropColumn('source_priority').execute()
  await sql`drop index activities_user_source_day_total`.execute(db)
  await db.schema.alterTable('activities').dropColumn('display_restricted').execute()
  await db.schema.alterTable('activities').dropColumn('daily_total').execute()
}
