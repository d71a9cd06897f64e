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
  idempotency_keys: IdempotencyKeysTable
  team_progress: TeamProgressTable
  waypoint_arrivals: WaypointArrivalsTable
  team_event_counters: TeamEventCountersTable
  team_events: TeamEventsTable
  handled_events: HandledEventsTable
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
  created_at: Timestamp
}

/** One line of the score ledger: what an activity credited to one team, and why it differs from raw. */
export interface ActivityCreditsTable {
  activity_id: string
  team_id: string
  user_id: string
  local_day: LocalDay
  raw_m: number
  credited_m: number
  reason: string | null
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
