import type { Redis } from 'ioredis'
import type { Db } from '../../db/database.ts'
import { lockKeyForTransaction } from '../../db/locks.ts'
import { localDayOf } from '../../lib/time-zones.ts'
import type { Broadcaster, TeamEvent } from '../../realtime/port.ts'
import { computeProgress, paceWindowStart, type ProgressView } from './compute.ts'
import {
  creditedBetween, readProgressInputs, saveAggregation, standingsPage, teamsWithStandings, type ProgressReading
} from './repository.ts'
import { milestonesPassed } from './milestones.ts'
import { dropMissingStandings, KEYS, leaderboardsReady, publishStanding, removeStanding, writeStandings } from './standings.ts'

export interface ProgressDeps {
  db: Db
  /** Null without Redis: Postgres alone then serves progress and leaderboards. */
  redis: Redis | null
}

/** Compute a team's progress from one reading (no writes; also used for a team never aggregated yet). */
export function progressFromReading (reading: ProgressReading): ProgressView {
  const { team, now } = reading
  const today = localDayOf(now, team.timezone)
  return computeProgress({
    team: { id: team.id, startDate: team.start_date, endDate: team.end_date, scoring: team.scoring },
    waypoints: reading.waypoints,
    contributors: reading.contributors,
    lastSevenDaysMeters: creditedBetween(reading.recentDays, paceWindowStart(today), today),
    lastActivity: reading.lastActivity,
    today,
    now
  })
}

export interface AggregationResult {
  teamId: string
  view: ProgressView | null
  /** Waypoints reached for the first time by this run. */
  reached: string[]
  /** Milestones (percent of the route) passed for the first time by this run. */
  milestones: number[]
}

interface CommittedRun extends AggregationResult {
  visibility: 'public' | 'private' | null
  /** The progress_update logged with it, to push once committed. */
  event: TeamEvent | null
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
export async function aggregateTeam (deps: ProgressDeps & Pick<AggregationJobDeps, 'broadcaster'>, teamId: string): Promise<AggregationResult> {
  const result = await deps.db.transaction().execute(async (tx): Promise<CommittedRun> => {
    await lockKeyForTransaction(tx, `aggregate-progress:${teamId}`)
    // Read committed on purpose, and read after the lock: the statement sees
    // what committed while this run waited for it, so a later run always
    // sees at least what an earlier one saw. A change committing mid-run
    // triggers another run, which will see it. The clock is the database's,
    // read under the lock: one clock for every worker, and later runs of a
    // team always get later times (Redis keeps the newest write by it).
    const reading = await readProgressInputs(tx, teamId)
    if (!reading) return { teamId, view: null, reached: [], milestones: [], visibility: null, event: null }
    const view = progressFromReading(reading)
    const arrivals = reading.waypoints.slice(1, 1 + view.reachedWaypoints).map(waypoint => ({
      key: waypoint.id,
      event: {
        type: 'waypoint.reached' as const,
        teamId,
        payload: { teamId, waypointId: waypoint.id, name: waypoint.name, position: waypoint.position, totalDistance: view.totalDistance }
      }
    }))
    // The live progress_update is logged with the progress it states, in
    // the same statement: one round trip and one commit for both. Each is
    // the whole state, not a delta, so the one a retried run logs again is
    // harmless.
    const live = deps.broadcaster ? { type: 'progress_update' as const, data: { ...view } } : null
    const { reached, milestones, event } = await saveAggregation(tx, view, arrivals, milestonesPassed(view), live)
    return { teamId, view, reached, milestones, visibility: reading.team.visibility, event }
  })

  // After commit: a subscriber that refetches over REST on the push sees at
  // least what it says, and a leaderboard rebuild never sees a score
  // Postgres does not have yet. The push and the Redis writes go out
  // together (one write to Redis when it carries both, src/plugins/redis.ts).
  // Redis writes carry the run's time and Redis keeps the newest. If Redis
  // fails the job fails and is retried; Postgres already has it.
  const pushed = result.event ? deps.broadcaster!.push(result.event) : Promise.resolve()
  try {
    if (deps.redis) {
      if (result.view === null) {
        await removeStanding(deps.redis, teamId)
      } else {
        const [ready] = await Promise.all([
          leaderboardsReady(deps.redis),
          publishStanding(deps.redis, {
            teamId, visibility: result.visibility!, percentComplete: result.view.percentComplete, version: Date.parse(result.view.computedAt)
          }, result.view)
        ])
        // Versioned writes: the rebuild keeps this run's standing, written first.
        if (!ready) await rebuildLeaderboardsOnce(deps)
      }
    }
  } finally {
    await pushed
  }
  return { teamId: result.teamId, view: result.view, reached: result.reached, milestones: result.milestones }
}

export interface AggregationJobDeps extends ProgressDeps {
  /** Publish the outbox now: arrivals go out at once rather than at the next sweep. */
  publishEvents: () => Promise<unknown>
  /** Live `progress_update` to the team's subscribers: logged with the run, pushed after its commit. */
  broadcaster?: Broadcaster | undefined
}

/** The `aggregate-progress` job: aggregate, push the new progress live, announce new arrivals. */
export async function aggregateProgress (deps: AggregationJobDeps, teamId: string): Promise<{ teamId: string, percentComplete: number | null, reached: number }> {
  const { view, reached, milestones } = await aggregateTeam(deps, teamId)
  if (reached.length > 0 || milestones.length > 0) await deps.publishEvents()
  return { teamId, percentComplete: view?.percentComplete ?? null, reached: reached.length }
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
