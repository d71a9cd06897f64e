import type { Redis } from 'ioredis'
import type { Db, DbOrTx } from '../../db/database.ts'
import { lockKeyForTransaction } from '../../db/locks.ts'
import { recordEvent } from '../../db/outbox.ts'
import { localDayOf } from '../../lib/time-zones.ts'
import { computeProgress, paceWindowStart, type ProgressInputs, type ProgressView } from './compute.ts'
import {
  allStandings, contributorsOf, creditedBetween, findTeamForProgress, lastActivityOf, recordArrivals,
  routeOf, saveProgress, type TeamForProgress
} from './repository.ts'
import { leaderboardsReady, publishStanding, rebuildStandings, removeStanding } from './standings.ts'

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
}

/**
 * The `aggregate-progress` job for one team: recompute from Postgres, store
 * it, record each first arrival at a waypoint (with its `waypoint.reached`
 * event) and publish the standings to Redis. Runs for one team at a time
 * (an advisory lock), so a later run always sees at least what an earlier
 * one saw and Redis is written in the same order as Postgres.
 *
 * When Redis cannot be written the Postgres part still commits and the
 * error is thrown afterwards, so the job is retried and Redis catches up.
 */
export async function aggregateTeam (deps: ProgressDeps, teamId: string): Promise<AggregationResult> {
  let redisError: unknown = null
  const result = await deps.db.transaction().execute(async (tx): Promise<AggregationResult> => {
    await lockKeyForTransaction(tx, `aggregate-progress:${teamId}`)
    const team = await findTeamForProgress(tx, teamId)
    if (!team) {
      if (deps.redis) redisError = await attempt(() => removeStanding(deps.redis!, teamId))
      return { teamId, view: null, reached: [] }
    }
    // Read committed on purpose: every statement sees what committed while
    // this run waited for the lock. A change committing mid-run triggers
    // another run, which will see it.
    const { view, route } = await computeTeamProgress(tx, team)
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
    if (deps.redis) {
      redisError = await attempt(async () => {
        if (!(await leaderboardsReady(deps.redis!))) await rebuildLeaderboards(deps)
        await publishStanding(deps.redis!, { teamId, visibility: team.visibility, percentComplete: view.percentComplete, version: Date.parse(view.computedAt) }, view)
      })
    }
    return { teamId, view, reached }
  })
  if (redisError) throw redisError
  return result
}

async function attempt (fn: () => Promise<void>): Promise<unknown> {
  try {
    await fn()
    return null
  } catch (err) {
    return err ?? new Error('redis write failed')
  }
}

/** The `rebuild-leaderboards` job: both team leaderboards from `team_progress`. */
export async function rebuildLeaderboards (deps: ProgressDeps): Promise<{ teams: number }> {
  if (!deps.redis) return { teams: 0 }
  const readAt = Date.now()
  const rows = await allStandings(deps.db)
  await rebuildStandings(deps.redis, rows.map(r => ({
    teamId: r.team_id,
    visibility: r.visibility,
    percentComplete: r.percent_complete,
    version: r.computed_at.getTime()
  })), readAt)
  return { teams: rows.length }
}
