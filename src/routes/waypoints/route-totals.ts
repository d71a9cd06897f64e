import type { Db, DbOrTx } from '../../db/database.ts'
import { handleOnce } from '../../db/handled-events.ts'
import { legsOf } from '../../lib/geo.ts'
import { jobMessage, type JobEnqueuer, type JobPayload } from '../../lib/jobs.ts'

export interface RouteTotalsDeps {
  db: Db
  queue: JobEnqueuer
}

/** Teams per page when recalculating all of them. */
const PAGE = 500

async function recalculate (db: DbOrTx, teamId: string): Promise<boolean> {
  const waypoints = await db.selectFrom('waypoints').select(['lat', 'lon']).where('team_id', '=', teamId).orderBy('position').execute()
  const { totalMeters } = legsOf(waypoints)
  const changed = await db.updateTable('teams').set({ goal_distance_m: totalMeters })
    .where('id', '=', teamId)
    .where('goal_distance_m', '!=', totalMeters)
    .executeTakeFirst()
  return Number(changed.numUpdatedRows) > 0
}

/**
 * The `calculate-distances` job: recompute route totals (for one team after
 * its route changed, or for every team) and queue each team's progress
 * for aggregation. Triggered by a `route.changed` event it runs once per
 * event, however often the event is delivered.
 */
export async function calculateDistances (deps: RouteTotalsDeps, input: JobPayload<'calculate-distances'>): Promise<{ teams: number, corrected: number, skipped: boolean }> {
  const { teamId, eventId } = input
  if (teamId !== undefined) {
    const work = async (db: DbOrTx) => {
      const corrected = await recalculate(db, teamId)
      return { teams: 1, corrected: corrected ? 1 : 0, skipped: false }
    }
    const result = eventId === undefined
      ? await work(deps.db)
      : await handleOnce(deps.db, eventId, 'calculate-distances', work)
    // Queued even for an event handled before: that earlier run may have
    // failed after its commit, before queueing this (aggregation is idempotent).
    await deps.queue.enqueue([jobMessage('aggregate-progress', { teamId })])
    return result ?? { teams: 0, corrected: 0, skipped: true }
  }

  let teams = 0
  let corrected = 0
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const page = await deps.db.selectFrom('teams').select('id').where('id', '>', after).orderBy('id').limit(PAGE).execute()
    if (page.length === 0) break
    for (const { id } of page) if (await recalculate(deps.db, id)) corrected++
    await deps.queue.enqueue(page.map(({ id }) => jobMessage('aggregate-progress', { teamId: id })))
    teams += page.length
    after = page.at(-1)!.id
  }
  return { teams, corrected, skipped: false }
}
