import { sql, type Insertable } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import { lockKeyForTransaction } from '../../db/locks.ts'
import type { ActivitiesTable, ActivityCreditRow, ActivityRow } from '../../db/schema.ts'
import type { Credit, TeamWindow } from './crediting.ts'
import { activitiesLockKey, writeDays } from './day-statements.ts'

/** Insert unless the client or external id was seen before; undefined then. */
export async function insertActivity (tx: DbOrTx, row: Insertable<ActivitiesTable>): Promise<ActivityRow | undefined> {
  return tx.insertInto('activities').values(row).onConflict(oc => oc.doNothing()).returningAll().executeTakeFirst()
}

export async function findDuplicate (db: DbOrTx, userId: string, ids: { clientId?: string | undefined, externalId?: string | undefined, source: string }): Promise<ActivityRow | undefined> {
  let query = db.selectFrom('activities').selectAll().where('user_id', '=', userId)
  query = query.where(eb => eb.or([
    ...(ids.clientId !== undefined ? [eb('client_id', '=', ids.clientId)] : []),
    ...(ids.externalId !== undefined ? [eb.and([eb('source', '=', ids.source), eb('external_id', '=', ids.externalId)])] : [])
  ]))
  return query.executeTakeFirst()
}

export async function findActivity (db: DbOrTx, id: string): Promise<ActivityRow | undefined> {
  return db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function deleteActivity (tx: DbOrTx, id: string): Promise<void> {
  await tx.deleteFrom('activities').where('id', '=', id).execute()
}

/**
 * Lock the user's activities for the rest of the transaction (every change
 * to a user-day is serialised, and its credits are recomputed as a whole;
 * one lock per user, so a transaction touching two days cannot deadlock
 * with another), then read the day's activities.
 */
export async function lockAndReadDay (tx: DbOrTx, userId: string, localDay: string): Promise<ActivityRow[]> {
  await lockKeyForTransaction(tx, activitiesLockKey(userId))
  return tx.selectFrom('activities').selectAll().where('user_id', '=', userId).where('local_day', '=', localDay).execute()
}

export interface MemberDay {
  user_id: string
  local_day: string
  stride_length_m: number
}

/** The days on which a team's members (or one of them) have activities, most recent first. */
export async function memberDaysWithActivities (db: DbOrTx, teamId: string, range: { from: string, to: string, userId?: string, limit?: number }): Promise<MemberDay[]> {
  let query = db.selectFrom('activities as a')
    .innerJoin('team_members as m', 'm.user_id', 'a.user_id')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.user_id', 'a.local_day', 'u.stride_length_m'])
    .distinct()
    .where('m.team_id', '=', teamId)
    .where('a.local_day', '>=', range.from)
    .where('a.local_day', '<=', range.to)
    .orderBy('a.local_day', 'desc')
  if (range.userId !== undefined) query = query.where('a.user_id', '=', range.userId)
  if (range.limit !== undefined) query = query.limit(range.limit)
  return query.execute()
}

/** The user's daily-total source priority (null: the default rule). */
export async function sourcePriorityOf (db: DbOrTx, userId: string): Promise<string[] | null> {
  const row = await db.selectFrom('users').select('source_priority').where('id', '=', userId).executeTakeFirst()
  return row?.source_priority ?? null
}

export async function teamWindowsOf (tx: DbOrTx, userId: string): Promise<TeamWindow[]> {
  const rows = await tx.selectFrom('team_members as m')
    .innerJoin('teams as t', 't.id', 'm.team_id')
    .select(['t.id', 't.start_date', 't.end_date', 't.daily_cap_m'])
    .where('m.user_id', '=', userId)
    .execute()
  return rows.map(r => ({ teamId: r.id, startDate: r.start_date, endDate: r.end_date, dailyCapMeters: r.daily_cap_m }))
}

/**
 * Make the stored credits of a user-day equal `credits`, writing only what
 * changed: appending an activity to a day touches its own rows, not the
 * whole day's.
 */
export async function writeCredits (tx: DbOrTx, userId: string, localDay: string, credits: Credit[]): Promise<void> {
  const stored = await tx.selectFrom('activity_credits')
    .select(['activity_id', 'team_id', 'raw_m', 'credited_m', 'reason', 'eligible_m', 'day_reason'])
    .where('user_id', '=', userId).where('local_day', '=', localDay)
    .execute()
  await writeDays(tx, userId, [{ localDay, stored, credits }], [])
}

export async function creditsOf (db: DbOrTx, activityIds: string[]): Promise<ActivityCreditRow[]> {
  if (activityIds.length === 0) return []
  return db.selectFrom('activity_credits').selectAll().where('activity_id', 'in', activityIds).orderBy('team_id').execute()
}

export interface ActivityFilter {
  from?: string | undefined
  to?: string | undefined
  type?: string | undefined
  teamId?: string | undefined
}

/** The user's activities, newest first, keyset-paginated on (started_at, id). */
export async function listActivities (db: DbOrTx, userId: string, filter: ActivityFilter, limit: number, after?: { startedAt: string, id: string }) {
  let query = db.selectFrom('activities as a')
    .selectAll('a')
    .select(sql<string>`a.started_at::text`.as('started_at_key'))
    .where('a.user_id', '=', userId)
    .orderBy('a.started_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
  if (filter.from !== undefined) query = query.where('a.local_day', '>=', filter.from)
  if (filter.to !== undefined) query = query.where('a.local_day', '<=', filter.to)
  if (filter.type !== undefined) query = query.where('a.type', '=', filter.type as never)
  if (filter.teamId !== undefined) {
    const teamId = filter.teamId
    query = query.where(eb => eb.exists(eb.selectFrom('activity_credits as c').select('c.activity_id')
      .whereRef('c.activity_id', '=', 'a.id').where('c.team_id', '=', teamId)))
  }
  if (after) {
    query = query.where(eb => eb(eb.refTuple('a.started_at', 'a.id'), '<', eb.tuple(sql<Date>`${after.startedAt}::timestamptz`, after.id)))
  }
  return query.execute()
}

export interface LedgerRow {
  activity_id: string
  user_id: string
  display_name: string
  type: string
  started_at: Date
  local_day: string
  raw_m: number
  credited_m: number
  reason: string | null
  source: string
  display_restricted: boolean
}

/** A team's ledger lines between two days (of one member, when given), keyset on (local_day, activity_id). */
export async function ledgerLines (db: DbOrTx, teamId: string, range: { from?: string | undefined, to?: string | undefined }, onlyUserId: string | undefined, limit: number, after?: { day: string, id: string }): Promise<LedgerRow[]> {
  let query = db.selectFrom('activity_credits as c')
    .innerJoin('activities as a', 'a.id', 'c.activity_id')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.activity_id', 'c.user_id', 'u.display_name', 'a.type', 'a.started_at', 'c.local_day', 'c.raw_m', 'c.credited_m', 'c.reason', 'a.source', 'a.display_restricted'])
    .where('c.team_id', '=', teamId)
    .orderBy('c.local_day')
    .orderBy('c.activity_id')
    .limit(limit)
  if (onlyUserId !== undefined) query = query.where('c.user_id', '=', onlyUserId)
  if (range.from !== undefined) query = query.where('c.local_day', '>=', range.from)
  if (range.to !== undefined) query = query.where('c.local_day', '<=', range.to)
  if (after) query = query.where(eb => eb(eb.refTuple('c.local_day', 'c.activity_id'), '>', eb.tuple(after.day, after.id)))
  return query.execute()
}
