import { jobMessage, type JobEnqueuer, type JobPayload } from '../../lib/jobs.ts'
import type { ActivityService } from './service.ts'

export interface RecreditDeps {
  activities: ActivityService
  queue: JobEnqueuer
}

/**
 * The `recredit-team` job: credit every member-day in the range again under
 * the team's current dates and cap, then have the team aggregated.
 */
export async function recreditTeam (deps: RecreditDeps, input: JobPayload<'recredit-team'>): Promise<{ teamId: string, recomputed: number }> {
  const { recomputed } = await deps.activities.recreditTeam(input.teamId, input.from, input.to)
  await deps.queue.enqueue([jobMessage('aggregate-progress', { teamId: input.teamId })])
  return { teamId: input.teamId, recomputed }
}
