import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

/**
 * The typed shape of the Postgres schema, as the migrations leave it.
 * Migrations never import this file: they are frozen in time.
 */
export interface Database {
  users: UsersTable
  teams: TeamsTable
  team_members: TeamMembersTable
  invitations: InvitationsTable
  outbox: OutboxTable
  waypoints: WaypointsTable
  activities: ActivitiesTable
  activity_credits: ActivityCreditsTable
  member_day_credits: MemberDayCreditsTable
  idempotency_keys: IdempotencyKeysTable
  team_progress: TeamProgressTable
  waypoint_arrivals: WaypointArrivalsTable
  team_event_counters: TeamEventCountersTable
  team_events: TeamEventsTable
  handled_events: HandledEventsTable
  notifications: NotificationsTable
  email_deliveries: EmailDeliveriesTable
  notification_preferences: NotificationPreferencesTable
  email_suppressions: EmailSuppressionsTable
  team_milestones: TeamMilestonesTable
  reports: ReportsTable
  integration_connections: IntegrationConnectionsTable
  oauth_states: OAuthStatesTable
  integration_webhook_events: IntegrationWebhookEventsTable
  provider_rate_budgets: ProviderRateBudgetsTable
}

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
/** A calendar day, read as 'YYYY-MM-DD' (pg's date parser is switched off in database.ts). */
type LocalDay = ColumnType<string, string, string>

export interface UsersTable {
  id: Generated<string>
  /** Always stored lower-cased and trimmed; unique. */
  email: string
  password_hash: string
  display_name: string
  units: 'metric' | 'imperial'
  timezone: string
  stride_length_m: number
  /** Daily-total sources in the order this user trusts them; null: the default rule. */
  source_priority: ColumnType<string[] | null, string[] | null | undefined, string[] | null>
  created_at: Timestamp
  updated_at: Timestamp
}

export type UserRow = Selectable<UsersTable>
export type NewUserRow = Insertable<UsersTable>
export type UserUpdate = Updateable<UsersTable>

export type TeamRole = 'owner' | 'admin' | 'member'

export interface TeamsTable {
  id: Generated<string>
  name: string
  description: Generated<string>
  visibility: Generated<'private' | 'public'>
  owner_id: string
  start_date: LocalDay
  end_date: LocalDay
  timezone: string
  scoring: Generated<'sum' | 'average'>
  daily_cap_m: number | null
  join_code: string
  max_members: number
  /** The route's total great-circle length: the distance to cover. */
  goal_distance_m: Generated<number>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface TeamMembersTable {
  team_id: string
  user_id: string
  role: TeamRole
  joined_at: Timestamp
}

export interface InvitationsTable {
  id: Generated<string>
  team_id: string
  email: string
  token_hash: string
  invited_by: string | null
  created_at: Timestamp
  expires_at: Date
  accepted_at: Date | null
  accepted_by: string | null
}

export interface OutboxTable {
  id: Generated<string>
  type: string
  team_id: string | null
  payload: ColumnType<Record<string, unknown>, string, string>
  created_at: Timestamp
  published_at: Date | null
  /** Claimed by a relay pass until then (src/workers/outbox-relay.ts). */
  claimed_until: Date | null
}

export type TeamRow = Selectable<TeamsTable>
export type TeamMemberRow = Selectable<TeamMembersTable>
export type InvitationRow = Selectable<InvitationsTable>

export interface WaypointsTable {
  id: Generated<string>
  team_id: string
  /** 0-based and contiguous within a team. */
  position: number
  name: string
  description: Generated<string>
  lat: number
  lon: number
  created_at: Timestamp
  updated_at: Timestamp
}

export type WaypointRow = Selectable<WaypointsTable>

export type ActivityType = 'walk' | 'run' | 'cycle' | 'swim' | 'hike' | 'steps' | 'other'

export interface ActivitiesTable {
  id: Generated<string>
  user_id: string
  type: ActivityType
  /** As reported; null for step counts. */
  distance_m: number | null
  steps: number | null
  duration_s: number | null
  started_at: Date
  timezone: string
  local_day: LocalDay
  source: Generated<string>
  client_id: string | null
  external_id: string | null
  /** The distance the activity claims: reported metres, or steps × stride. */
  raw_m: number
  /** A source's whole-day total: merged with the day's other sources, never added to them. */
  daily_total: ColumnType<boolean, boolean | undefined, boolean>
  /** The source's terms restrict display (Strava): others see its credited metres only. */
  display_restricted: ColumnType<boolean, boolean | undefined, boolean>
  created_at: Timestamp
}

/** One line of the score ledger: what an activity credited to one team, and why it differs from raw. */
export interface ActivityCreditsTable {
  activity_id: string
  team_id: string
  user_id: string
  local_day: LocalDay
  /** The activity's start time, copied (kept equal by the writers of both tables) for the team's latest-activity index. */
  started_at: Date
  raw_m: number
  credited_m: number
  reason: string | null
  /** What the activity counts for the day before the team's rules; null on lines written before it was kept. */
  eligible_m: number | null
  /** Why eligible_m differs from raw_m. */
  day_reason: string | null
}

/** What a member credited to a team on a local day (kept by triggers on activity_credits). */
export interface MemberDayCreditsTable {
  team_id: string
  user_id: string
  local_day: LocalDay
  credited_m: number
}

export interface IdempotencyKeysTable {
  user_id: string
  key: string
  request_hash: string
  status: 'in_progress' | 'done'
  response_status: number | null
  response_body: ColumnType<unknown, string | null, string | null>
  created_at: Timestamp
  expires_at: Date
}

export type ActivityRow = Selectable<ActivitiesTable>
export type ActivityCreditRow = Selectable<ActivityCreditsTable>

/** The aggregation worker's latest result for a team; `view` is the progress as the API shows it. */
export interface TeamProgressTable {
  team_id: string
  total_distance_m: number
  goal_distance_m: number
  percent_complete: number
  view: ColumnType<unknown, string, string>
  computed_at: Timestamp
}

export interface WaypointArrivalsTable {
  team_id: string
  waypoint_id: string
  reached_at: Timestamp
  total_distance_m: number
}

export interface HandledEventsTable {
  event_id: string
  handler: string
  handled_at: Timestamp
}

/** In-app notifications: one per (event, recipient). */
export interface NotificationsTable {
  id: Generated<string>
  user_id: string
  event_id: string
  team_id: string | null
  type: string
  title: string
  body: string
  data: ColumnType<Record<string, unknown>, string | undefined, string>
  created_at: Timestamp
  read_at: Date | null
}

export type NotificationRow = Selectable<NotificationsTable>

/** Emails to send (or sent): one per (event, address), or per (user, digest day). */
export interface EmailDeliveriesTable {
  id: Generated<string>
  dedupe_key: string
  event_id: string | null
  user_id: string | null
  team_id: string | null
  to_address: string
  type: string
  data: ColumnType<Record<string, unknown>, string, string>
  status: 'pending' | 'sent' | 'digest' | 'digested' | 'suppressed' | 'failed'
  send_after: Timestamp
  digest_day: LocalDay | null
  attempts: Generated<number>
  last_error: string | null
  message_id: string | null
  created_at: Timestamp
  sent_at: Date | null
}

export type EmailDeliveryRow = Selectable<EmailDeliveriesTable>

export interface NotificationPreferencesTable {
  user_id: string
  channels: ColumnType<Record<string, { inApp?: boolean, email?: boolean }>, string | undefined, string>
  quiet_start: string | null
  quiet_end: string | null
  digest: Generated<boolean>
  updated_at: Timestamp
}

export interface EmailSuppressionsTable {
  email: string
  type: string
  created_at: Timestamp
}

export interface TeamMilestonesTable {
  team_id: string
  percent: number
  reached_at: Timestamp
  total_distance_m: number
}

export interface ReportsTable {
  id: Generated<string>
  team_id: string
  /** ISO week, e.g. 2026-W47. */
  week: string
  from_day: LocalDay
  to_day: LocalDay
  data: ColumnType<unknown, string, string>
  generated_at: Timestamp
}

export type ReportRow = Selectable<ReportsTable>

export interface IntegrationConnectionsTable {
  id: Generated<string>
  user_id: string
  provider: string
  status: 'connected' | 'disconnected'
  provider_user_id: string | null
  scopes: string | null
  /** AES-256-GCM envelopes (src/routes/integrations/token-cipher.ts), never plaintext. */
  access_token_enc: string | null
  refresh_token_enc: string | null
  token_expires_at: Date | null
  connected_at: Timestamp
  last_success_at: Date | null
  last_attempt_at: Date | null
  last_error: string | null
  last_error_at: Date | null
  consecutive_failures: ColumnType<number, number | undefined, number>
  next_sync_after: Date | null
  sync_lease_until: Date | null
  synced_through: LocalDay | null
  disconnected_at: Date | null
  disconnect_reason: string | null
  stale_notified_at: Date | null
  created_at: Timestamp
  updated_at: Timestamp
}

export type IntegrationConnectionRow = Selectable<IntegrationConnectionsTable>

export interface OAuthStatesTable {
  /** SHA-256 of the state: the state itself only travels in the authorization URL. */
  state_hash: string
  user_id: string
  provider: string
  code_verifier_enc: string | null
  created_at: Timestamp
  expires_at: Date
  used_at: Date | null
}

export interface IntegrationWebhookEventsTable {
  id: Generated<string>
  provider: string
  dedupe_key: string
  connection_id: string | null
  payload: ColumnType<unknown, string, string>
  received_at: Timestamp
  processed_at: Date | null
}

export interface ProviderRateBudgetsTable {
  bucket: string
  window_start: Date
  used: number
  max: number
  blocked_until: Date | null
}

/** The last live-event sequence number given out per team. */
export interface TeamEventCountersTable {
  team_id: string
  last_seq: number
}

/** A team's recent live events, kept for resume (src/realtime/event-log.ts). */
export interface TeamEventsTable {
  team_id: string
  seq: number
  id: string
  type: string
  data: ColumnType<Record<string, unknown>, string, string>
  created_at: Timestamp
}
