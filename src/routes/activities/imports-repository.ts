import type { Updateable } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import type { ActivitiesTable, ActivityRow } from '../../db/schema.ts'

/** Reads and writes of provider imports: whole-day totals and activities keyed by their id at the source. */
export async function findDailyTotal (db: DbOrTx, userId: string, source: string, localDay: string): Promise<ActivityRow | undefined> {
  return db.selectFrom('activities').selectAll()
    .where('user_id', '=', userId).where('source', '=', source).where('local_day', '=', localDay).where('daily_total', '=', true)
    .executeTakeFirst()
}

export async function findBySourceExternalId (db: DbOrTx, userId: string, source: string, externalId: string): Promise<ActivityRow | undefined> {
  return db.selectFrom('activities').selectAll()
    .where('user_id', '=', userId).where('source', '=', source).where('external_id', '=', externalId)
    .executeTakeFirst()
}

export async function updateActivity (tx: DbOrTx, id: string, fields: Updateable<ActivitiesTable>): Promise<ActivityRow> {
  const row = await tx.updateTable('activities').set(fields).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
  // Credit lines carry the start time (the team's latest-activity index);
  // recrediting rewrites only lines whose amounts change.
  if (fields.started_at !== undefined) {
    await tx.updateTable('activity_credits').set({ started_at: row.started_at }).where('activity_id', '=', id).where('started_at', '!=', row.started_at).execute()
  }
  return row
}

export async function listBySource (db: DbOrTx, userId: string, source: string): Promise<Array<{ id: string, local_day: string }>> {
  return db.selectFrom('activities').select(['id', 'local_day']).where('user_id', '=', userId).where('source', '=', source).execute()
}
