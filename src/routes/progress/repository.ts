import { sql } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
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

export async function findTeamForProgress (db: DbOrTx, teamId: string): Promise<TeamForProgress | undefined> {
  return db.selectFrom('teams')
    .select(['id', 'name', 'visibility', 'start_date', 'end_date', 'timezone', 'scoring'])
    .where('id', '=', teamId)
    .executeTakeFirst()
}

export async function routeOf (db: DbOrTx, teamId: string): Promise<ProgressInputs['waypoints']> {
  return db.selectFrom('waypoints')
    .select(['id', 'name', 'position', 'lat', 'lon'])
    .where('team_id', '=', teamId)
    .orderBy('position')
    .execute()
}

/** Current members (with or without credits) and everyone else with credits on the team. */
export async function contributorsOf (db: DbOrTx, teamId: string): Promise<ProgressInputs['contributors']> {
  const rows = await sql<{ user_id: string, display_name: string, credited_m: number, is_member: boolean }>`
    with credited as (
      -- Per member-day sums (kept by triggers): a row per member and day, however many activities.
      select user_id, sum(credited_m) as credited_m
      from member_day_credits where team_id = ${teamId}
      group by user_id
    )
    select u.id as user_id, u.display_name,
           coalesce(c.credited_m, 0)::float8 as credited_m,
           (m.user_id is not null) as is_member
    from credited c
    full join (select user_id from team_members where team_id = ${teamId}) m on m.user_id = c.user_id
    join users u on u.id = coalesce(c.user_id, m.user_id)`.execute(db)
  return rows.rows.map(r => ({ userId: r.user_id, displayName: r.display_name, creditedMeters: r.credited_m, isMember: r.is_member }))
}

export async function creditedBetween (db: DbOrTx, teamId: string, from: string, to: string): Promise<number> {
  const row = await db.selectFrom('member_day_credits')
    .select(sql<number>`coalesce(sum(credited_m), 0)::float8`.as('meters'))
    .where('team_id', '=', teamId)
    .where('local_day', '>=', from)
    .where('local_day', '<=', to)
    .executeTakeFirstOrThrow()
  return row.meters
}

/**
 * The latest activity that moved the team (credited more than nothing):
 * by day, then start time. Reads from the end of a partial index, so the
 * cost does not grow with the team's history.
 */
export async function lastActivityOf (db: DbOrTx, teamId: string): Promise<LastActivity | null> {
  const row = await db.selectFrom('activity_credits as c')
    .innerJoin('activities as a', 'a.id', 'c.activity_id')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.user_id', 'u.display_name', 'a.type', 'c.credited_m', 'a.started_at', 'a.local_day'])
    .where('c.team_id', '=', teamId)
    .where('c.credited_m', '>', 0)
    // Shown to the whole team: never an activity its source lets only its owner see (Strava).
    .where('a.display_restricted', '=', false)
    .orderBy('c.local_day', 'desc')
    .orderBy('a.started_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row
    ? {
        activityId: row.id,
        userId: row.user_id,
        displayName: row.display_name,
        type: row.type,
        creditedMeters: row.credited_m,
        startedAt: row.started_at.toISOString(),
        localDay: row.local_day
      }
    : null
}

export async function saveProgress (tx: DbOrTx, view: ProgressView): Promise<void> {
  const values = {
    team_id: view.teamId,
    total_distance_m: view.totalDistance,
    goal_distance_m: view.goalDistance,
    percent_complete: view.percentComplete,
    view: JSON.stringify(view),
    computed_at: view.computedAt
  }
  await tx.insertInto('team_progress').values(values)
    .onConflict(oc => oc.column('team_id').doUpdateSet({ ...values, team_id: undefined }))
    .execute()
}

export async function findProgress (db: DbOrTx, teamId: string): Promise<ProgressView | undefined> {
  const row = await db.selectFrom('team_progress').select('view').where('team_id', '=', teamId).executeTakeFirst()
  return row?.view as ProgressView | undefined
}

/**
 * Record arrivals at every waypoint in `waypointIds`; returns only the ones
 * not recorded before (the primary key makes each arrival happen once).
 */
export async function recordArrivals (tx: DbOrTx, teamId: string, waypointIds: string[], totalMeters: number): Promise<string[]> {
  if (waypointIds.length === 0) return []
  const rows = await tx.insertInto('waypoint_arrivals')
    .values(waypointIds.map(id => ({ team_id: teamId, waypoint_id: id, total_distance_m: totalMeters })))
    .onConflict(oc => oc.doNothing())
    .returning('waypoint_id')
    .execute()
  return rows.map(r => r.waypoint_id)
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
