/**
 * The event catalogue: every event type written to the outbox and the shape
 * of its payload. `recordEvent` (src/db/outbox.ts) only accepts these, and
 * the relay's event → jobs table (src/workers/event-jobs.ts) must name every
 * one, so a new event or a wrong payload is a compile error, not a guess at
 * run time.
 */
/** A member's role, as the teams domain stores it (src/db/schema.ts TeamRole). */
type Role = 'owner' | 'admin' | 'member'

export interface EventPayloads {
  'team.created': { teamId: string, ownerId: string }
  'team.updated': {
    teamId: string
    by: string
    fields: string[]
    /** New dates or daily cap: member-days in this range are credited again. */
    recredit?: { from: string, to: string }
  }
  'team.deleted': { teamId: string, name: string | undefined, by: string, reason?: string }
  /** The user row is gone; what lives outside Postgres (chat messages) follows. */
  'account.deleted': { userId: string }
  'member.joined': { teamId: string, userId: string, role: Role, via: 'create' | 'code' | 'invitation' }
  'member.left': { teamId: string, userId: string, reason: string, by?: string }
  'member.role_changed': { teamId: string, userId: string, from: Role, to: Role, by?: string }
  /** No token: the email job derives it from the id (src/lib/signing.ts). */
  'invitation.created': { invitationId: string, teamId: string, email: string, invitedBy: string, expiresAt: string }
  'route.changed': { teamId: string, change: string, by: string, waypointCount: number, totalDistanceMeters: number }
  /** Credited to `teamIds` (the row's team_id is null: one activity, many teams). */
  'activity.logged': { activityId: string, userId: string, localDay: string, teamIds: string[] }
  /** A phone's batch (POST /activities/sync): one event for all it stored, however many items. */
  'activities.synced': { userId: string, localDays: string[], activityIds: string[], teamIds: string[] }
  /** Without `activityId` when an account and everything it logged went at once. */
  'activity.deleted': { activityId?: string, userId: string, localDay?: string, teamIds: string[], reason?: string }
  /** A user-day credited again without an activity changing (a new source priority). */
  'activity.recredited': { userId: string, localDay: string, teamIds: string[], reason: string }
  'waypoint.reached': { teamId: string, waypointId: string, name: string, position: number, totalDistance: number }
  /** 25, 50, 75 or 100 % of the route (100: the finish), once per team each. */
  'milestone.reached': { teamId: string, percent: number, totalDistance: number, goalDistance: number }
  'report.ready': { teamId: string, reportId: string, week: string }
  /** A new (or renewed) connection: its first sync starts at once. */
  'integration.connected': { connectionId: string, userId: string, provider: string }
  /** A provider told us something changed (a Strava event, a Google steps notification): sync that connection. */
  'integration.webhook_received': { connectionId: string, userId: string, provider: string }
  /** Access ended (revoked by the user here or at the provider, refresh refused): tell the user. */
  'integration.disconnected': {
    connectionId: string
    userId: string
    provider: string
    /** The provider as people know it ("Strava"); absent in events written before it was carried. */
    providerName?: string
    /** `revoked_by_user` (DELETE here: not notified), `deauthorized_at_provider`, `access_revoked`, `linked_to_another_account`. */
    reason: string
    importedActivities: 'kept' | 'deleted'
  }
  /** No successful sync for `hours` (notice before steps start to be lost at 36 h). */
  'integration.sync_stale': {
    connectionId: string
    userId: string
    provider: string
    providerName?: string
    lastSuccessAt: string | null
    hours: number
    /** After this many hours without a sync, steps can be lost. */
    atRiskHours?: number
  }
}

export type EventType = keyof EventPayloads

/** One event as written and as read back: the type decides the payload. */
export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: { type: K, teamId: string | null, payload: EventPayloads[K] }
}[T]
