import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import { outboxRow, type DomainEvent } from '../../db/outbox.ts'
import { appendEventCtes, toEvent, type EventRow } from '../../realtime/event-log.ts'
import type { TeamEvent, TeamEventType } from '../../realtime/port.ts'
import type { LastActivity, ProgressInputs, ProgressView } from './compute.ts'

export interface TeamForProgress {
  id: string
  name: string
  visibility: 'private' | 'public'
  start_date: string
  end_date: string
  timezone: string
  scoring: 'sum' | 'average'
}

export interface ProgressReading {
  team: TeamForProgress
  /** The database's clock, read in the same statement as everything else. */
  now: Date
  waypoints: ProgressInputs['waypoints']
  contributors: ProgressInputs['contributors']
  /** Credited metres per local day, for the days around `now` (enough for any time zone's pace window). */
  recentDays: Record<string, number>
  lastActivity: LastActivity | null
}

interface ReadingRow extends TeamForProgress {
  now: Date
  waypoints: ProgressInputs['waypoints']
  contributors: ProgressInputs['contributors']
  recent_days: Record<string, number>
  last_id: string | null
  last_user_id: string
  last_display_name: string
  last_type: string
  last_credited_m: number
  last_started_at: Date
  last_local_day: string
}

/**
 * Everything one aggregation reads, in one statement (one round trip
 * instead of six, each of which waited its turn on a loaded machine):
 *   - the team, and the database's clock (one clock for every worker);
 *   - its route, in order;
 *   - current members (with or without credits) and everyone else with credits on the team,
 *     from the per member-day sums that triggers keep (a row per member and day, however many activities);
 *   - credited metres per local day for the days around now: the caller picks the team's pace window;
 *   - the latest activity that moved the team (credited more than nothing), by day, then start
 *     time: the first entry of a partial index (activity_credits_team_latest), never one its source lets only its owner see (Strava).
 * No row when the team does not exist.
 */
export async function readProgressInputs (db: DbOrTx, teamId: string): Promise<ProgressReading | undefined> {
  const { rows } = await sql<ReadingRow>`/* prepare: progress-inputs */
    with team as (
      select id, name, visibility, start_date, end_date, timezone, scoring from teams where id = ${teamId}
    ), credited as (
      select user_id, sum(credited_m) as credited_m from member_day_credits where team_id = ${teamId} group by user_id
    ), contributors as (
      select u.id as "userId", u.display_name as "displayName",
             coalesce(c.credited_m, 0)::float8 as "creditedMeters", (m.user_id is not null) as "isMember"
      from credited c
      full join (select user_id from team_members where team_id = ${teamId}) m on m.user_id = c.user_id
      join users u on u.id = coalesce(c.user_id, m.user_id)
    ), clock as (
      select clock_timestamp() as now
    )
    select t.*, clock.now,
      (select coalesce(json_agg(json_build_object('id', w.id, 'name', w.name, 'position', w.position, 'lat', w.lat, 'lon', w.lon) order by w.position), '[]')
        from waypoints w where w.team_id = t.id) as waypoints,
      (select coalesce(json_agg(c), '[]') from contributors c) as contributors,
      (select coalesce(json_object_agg(d.local_day, d.meters), '{}') from (
        select local_day, sum(credited_m)::float8 as meters from member_day_credits
        where team_id = t.id and local_day between (clock.now at time zone 'UTC')::date - 8 and (clock.now at time zone 'UTC')::date + 1
        group by local_day) d) as recent_days,
      l.id as last_id, l.user_id as last_user_id, l.display_name as last_display_name, l.type as last_type,
      l.credited_m as last_credited_m, l.started_at as last_started_at, l.local_day as last_local_day
    from team t cross join clock
    left join lateral (
      select a.id, a.user_id, u.display_name, a.type, c.credited_m, a.started_at, a.local_day
      from activity_credits c
      join activities a on a.id = c.activity_id
      join users u on u.id = a.user_id
      where c.team_id = t.id and c.credited_m > 0 and a.display_restricted = false
      order by c.local_day desc, c.started_at desc, c.activity_id desc
      limit 1
    ) l on true`.execute(db)
  const row = rows[0]
  if (row === undefined) return undefined
  return {
    team: { id: row.id, name: row.name, visibility: row.visibility, start_date: row.start_date, end_date: row.end_date, timezone: row.timezone, scoring: row.scoring },
    now: row.now,
    waypoints: row.waypoints,
    contributors: row.contributors,
    recentDays: row.recent_days,
    lastActivity: row.last_id === null
      ? null
      : {
          activityId: row.last_id,
          userId: row.last_user_id,
          displayName: row.last_display_name,
          type: row.last_type,
          creditedMeters: row.last_credited_m,
          startedAt: row.last_started_at.toISOString(),
          localDay: row.last_local_day
        }
  }
}

/** Credited metres of the days from `from` to `to` (inclusive) in a reading's `recentDays`. */
export function creditedBetween (recentDays: Record<string, number>, from: string, to: string): number {
  let meters = 0
  for (const [day, dayMeters] of Object.entries(recentDays)) if (day >= from && day <= to) meters += dayMeters
  return meters
}

export async function routeOf (db: DbOrTx, teamId: string): Promise<ProgressInputs['waypoints']> {
  return db.selectFrom('waypoints')
    .select(['id', 'name', 'position', 'lat', 'lon'])
    .where('team_id', '=', teamId)
    .orderBy('position')
    .execute()
}

export async function findProgress (db: DbOrTx, teamId: string): Promise<ProgressView | undefined> {
  const row = await db.selectFrom('team_progress').select('view').where('team_id', '=', teamId).executeTakeFirst()
  return row?.view as ProgressView | undefined
}

export interface FirstTime<K> {
  key: K
  /** The event to record if this is the first time. */
  event: DomainEvent
}

/**
 * What one aggregation writes, in one statement: the team's progress, each
 * first arrival at a waypoint and each milestone passed for the first time
 * (the primary keys make each happen once per team, whatever the number or
 * order of runs), and an outbox event for each of those firsts only; and,
 * given `live`, the team event that states the new progress, appended to
 * the team's event log (src/realtime/event-log.ts, the log every
 * broadcaster adapter keeps), to be pushed once this commits.
 * Returns which were first, and the logged event.
 */
export async function saveAggregation (tx: DbOrTx, view: ProgressView, arrivals: Array<FirstTime<string>>, milestones: Array<FirstTime<number>>,
  live: { type: TeamEventType, data: Record<string, unknown> } | null = null): Promise<{ reached: string[], milestones: number[], event: TeamEvent | null }> {
  const firsts = JSON.stringify([
    ...arrivals.map(f => ({ kind: 'arrival', key: f.key, ...outboxRow(f.event) })),
    ...milestones.map(f => ({ kind: 'milestone', key: String(f.key), ...outboxRow(f.event) }))
  ])
  // Two fixed texts (with and without the event), each prepared under its own name.
  const logged = live === null
    ? { name: sql.raw('save-aggregation'), ctes: sql``, columns: sql`` }
    : {
        name: sql.raw('save-aggregation-logged'),
        ctes: sql`, ${appendEventCtes(view.teamId, live.type, live.data, randomUUID())}`,
        columns: sql`, (select row_to_json(e) from event_inserted e) as event`
      }
  // Keys are compared as text: a cast in a join condition may be tried on the other kind's keys.
  const { rows } = await sql<{ reached: string[], milestones: number[], event: (Omit<EventRow, 'created_at'> & { created_at: string }) | null }>`/* prepare: ${logged.name} */
    with saved as (
      insert into team_progress (team_id, total_distance_m, goal_distance_m, percent_complete, view, computed_at)
      values (${view.teamId}, ${view.totalDistance}, ${view.goalDistance}, ${view.percentComplete}, ${JSON.stringify(view)}, ${view.computedAt})
      on conflict (team_id) do update set total_distance_m = excluded.total_distance_m, goal_distance_m = excluded.goal_distance_m,
        percent_complete = excluded.percent_complete, view = excluded.view, computed_at = excluded.computed_at
    ), firsts as (
      select item->>'kind' as kind, item->>'key' as key, item->>'type' as type, (item->>'team_id')::uuid as team_id, item->>'payload' as payload, n
      from jsonb_array_elements(${firsts}::jsonb) with ordinality as e(item, n)
    ), arrived as (
      insert into waypoint_arrivals (team_id, waypoint_id, total_distance_m)
      select ${view.teamId}, key::uuid, ${view.totalDistance} from firsts where kind = 'arrival'
      on conflict do nothing
      returning waypoint_id::text as key
    ), passed as (
      insert into team_milestones (team_id, percent, total_distance_m)
      select ${view.teamId}, key::int, ${view.totalDistance} from firsts where kind = 'milestone'
      on conflict do nothing
      returning percent
    ), first_times as (
      select f.* from firsts f join arrived a on f.kind = 'arrival' and a.key = f.key
      union all
      select f.* from firsts f join passed p on f.kind = 'milestone' and p.percent::text = f.key
    ), announced as (
      insert into outbox (type, team_id, payload) select type, team_id, payload::jsonb from first_times
    )${logged.ctes}
    select coalesce((select array_agg(key order by n) from first_times where kind = 'arrival'), '{}') as reached,
           coalesce((select array_agg(percent order by percent) from passed), '{}') as milestones${logged.columns}`.execute(tx)
  const { reached, milestones: passed, event } = rows[0]!
  // A fresh id cannot have been logged before: no row means something is wrong.
  if (live !== null && !event) throw new Error('a fresh event id was already logged')
  return { reached, milestones: passed, event: event ? toEvent(view.teamId, { ...event, created_at: new Date(event.created_at) }) : null }
}

export interface StandingRow {
  team_id: string
  name: string
  visibility: 'private' | 'public'
  percent_complete: number
  total_distance_m: number
  goal_distance_m: number
}

function standings (db: DbOrTx) {
  return db.selectFrom('team_progress as p')
    .innerJoin('teams as t', 't.id', 'p.team_id')
    .select(['p.team_id', 't.name', 't.visibility', 'p.percent_complete', 'p.total_distance_m', 'p.goal_distance_m'])
}

/** Teams with computed progress, best first: public ones and those in `teamIds`. */
export async function standingsFromDatabase (db: DbOrTx, teamIds: string[], limit: number): Promise<StandingRow[]> {
  return standings(db)
    .where(eb => teamIds.length > 0
      ? eb.or([eb('t.visibility', '=', 'public'), eb('t.id', 'in', teamIds)])
      : eb('t.visibility', '=', 'public'))
    // The same order as a Redis sorted set read highest first: score, then member descending.
    .orderBy('p.percent_complete', 'desc')
    .orderBy('p.team_id', 'desc')
    .limit(limit)
    .execute()
}

export async function standingsOf (db: DbOrTx, teamIds: string[]): Promise<StandingRow[]> {
  if (teamIds.length === 0) return []
  return standings(db)
    .where('p.team_id', 'in', teamIds)
    .execute()
}

/** Every team's standing, for rebuilding the Redis leaderboards. */
/** One page of every team's standing, by team id after `after` (keyset: a rebuild reads them all in bounded memory). */
export async function standingsPage (db: DbOrTx, after: string | null, limit: number): Promise<Array<Pick<StandingRow, 'team_id' | 'visibility' | 'percent_complete'> & { computed_at: Date }>> {
  let query = db.selectFrom('team_progress as p')
    .innerJoin('teams as t', 't.id', 'p.team_id')
    .select(['p.team_id', 't.visibility', 'p.percent_complete', 'p.computed_at'])
    .orderBy('p.team_id')
    .limit(limit)
  if (after !== null) query = query.where('p.team_id', '>', after)
  return query.execute()
}

/** Which of `teamIds` have a stored standing. */
export async function teamsWithStandings (db: DbOrTx, teamIds: string[]): Promise<Set<string>> {
  if (teamIds.length === 0) return new Set()
  const rows = await db.selectFrom('team_progress as p').innerJoin('teams as t', 't.id', 'p.team_id')
    .select('p.team_id').where('p.team_id', 'in', teamIds).execute()
  return new Set(rows.map(r => r.team_id))
}
