import { sql } from 'kysely'
import type { Redis } from 'ioredis'
import type { Db, DbOrTx } from '../../db/database.ts'
import { lockKeyForTransaction } from '../../db/locks.ts'
import { recordEvent } from '../../db/outbox.ts'
import { localDayOf } from '../../lib/time-zones.ts'
import type { Broadcaster } from '../../realtime/port.ts'
import { computeProgress, paceWindowStart, type ProgressInputs, type ProgressView } from './compute.ts'
import {
  contributorsOf, creditedBetween, findTeamForProgress, lastActivityOf, recordArrivals,
  routeOf, saveProgress, standingsPage, teamsWithStandings, type TeamForProgress
} from './repository.ts'
import { recordMilestones } from './milestones.ts'
import { dropMissingStandings, KEYS, leaderboardsReady, publishStanding, removeStanding, writeStandings } from './standings.ts'

export interface ProgressDeps {
  db: Db
  /** Null without Redis: Postgres alone then serves progress and leaderboards. */
  redis: Redis | null
}

/** Read everything and compute; no writes (also used for a team never aggregated yet). */
export async function computeTeamProgress (db: DbOrTx, team: TeamForProgress, now = new Date()): Promise<{ view: ProgressView, route: ProgressInputs['waypoints'] }> {
  const today = localDayOf(now, team.timezone)
  const [waypoints, contributors, lastSevenDaysMeters, lastActivity] = await Promise.all([
    routeOf(db, team.id),
    contributorsOf(db, team.id),
    creditedBetween(db, team.id, paceWindowStart(today), today),
    lastActivityOf(db, team.id)
  ])
  const view = computeProgress({
    team: { id: team.id, startDate: team.start_date, endDate: team.end_date, scoring: team.scoring },
    waypoints,
    contributors,
    lastSevenDaysMeters,
    lastActivity,
    today,
    now
  })
  return { view, route: waypoints }
}

export interface AggregationResult {
  teamId: string
  view: ProgressView | null
  /** Waypoints reached for the first time by this run. */
  reached: string[]
  /** Milestones (percent of the route) passed for the first time by this run. */
  milestones: number[]
}

/**
 * The `aggregate-progress` job for one team: recompute from Postgres, store
 * it, record each first arrival at a waypoint (with its `waypoint.reached`
 * event) and publish the standings to Redis. Runs for one team at a time
 * (an advisory lock), so a later run always sees at least what an earlier
 * one saw; Redis keeps whichever write is newest.
 *
 * When Redis cannot be written the Postgres part has committed and the
 * error fails the job, so it is retried and Redis catches up.
 */
export async function aggregateTeam (deps: ProgressDeps, teamId: string): Promise<AggregationResult> {
  const result = await deps.db.transaction().execute(async (tx) => {
    await lockKeyForTransaction(tx, `aggregate-progress:${teamId}`)
    const team = await findTeamForProgress(tx, teamId)
    if (!team) return { teamId, view: null, reached: [], milestones: [], visibility: null }
    // The database's clock, read under the lock: one clock for every worker,
    // and later runs of a team always get later times (Redis keeps the
    // newest write by it).
    const now = await databaseNow(tx)
    // Read committed on purpose: every statement sees what committed while
    // this run waited for the lock. A change committing mid-run triggers
    // another run, which will see it.
    const { view, route } = await computeTeamProgress(tx, team, now)
    await saveProgress(tx, view)
    const reachedIds = route.slice(1, 1 + view.reachedWaypoints).map(w => w.id)
    const reached = await recordArrivals(tx, teamId, reachedIds, view.totalDistance)
    for (const waypointId of reached) {
      const waypoint = route.find(w => w.id === waypointId)!
      await recordEvent(tx, {
        type: 'waypoint.reached',
        teamId,
        payload: { teamId, waypointId, name: waypoint.name, position: waypoint.position, totalDistance: view.totalDistance }
      })
    }
    const milestones = await recordMilestones(tx, view)
    return { teamId, view, reached, milestones, visibility: team.visibility }
  })

  // Redis after commit, so a rebuild never sees a score Postgres does not
  // have yet; writes carry the run's time and Redis keeps the newest. If
  // Redis fails the job fails and is retried; Postgres already has it.
  if (deps.redis) {
    if (result.view === null) {
      await removeStanding(deps.redis, teamId)
    } else {
      if (!(await leaderboardsReady(deps.redis))) await rebuildLeaderboardsOnce(deps)
      await publishStanding(deps.redis, {
        teamId, visibility: result.visibility!, percentComplete: result.view.percentComplete, version: Date.parse(result.view.computedAt)
      }, result.view)
    }
  }
  return { teamId: result.teamId, view: result.view, reached: result.reached, milestones: result.milestones }
}

export interface AggregationJobDeps extends ProgressDeps {
  /** Publish the outbox now: arrivals go out at once rather than at the next sweep. */
  publishEvents: () => Promise<unknown>
  /** Live `progress_update` to the team's subscribers, after commit. */
  broadcaster?: Broadcaster | undefined
}

/** The `aggregate-progress` job: aggregate, push the new progress live, announce new arrivals. */
export async function aggregateProgress (deps: AggregationJobDeps, teamId: string): Promise<{ teamId: string, percentComplete: number | null, reached: number }> {
  const { view, reached, milestones } = await aggregateTeam(deps, teamId)
  // After commit: a subscriber that refetches over REST on this event sees
  // at least what it says. A retried run pushes again, which is harmless:
  // each progress_update is the whole state, not a delta.
  if (view !== null && deps.broadcaster) await deps.broadcaster.toTeam(teamId, 'progress_update', { ...view })
  if (reached.length > 0 || milestones.length > 0) await deps.publishEvents()
  return { teamId, percentComplete: view?.percentComplete ?? null, reached: reached.length }
}

async function databaseNow (tx: DbOrTx): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(tx)
  return rows[0]!.now
}

/**
 * After Redis lost its data every aggregation finds the leaderboards
 * missing; one of them rebuilds, the others go on (their own writes are
 * versioned, so the rebuild cannot undo them).
 */
async function rebuildLeaderboardsOnce (deps: ProgressDeps): Promise<void> {
  const claimed = await deps.redis!.set(KEYS.rebuilding, '1', 'EX', 30, 'NX')
  if (claimed === 'OK') await rebuildLeaderboards(deps)
}

/** Teams per page when rebuilding the leaderboards. */
const REBUILD_PAGE = 5000

/**
 * The `rebuild-leaderboards` job: both team leaderboards from
 * `team_progress`, a page at a time (a million teams rebuild in bounded memory).
 */
export async function rebuildLeaderboards (deps: ProgressDeps, pageSize = REBUILD_PAGE): Promise<{ teams: number }> {
  const redis = deps.redis
  if (!redis) return { teams: 0 }
  const readAt = Date.now()
  let teams = 0
  let after: string | null = null
  for (;;) {
    const rows = await standingsPage(deps.db, after, pageSize)
    if (rows.length === 0) break
    await writeStandings(redis, rows.map(r => ({
      teamId: r.team_id,
      visibility: r.visibility,
      percentComplete: r.percent_complete,
      version: r.computed_at.getTime()
    })))
    teams += rows.length
    after = rows.at(-1)!.team_id
    if (rows.length < pageSize) break
  }
  await dropMissingStandings(redis, ids => teamsWithStandings(deps.db, ids), readAt)
  return { teams }
}
