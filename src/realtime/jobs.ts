import type { JobPayload } from '../lib/jobs.ts'
import type { Broadcaster } from './port.ts'

/**
 * The `push-team-event` job: a committed domain event (member joined or
 * left, waypoint reached) as a live team event. The outbox event's id is
 * the team event's id, so a redelivered job logs and pushes nothing new.
 */
export async function pushTeamEvent (deps: { broadcaster: Broadcaster }, payload: JobPayload<'push-team-event'>): Promise<{ seq: number | null }> {
  const event = await deps.broadcaster.toTeam(payload.teamId, payload.type, payload.data, { id: payload.eventId })
  return { seq: event?.seq ?? null }
}

/** The `end-team-subscriptions` job: a deleted team's subscribers hear that it is gone. */
export async function endTeamSubscriptions (deps: { broadcaster: Broadcaster }, payload: JobPayload<'end-team-subscriptions'>): Promise<void> {
  await deps.broadcaster.endTeam(payload.teamId)
}
