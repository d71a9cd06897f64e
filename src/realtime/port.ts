/**
 * The broadcaster port: how domains and job handlers push live events to
 * connected clients, whatever the runtime (adapters beside this file:
 * in-process, Redis pub/sub, API Gateway WebSocket management API).
 * Postgres stays the source of truth: a push is a courtesy to clients that
 * are listening; anything pushed can be read again over REST.
 */

/** Events every subscriber of a team receives, each with a per-team sequence number. */
export type TeamEventType =
  | 'progress_update'
  | 'waypoint_reached'
  | 'member_joined'
  | 'member_left'
  | 'chat_message'
  | 'chat_message_deleted'

/** Events for one person only, on every connection they have open. */
export type UserEventType = 'notification'

export interface Broadcaster {
  /** Send a team event to everyone subscribed to the team (assigns its id and sequence number). */
  toTeam: (teamId: string, type: TeamEventType, data: Record<string, unknown>) => Promise<void>
  /** Send an event to one user's open connections. */
  toUser: (userId: string, type: UserEventType, data: Record<string, unknown>) => Promise<void>
}
