import { jobMessage, type JobMessage } from '../lib/jobs.ts'
import type { DomainEvent, EventPayloads, EventType } from '../lib/events.ts'

type JobsOf<T extends EventType> = (event: { id: string, teamId: string | null, payload: EventPayloads[T] }) => JobMessage[]

const aggregate = (teamIds: string[]): JobMessage[] => teamIds.map(teamId => jobMessage('aggregate-progress', { teamId }))
const none = (): JobMessage[] => []
const notify = (e: { id: string }): JobMessage[] => [jobMessage('send-notifications', { eventId: e.id })]
const push = (e: { id: string, teamId: string | null, payload: { teamId: string } }, type: 'waypoint_reached' | 'member_joined' | 'member_left', data: Record<string, unknown>): JobMessage =>
  jobMessage('push-team-event', { eventId: e.id, teamId: teamOf(e), type, data })
/** A team event's team: the row's column, which the relay reads without trusting the payload. */
const teamOf = (e: { teamId: string | null, payload: { teamId: string } }): string => e.teamId ?? e.payload.teamId

/**
 * What each event sets in motion. Every event type must be listed (the
 * compiler checks it): a new event decides here whether it starts jobs.
 * Events without a consumer (role changes) are still marked published.
 */
export const EVENT_JOBS: { [T in EventType]: JobsOf<T> } = {
  'activity.logged': e => aggregate(e.payload.teamIds),
  'activities.synced': e => aggregate(e.payload.teamIds),
  'activity.deleted': e => aggregate(e.payload.teamIds),
  'activity.recredited': e => aggregate(e.payload.teamIds),
  'member.joined': e => [...aggregate([teamOf(e)]), ...notify(e), push(e, 'member_joined', { userId: e.payload.userId, role: e.payload.role, via: e.payload.via })],
  'member.left': e => [...aggregate([teamOf(e)]), push(e, 'member_left', { userId: e.payload.userId, reason: e.payload.reason })],
  'team.created': e => aggregate([teamOf(e)]),
  // Subscribers are told the team is gone; its chat goes with it.
  'team.deleted': e => [...aggregate([teamOf(e)]), jobMessage('end-team-subscriptions', { teamId: teamOf(e) }), jobMessage('purge-team-chat', { teamId: teamOf(e) })],
  'account.deleted': e => [jobMessage('purge-user-chat', { userId: e.payload.userId })],
  // New dates or cap: every member-day in the range is credited again too.
  'team.updated': e => e.payload.recredit === undefined
    ? aggregate([teamOf(e)])
    : [...aggregate([teamOf(e)]), jobMessage('recredit-team', { teamId: teamOf(e), ...e.payload.recredit })],
  // Never without a team: that would recalculate every team's route.
  'route.changed': e => [jobMessage('calculate-distances', { teamId: teamOf(e), eventId: e.id })],
  'member.role_changed': none,
  'invitation.created': notify,
  'waypoint.reached': e => [...notify(e), push(e, 'waypoint_reached', {
    waypointId: e.payload.waypointId, name: e.payload.name, position: e.payload.position, totalDistance: e.payload.totalDistance
  })],
  'milestone.reached': notify,
  'report.ready': notify,
  'integration.connected': e => [jobMessage('sync-fitness-data', { connectionId: e.payload.connectionId })],
  'integration.webhook_received': e => [jobMessage('sync-fitness-data', { connectionId: e.payload.connectionId })],
  // The owner is told (the notification planner skips a disconnect they made here themselves).
  'integration.disconnected': notify,
  'integration.sync_stale': notify
}

/** An outbox row as stored: its payload is trusted to be what recordEvent wrote for its type. */
export interface OutboxRow {
  id: string
  type: string
  team_id: string | null
  payload: unknown
}

/**
 * The jobs of one stored event. Throws for an unknown type or a payload the
 * jobs reject (PoisonJobError): the relay logs and skips such a row.
 */
export function jobsForEvent (row: OutboxRow): JobMessage[] {
  if (!Object.hasOwn(EVENT_JOBS, row.type)) throw new Error(`unknown event type "${row.type}"`)
  const event = { type: row.type, teamId: row.team_id, payload: row.payload } as DomainEvent
  const jobsOf = EVENT_JOBS[event.type] as JobsOf<EventType>
  return jobsOf({ id: row.id, teamId: event.teamId, payload: event.payload })
}
