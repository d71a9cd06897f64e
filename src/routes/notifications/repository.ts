import { sql } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import type { EmailDeliveryRow, NotificationRow } from '../../db/schema.ts'
import type { StoredPreferences } from './preferences.ts'

export interface Recipient {
  userId: string
  email: string
  displayName: string
  units: 'metric' | 'imperial'
  timezone: string
  role: 'owner' | 'admin' | 'member'
}

export async function teamName (db: DbOrTx, teamId: string): Promise<string | undefined> {
  const row = await db.selectFrom('teams').select('name').where('id', '=', teamId).executeTakeFirst()
  return row?.name
}

/** A team's current members with what their notifications need. */
export async function teamRecipients (db: DbOrTx, teamId: string): Promise<Recipient[]> {
  return db.selectFrom('team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id as userId', 'u.email', 'u.display_name as displayName', 'u.units', 'u.timezone', 'm.role'])
    .where('m.team_id', '=', teamId)
    .orderBy('m.joined_at')
    .execute()
}

export async function userRecipient (db: DbOrTx, userId: string): Promise<Omit<Recipient, 'role'> | undefined> {
  return db.selectFrom('users').select(['id as userId', 'email', 'display_name as displayName', 'units', 'timezone'])
    .where('id', '=', userId).executeTakeFirst()
}

export async function userByEmail (db: DbOrTx, email: string): Promise<Omit<Recipient, 'role'> | undefined> {
  return db.selectFrom('users').select(['id as userId', 'email', 'display_name as displayName', 'units', 'timezone'])
    .where('email', '=', email.trim().toLowerCase()).executeTakeFirst()
}

export async function preferencesOf (db: DbOrTx, userIds: string[]): Promise<Map<string, StoredPreferences>> {
  if (userIds.length === 0) return new Map()
  const rows = await db.selectFrom('notification_preferences').selectAll().where('user_id', 'in', userIds).execute()
  return new Map(rows.map(r => [r.user_id, { channels: r.channels, quietStart: r.quiet_start, quietEnd: r.quiet_end, digest: r.digest }]))
}

export async function savePreferences (db: DbOrTx, userId: string, prefs: StoredPreferences): Promise<void> {
  const values = { channels: JSON.stringify(prefs.channels), quiet_start: prefs.quietStart, quiet_end: prefs.quietEnd, digest: prefs.digest, updated_at: new Date() }
  await db.insertInto('notification_preferences').values({ user_id: userId, ...values })
    .onConflict(oc => oc.column('user_id').doUpdateSet(values)).execute()
}

export async function isSuppressed (db: DbOrTx, email: string, type: string): Promise<boolean> {
  const row = await db.selectFrom('email_suppressions').select('email').where('email', '=', email).where('type', '=', type).executeTakeFirst()
  return row !== undefined
}

export async function suppress (db: DbOrTx, email: string, type: string): Promise<void> {
  await db.insertInto('email_suppressions').values({ email, type }).onConflict(oc => oc.doNothing()).execute()
}

export interface NewNotification {
  userId: string
  eventId: string
  teamId: string | null
  type: string
  title: string
  body: string
  data: Record<string, unknown>
}

/** Insert in-app notifications; returns only those that did not exist yet (one per event and recipient). */
export async function insertNotifications (db: DbOrTx, rows: NewNotification[]): Promise<NotificationRow[]> {
  if (rows.length === 0) return []
  return db.insertInto('notifications')
    .values(rows.map(r => ({ user_id: r.userId, event_id: r.eventId, team_id: r.teamId, type: r.type, title: r.title, body: r.body, data: JSON.stringify(r.data) })))
    .onConflict(oc => oc.columns(['event_id', 'user_id']).doNothing())
    .returningAll()
    .execute()
}

export interface NewEmail {
  dedupeKey: string
  eventId: string | null
  userId: string | null
  teamId: string | null
  to: string
  type: string
  data: Record<string, unknown>
  status: 'pending' | 'digest'
  sendAfter: Date
  digestDay?: string | null
}

/** Queue emails; a key seen before is left alone (one email per event and address). */
export async function insertEmails (db: DbOrTx, rows: NewEmail[]): Promise<number> {
  if (rows.length === 0) return 0
  const inserted = await db.insertInto('email_deliveries')
    .values(rows.map(r => ({
      dedupe_key: r.dedupeKey,
      event_id: r.eventId,
      user_id: r.userId,
      team_id: r.teamId,
      to_address: r.to,
      type: r.type,
      data: JSON.stringify(r.data),
      status: r.status,
      send_after: r.sendAfter,
      digest_day: r.digestDay ?? null
    })))
    .onConflict(oc => oc.column('dedupe_key').doNothing())
    .returning('id')
    .execute()
  return inserted.length
}

/** Due pending emails (optionally of one event), oldest first. */
export async function dueEmailIds (db: DbOrTx, now: Date, limit: number, eventId?: string): Promise<string[]> {
  let query = db.selectFrom('email_deliveries').select('id')
    .where('status', '=', 'pending')
    .where('send_after', '<=', now)
    .orderBy('send_after')
    .limit(limit)
  if (eventId !== undefined) query = query.where('event_id', '=', eventId)
  return (await query.execute()).map(r => r.id)
}

/** Claim one pending email for this transaction; undefined if sent, or being sent by another worker. */
export async function claimEmail (tx: DbOrTx, id: string): Promise<EmailDeliveryRow | undefined> {
  return tx.selectFrom('email_deliveries').selectAll()
    .where('id', '=', id).where('status', '=', 'pending')
    .forUpdate().skipLocked()
    .executeTakeFirst()
}

export async function markEmailSent (tx: DbOrTx, id: string, messageId: string, now: Date): Promise<void> {
  await tx.updateTable('email_deliveries').set({ status: 'sent', message_id: messageId, sent_at: now, last_error: null }).where('id', '=', id).execute()
}

export async function markEmailFailed (tx: DbOrTx, id: string, error: string, retryAt: Date | null): Promise<void> {
  await tx.updateTable('email_deliveries')
    .set(eb => ({
      attempts: eb('attempts', '+', 1),
      last_error: error.slice(0, 500),
      ...(retryAt === null ? { status: 'failed' as const } : { send_after: retryAt })
    }))
    .where('id', '=', id).execute()
}

export async function markEmailSuppressed (tx: DbOrTx, id: string): Promise<void> {
  await tx.updateTable('email_deliveries').set({ status: 'suppressed' }).where('id', '=', id).execute()
}

/** Stop emails of a type to an address that were waiting (quiet hours, digests). */
export async function suppressWaiting (db: DbOrTx, email: string, type: string): Promise<void> {
  await db.updateTable('email_deliveries').set({ status: 'suppressed' })
    .where('to_address', '=', email).where('type', '=', type).where('status', 'in', ['pending', 'digest']).execute()
}

/** Days with folded updates per user, for the digest job. */
export async function digestGroups (db: DbOrTx): Promise<Array<{ user_id: string, digest_day: string, timezone: string }>> {
  return db.selectFrom('email_deliveries as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .select(['e.user_id', 'u.timezone'])
    .select(sql<string>`e.digest_day::text`.as('digest_day'))
    .where('e.status', '=', 'digest')
    .groupBy(['e.user_id', 'e.digest_day', 'u.timezone'])
    .execute() as Promise<Array<{ user_id: string, digest_day: string, timezone: string }>>
}

export async function takeDigestItems (tx: DbOrTx, userId: string, day: string): Promise<EmailDeliveryRow[]> {
  return tx.updateTable('email_deliveries').set({ status: 'digested' })
    .where('user_id', '=', userId).where('digest_day', '=', day).where('status', '=', 'digest')
    .returningAll().execute()
}

// In-app centre

export async function listNotifications (db: DbOrTx, userId: string, opts: { limit: number, unread: boolean, after?: { createdAt: string, id: string } }): Promise<Array<NotificationRow & { created_at_key: string }>> {
  let query = db.selectFrom('notifications').selectAll()
    .select(sql<string>`created_at::text`.as('created_at_key'))
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit + 1)
  if (opts.unread) query = query.where('read_at', 'is', null)
  if (opts.after) {
    const after = opts.after
    query = query.where(eb => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(sql<Date>`${after.createdAt}::timestamptz`, after.id)))
  }
  return query.execute()
}

export async function unreadCount (db: DbOrTx, userId: string): Promise<number> {
  const row = await db.selectFrom('notifications').select(eb => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Mark one of the user's notifications read (keeping the first read time); undefined if it is not theirs. */
export async function markRead (db: DbOrTx, userId: string, id: string): Promise<NotificationRow | undefined> {
  return db.updateTable('notifications')
    .set({ read_at: sql<Date>`coalesce(read_at, now())` })
    .where('id', '=', id).where('user_id', '=', userId)
    .returningAll().executeTakeFirst()
}

export async function markAllRead (db: DbOrTx, userId: string): Promise<number> {
  const result = await db.updateTable('notifications').set({ read_at: sql<Date>`now()` })
    .where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst()
  return Number(result.numUpdatedRows)
}
