import { sql, type Insertable, type Updateable } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import type { WaypointRow, WaypointsTable } from '../../db/schema.ts'

export async function listWaypoints (db: DbOrTx, teamId: string): Promise<WaypointRow[]> {
  return db.selectFrom('waypoints').selectAll().where('team_id', '=', teamId).orderBy('position').execute()
}

export async function findWaypoint (db: DbOrTx, id: string): Promise<WaypointRow | undefined> {
  return db.selectFrom('waypoints').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function countWaypoints (db: DbOrTx, teamId: string): Promise<number> {
  const row = await db.selectFrom('waypoints').select(eb => eb.fn.countAll<number>().as('n')).where('team_id', '=', teamId).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Move every waypoint at or after `from` (and before `to`, if given) by `delta` places. */
export async function shiftPositions (tx: DbOrTx, teamId: string, delta: 1 | -1, from: number, to?: number): Promise<void> {
  let query = tx.updateTable('waypoints')
    .set({ position: sql`position + ${delta}` })
    .where('team_id', '=', teamId)
    .where('position', '>=', from)
  if (to !== undefined) query = query.where('position', '<', to)
  await query.execute()
}

export async function insertWaypoint (tx: DbOrTx, row: Insertable<WaypointsTable>): Promise<WaypointRow> {
  return tx.insertInto('waypoints').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function insertWaypoints (tx: DbOrTx, rows: Array<Insertable<WaypointsTable>>): Promise<void> {
  // Batches keep each statement well under Postgres' parameter limit.
  for (let i = 0; i < rows.length; i += 500) {
    await tx.insertInto('waypoints').values(rows.slice(i, i + 500)).execute()
  }
}

export async function updateWaypoint (tx: DbOrTx, id: string, changes: Updateable<WaypointsTable>): Promise<void> {
  await tx.updateTable('waypoints').set({ ...changes, updated_at: new Date() }).where('id', '=', id).execute()
}

export async function deleteWaypoint (tx: DbOrTx, id: string): Promise<void> {
  await tx.deleteFrom('waypoints').where('id', '=', id).execute()
}

export async function deleteAllWaypoints (tx: DbOrTx, teamId: string): Promise<void> {
  await tx.deleteFrom('waypoints').where('team_id', '=', teamId).execute()
}

export async function setGoalDistance (tx: DbOrTx, teamId: string, meters: number): Promise<void> {
  await tx.updateTable('teams').set({ goal_distance_m: meters }).where('id', '=', teamId).execute()
}
