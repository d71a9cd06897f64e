import { sql } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import type { ReportRow } from '../../db/schema.ts'
import type { ReportInputs } from './compute.ts'

export interface TeamForReport {
  id: string
  name: string
  timezone: string
  start_date: string
  end_date: string
  scoring: 'sum' | 'average'
  goal_distance_m: number
}

export async function findTeamForReport (db: DbOrTx, teamId: string): Promise<TeamForReport | undefined> {
  return db.selectFrom('teams').select(['id', 'name', 'timezone', 'start_date', 'end_date', 'scoring', 'goal_distance_m'])
    .where('id', '=', teamId).executeTakeFirst()
}

/** Teams whose dates overlap the days from `from` to `to`. */
export async function teamsActiveBetween (db: DbOrTx, from: string, to: string): Promise<TeamForReport[]> {
  return db.selectFrom('teams').select(['id', 'name', 'timezone', 'start_date', 'end_date', 'scoring', 'goal_distance_m'])
    .where('start_date', '<=', to).where('end_date', '>=', from).execute()
}

export async function reportExists (db: DbOrTx, teamId: string, week: string): Promise<boolean> {
  return (await db.selectFrom('reports').select('id').where('team_id', '=', teamId).where('week', '=', week).executeTakeFirst()) !== undefined
}

/** Everything a report is computed from, up to the week's last day. */
export async function reportInputs (db: DbOrTx, team: TeamForReport, week: string, from: string, to: string): Promise<ReportInputs> {
  const [people, credits, arrivals] = await Promise.all([
    sql<{ user_id: string, display_name: string, is_member: boolean }>`
      select u.id as user_id, u.display_name, (m.user_id is not null) as is_member
      from (select distinct user_id from activity_credits where team_id = ${team.id} and local_day <= ${to}) c
      full join (select user_id from team_members where team_id = ${team.id}) m on m.user_id = c.user_id
      join users u on u.id = coalesce(c.user_id, m.user_id)`.execute(db),
    sql<{ user_id: string, day: string, meters: number }>`
      select user_id, local_day::text as day, sum(credited_m)::float8 as meters
      from activity_credits where team_id = ${team.id} and local_day <= ${to}
      group by user_id, local_day`.execute(db),
    sql<{ waypoint_id: string, name: string, position: number, reached_at: string }>`
      select a.waypoint_id, w.name, w.position, to_char(a.reached_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as reached_at
      from waypoint_arrivals a join waypoints w on w.id = a.waypoint_id
      where a.team_id = ${team.id}
        and (a.reached_at at time zone ${team.timezone})::date between ${from}::date and ${to}::date
      order by w.position`.execute(db)
  ])
  return {
    team: { id: team.id, name: team.name, timezone: team.timezone, startDate: team.start_date, endDate: team.end_date, scoring: team.scoring, goalMeters: team.goal_distance_m },
    week,
    from,
    to,
    people: people.rows.map(r => ({ userId: r.user_id, displayName: r.display_name, isMember: r.is_member })),
    credits: credits.rows.map(r => ({ userId: r.user_id, day: r.day, meters: r.meters })),
    arrivals: arrivals.rows.map(r => ({ waypointId: r.waypoint_id, name: r.name, position: r.position, reachedAt: r.reached_at }))
  }
}

/** Store a team's report of a week: the first time inserted, later replaced in place (same id). */
export async function upsertReport (tx: DbOrTx, report: { teamId: string, week: string, from: string, to: string, data: unknown }): Promise<{ id: string, inserted: boolean }> {
  const row = await tx.insertInto('reports')
    .values({ team_id: report.teamId, week: report.week, from_day: report.from, to_day: report.to, data: JSON.stringify(report.data) })
    .onConflict(oc => oc.columns(['team_id', 'week']).doUpdateSet({ data: JSON.stringify(report.data), generated_at: sql`now()` }))
    .returning(['id', sql<boolean>`(xmax = 0)`.as('inserted')])
    .executeTakeFirstOrThrow()
  return { id: row.id, inserted: row.inserted }
}

export async function isMember (db: DbOrTx, teamId: string, userId: string): Promise<boolean> {
  return (await db.selectFrom('team_members').select('user_id').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst()) !== undefined
}

/** The report if the user is a member of its team. */
export async function findReportForMember (db: DbOrTx, reportId: string, userId: string): Promise<ReportRow | undefined> {
  return db.selectFrom('reports as r')
    .innerJoin('team_members as m', join => join.onRef('m.team_id', '=', 'r.team_id').on('m.user_id', '=', userId))
    .selectAll('r')
    .where('r.id', '=', reportId)
    .executeTakeFirst()
}

/** A team's reports, newest week first, after the keyset cursor. */
export async function listReports (db: DbOrTx, teamId: string, limit: number, afterFromDay?: string): Promise<ReportRow[]> {
  let query = db.selectFrom('reports').selectAll().where('team_id', '=', teamId).orderBy('from_day', 'desc').limit(limit + 1)
  if (afterFromDay !== undefined) query = query.where('from_day', '<', afterFromDay)
  return query.execute()
}

export async function userUnits (db: DbOrTx, userId: string): Promise<'metric' | 'imperial'> {
  return (await db.selectFrom('users').select('units').where('id', '=', userId).executeTakeFirst())?.units ?? 'metric'
}
