/**
 * The broadcaster port: how domains and job handlers push live events to
 * connected clients, whatever the runtime (adapters beside this file:
 * in-process, Redis pub/sub, API Gateway WebSocket management API).
 * Postgres stays the source of truth: a push is a courtesy to clients that
 * are listening; anything pushed can be read again over REST
 * (`GET /teams/{id}/events`, and each domain's own routes).
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

/** A team event as stored in the team's log and as sent to clients. */
export interface TeamEvent {
  /** Unique; a client that sees an id twice drops the second. */
  id: string
  /** Per team, strictly increasing, without gaps: resume says "after seq N". */
  seq: number
  teamId: string
  type: TeamEventType
  data: Record<string, unknown>
  /** When the event was logged (ISO-8601). */
  at: string
}

export interface TeamEventOptions {
  /**
   * A stable id for the event (say, the outbox event it comes from): sending
   * the same id twice logs and pushes it once, so a retried job is harmless.
   */
  id?: string
}

export interface Broadcaster {
  /**
   * Log a team event (assigning its id and sequence number) and push it to
   * everyone subscribed to the team. Resolves with the logged event, or null
   * when the team no longer exists or an event with that id was already sent.
   */
  toTeam: (teamId: string, type: TeamEventType, data: Record<string, unknown>, options?: TeamEventOptions) => Promise<TeamEvent | null>
  /**
   * Push an event that a transaction logged with its own writes (every
   * adapter logs to the same Postgres event log; `appendEventCtes` in
   * src/realtime/event-log.ts appends one inside a statement, as the
   * aggregation does for a team's new progress) to everyone subscribed to
   * its team: after the commit, never before.
   */
  push: (event: TeamEvent) => Promise<void>
  /** Send an event to one user's open connections (not logged: the notification itself is stored). */
  toUser: (userId: string, type: UserEventType, data: Record<string, unknown>) => Promise<void>
  /**
   * The team is gone: every subscriber is told (`subscription_ended`,
   * reason `team_deleted`) and unsubscribed. Not logged: the team's log
   * went with it.
   */
  endTeam: (teamId: string) => Promise<void>
  /**
   * Sessions ended (signed out, revoked, account deleted): every connection
   * of the user opened with that session (any session when `sessionId` is
   * omitted) gets `session_ended` and is closed at once, on every instance,
   * rather than at its token's expiry.
   */
  endSessions: (userId: string, end: { sessionId?: string | undefined, reason: SessionEndReason }) => Promise<void>
}

/** Why the server closed a person's connections (`session_ended`). */
export type SessionEndReason = 'logout' | 'session_revoked' | 'account_deleted'
