import { sql, type Updateable } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import type { IntegrationConnectionRow, IntegrationConnectionsTable } from '../../db/schema.ts'

export async function insertState (db: DbOrTx, row: { state_hash: string, user_id: string, provider: string, code_verifier_enc: string | null, expires_at: Date }): Promise<void> {
  await db.insertInto('oauth_states').values(row).execute()
}

/**
 * Use a state once: it is marked used in the same statement that reads it,
 * so two callbacks racing with one state cannot both get it.
 */
export async function consumeState (db: DbOrTx, stateHash: string, provider: string) {
  return db.updateTable('oauth_states')
    .set({ used_at: new Date() })
    .where('state_hash', '=', stateHash)
    .where('provider', '=', provider)
    .where('used_at', 'is', null)
    .returning(['user_id', 'code_verifier_enc', 'expires_at'])
    .executeTakeFirst()
}

export async function deleteOldStates (db: DbOrTx, before: Date): Promise<void> {
  await db.deleteFrom('oauth_states').where('expires_at', '<', before).execute()
}

export async function connectionsOf (db: DbOrTx, userId: string): Promise<IntegrationConnectionRow[]> {
  return db.selectFrom('integration_connections').selectAll().where('user_id', '=', userId).orderBy('provider').execute()
}

export async function findConnection (db: DbOrTx, userId: string, provider: string): Promise<IntegrationConnectionRow | undefined> {
  return db.selectFrom('integration_connections').selectAll().where('user_id', '=', userId).where('provider', '=', provider).executeTakeFirst()
}

export async function findConnectionById (db: DbOrTx, id: string): Promise<IntegrationConnectionRow | undefined> {
  return db.selectFrom('integration_connections').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findByProviderUser (db: DbOrTx, provider: string, providerUserId: string): Promise<IntegrationConnectionRow | undefined> {
  return db.selectFrom('integration_connections').selectAll()
    .where('provider', '=', provider).where('provider_user_id', '=', providerUserId).where('status', '=', 'connected')
    .executeTakeFirst()
}

/** Connect (or reconnect) a user to a provider; a provider account linked to someone else is released from them first. */
export async function upsertConnection (tx: DbOrTx, row: {
  user_id: string,
  provider: string,
  provider_user_id: string | null,
  scopes: string | null,
  access_token_enc: string,
  refresh_token_enc: string | null,
  token_expires_at: Date | null
}): Promise<IntegrationConnectionRow> {
  const now = new Date()
  return tx.insertInto('integration_connections')
    .values({ ...row, status: 'connected', connected_at: now, updated_at: now })
    .onConflict(oc => oc.columns(['user_id', 'provider']).doUpdateSet({
      status: 'connected',
      provider_user_id: row.provider_user_id,
      scopes: row.scopes,
      access_token_enc: row.access_token_enc,
      refresh_token_enc: row.refresh_token_enc,
      token_expires_at: row.token_expires_at,
      connected_at: now,
      disconnected_at: null,
      disconnect_reason: null,
      last_error: null,
      last_error_at: null,
      consecutive_failures: 0,
      next_sync_after: null,
      stale_notified_at: null,
      updated_at: now
    }))
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function updateConnection (db: DbOrTx, id: string, fields: Updateable<IntegrationConnectionsTable>): Promise<void> {
  await db.updateTable('integration_connections').set({ ...fields, updated_at: new Date() }).where('id', '=', id).execute()
}

/**
 * End a connection that is still connected; false when it already ended
 * (a user's DELETE racing a refused refresh, say), so only one of them
 * records the ending and the user is told once.
 */
export async function endConnection (db: DbOrTx, id: string, fields: Updateable<IntegrationConnectionsTable>): Promise<boolean> {
  const ended = await db.updateTable('integration_connections')
    .set({ ...fields, status: 'disconnected', updated_at: new Date() })
    .where('id', '=', id).where('status', '=', 'connected')
    .returning('id').executeTakeFirst()
  return ended !== undefined
}

/**
 * Claim the stale notice of a connection's current quiet spell: true for
 * the one caller that marks it, false when it was told since its last
 * success (two hourly rounds on two instances notice it once).
 */
export async function claimStaleNotice (db: DbOrTx, id: string, at: Date): Promise<boolean> {
  const claimed = await db.updateTable('integration_connections')
    .set({ stale_notified_at: at, updated_at: new Date() })
    .where('id', '=', id).where('status', '=', 'connected')
    .where(sql<boolean>`(stale_notified_at is null or stale_notified_at < coalesce(last_success_at, connected_at))`)
    .returning('id').executeTakeFirst()
  return claimed !== undefined
}

/** Take the sync lease of a connection for `ms`; undefined when another run holds it. */
export async function takeLease (db: DbOrTx, id: string, ms: number): Promise<IntegrationConnectionRow | undefined> {
  return db.updateTable('integration_connections')
    .set({ sync_lease_until: new Date(Date.now() + ms), last_attempt_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'connected')
    .where(eb => eb.or([eb('sync_lease_until', 'is', null), eb('sync_lease_until', '<', new Date())]))
    .returningAll()
    .executeTakeFirst()
}

/** Connections the hourly round should pull: connected, not backing off. */
export async function dueConnections (db: DbOrTx, now: Date, limit: number): Promise<Array<{ id: string }>> {
  return db.selectFrom('integration_connections').select('id')
    .where('status', '=', 'connected')
    .where(eb => eb.or([eb('next_sync_after', 'is', null), eb('next_sync_after', '<=', now)]))
    .orderBy(sql`coalesce(last_success_at, connected_at)`)
    .limit(limit)
    .execute()
}

/** Connected, without a successful sync since `before`, and not told since their last success. */
export async function staleConnections (db: DbOrTx, before: Date): Promise<IntegrationConnectionRow[]> {
  return db.selectFrom('integration_connections').selectAll()
    .where('status', '=', 'connected')
    .where(sql<boolean>`coalesce(last_success_at, connected_at) < ${before}`)
    .where(sql<boolean>`(stale_notified_at is null or stale_notified_at < coalesce(last_success_at, connected_at))`)
    .execute()
}

/** Record a webhook delivery once; false when it was delivered before. */
export async function insertWebhookEvent (tx: DbOrTx, row: { provider: string, dedupe_key: string, connection_id: string | null, payload: unknown }): Promise<boolean> {
  const inserted = await tx.insertInto('integration_webhook_events')
    .values({ ...row, payload: JSON.stringify(row.payload) })
    .onConflict(oc => oc.columns(['provider', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst()
  return inserted !== undefined
}

export async function pendingWebhookEvents (db: DbOrTx, connectionId: string, limit: number) {
  return db.selectFrom('integration_webhook_events').select(['id', 'payload'])
    .where('connection_id', '=', connectionId).where('processed_at', 'is', null)
    .orderBy('received_at').limit(limit).execute()
}

export async function markWebhookProcessed (db: DbOrTx, id: string): Promise<void> {
  await db.updateTable('integration_webhook_events').set({ processed_at: new Date() }).where('id', '=', id).execute()
}
