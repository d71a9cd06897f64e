import type { DbOrTx } from '../../db/database.ts'
import { recordEvent } from '../../db/outbox.ts'
import type { ProgressView } from './compute.ts'

/** Shares of the route worth telling the team about; 100 is the finish. */
export const MILESTONES = [25, 50, 75, 100] as const

/**
 * Record each milestone the team has newly passed, with its
 * `milestone.reached` event, in the aggregation's transaction. The primary
 * key (team, percent) makes each one happen once per team, whatever the
 * number or order of aggregation runs; a route that grows later does not
 * announce a milestone twice.
 */
export async function recordMilestones (tx: DbOrTx, view: ProgressView): Promise<number[]> {
  if (view.goalDistance <= 0) return []
  const passed = MILESTONES.filter(percent => view.percentComplete >= percent)
  if (passed.length === 0) return []
  const rows = await tx.insertInto('team_milestones')
    .values(passed.map(percent => ({ team_id: view.teamId, percent, total_distance_m: view.totalDistance })))
    .onConflict(oc => oc.doNothing())
    .returning('percent')
    .execute()
  const reached = rows.map(r => r.percent).sort((a, b) => a - b)
  for (const percent of reached) {
    await recordEvent(tx, {
      type: 'milestone.reached',
      teamId: view.teamId,
      payload: { teamId: view.teamId, percent, totalDistance: view.totalDistance, goalDistance: view.goalDistance }
    })
  }
  return reached
}
