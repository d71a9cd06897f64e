import type { ProgressView } from './compute.ts'
import type { FirstTime } from './repository.ts'

/** Shares of the route worth telling the team about; 100 is the finish. */
export const MILESTONES = [25, 50, 75, 100] as const

/**
 * Every milestone the team has passed, each with the `milestone.reached`
 * event to record if it is the first time (saveAggregation decides, by the
 * primary key (team, percent): each happens once per team, whatever the
 * number or order of aggregation runs, and a route that grows later does
 * not announce a milestone twice).
 */
export function milestonesPassed (view: ProgressView): Array<FirstTime<number>> {
  if (view.goalDistance <= 0) return []
  return MILESTONES.filter(percent => view.percentComplete >= percent).map(percent => ({
    key: percent,
    event: {
      type: 'milestone.reached',
      teamId: view.teamId,
      payload: { teamId: view.teamId, percent, totalDistance: view.totalDistance, goalDistance: view.goalDistance }
    }
  }))
}
