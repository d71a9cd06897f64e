import type { Redis } from 'ioredis'
import type { Db } from '../../db/database.ts'
import { legsOf } from '../../lib/geo.ts'
import { AppError } from '../../lib/errors.ts'
import { requireMember } from '../teams/service.ts'
import { teamsOf } from '../teams/repository.ts'
import { progressFromReading } from './aggregate.ts'
import type { ProgressView } from './compute.ts'
import { findProgress, readProgressInputs, routeOf, standingsFromDatabase, standingsOf, type StandingRow } from './repository.ts'
import type { MemberStandingView, TeamStandingView } from './schemas.ts'
import { KEYS, PROGRESS_CACHE_SECONDS, highestScores, leaderboardsReady } from './standings.ts'
import { renderProgressSvg } from './svg.ts'

export interface ProgressReadOptions {
  /** Called when Redis fails and a read falls back to Postgres. */
  onRedisError: (err: unknown) => void
}

/**
 * The read side of progress. With Redis, reads go through it (a cached
 * view, sorted sets for rankings); without it, or while it is down, the
 * same answers come from Postgres.
 */
export function createProgressService (db: Db, redis: Redis | null, options: ProgressReadOptions) {
  async function viaRedis<T> (read: (redis: Redis) => Promise<T | undefined>): Promise<T | undefined> {
    if (!redis) return undefined
    try {
      return await read(redis)
    } catch (err) {
      options.onRedisError(err)
      return undefined
    }
  }

  /** Stored progress, or computed now for a team the worker has not reached yet. */
  async function progressOf (teamId: string): Promise<ProgressView> {
    const cached = await viaRedis(async r => {
      const json = await r.get(KEYS.progress(teamId))
      return json === null ? undefined : JSON.parse(json) as ProgressView
    })
    if (cached) return cached
    const view = await findProgress(db, teamId)
    if (!view) {
      const reading = await readProgressInputs(db, teamId)
      // Deleted since the membership check.
      if (!reading) throw new AppError('TEAM_NOT_FOUND')
      return progressFromReading(reading)
    }
    // NX: never overwrite what the worker wrote meanwhile with this older read.
    const fresh = view
    await viaRedis(r => r.set(KEYS.progress(teamId), JSON.stringify(fresh), 'EX', PROGRESS_CACHE_SECONDS, 'NX'))
    return view
  }

  function toStandings (rows: StandingRow[], mine: Set<string>): TeamStandingView[] {
    return rows.map((r, i) => ({
      rank: i + 1,
      teamId: r.team_id,
      name: r.name,
      visibility: r.visibility,
      percentComplete: r.percent_complete,
      totalDistance: r.total_distance_m,
      goalDistance: r.goal_distance_m,
      isMember: mine.has(r.team_id)
    }))
  }

  return {
    async progress (userId: string, teamId: string): Promise<ProgressView> {
      await requireMember(db, teamId, userId)
      return progressOf(teamId)
    },

    async picture (userId: string, teamId: string): Promise<string> {
      const team = await requireMember(db, teamId, userId)
      const [view, route, user] = await Promise.all([
        progressOf(teamId),
        routeOf(db, teamId),
        db.selectFrom('users').select('units').where('id', '=', userId).executeTakeFirst()
      ])
      const { legs } = legsOf(route)
      return renderProgressSvg({
        teamName: team.name,
        waypoints: route.map((w, i) => ({ name: w.name, lat: w.lat, lon: w.lon, cumulativeMeters: i === 0 ? 0 : legs[i - 1]!.cumulativeMeters })),
        totalDistanceMeters: view.totalDistance,
        goalDistanceMeters: view.goalDistance,
        percentComplete: view.percentComplete,
        position: view.position,
        units: user?.units ?? 'metric'
      })
    },

    async memberLeaderboard (userId: string, teamId: string, limit: number): Promise<MemberStandingView[]> {
      await requireMember(db, teamId, userId)
      const ranked = await viaRedis(async r => {
        const top = await highestScores(r, KEYS.members(teamId), limit)
        return top.length === 0 ? undefined : top.map(m => ({ userId: m.id, distanceMeters: m.score }))
      }) ?? (await progressOf(teamId)).members.filter(m => m.isMember).slice(0, limit)
      if (ranked.length === 0) return []
      const names = new Map((await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ranked.map(m => m.userId)).execute())
        .map(u => [u.id, u.display_name]))
      return ranked
        .filter(m => names.has(m.userId))
        .map((m, i) => ({ rank: i + 1, userId: m.userId, displayName: names.get(m.userId)!, distanceMeters: m.distanceMeters }))
    },

    /** Public teams and the caller's own, by percent complete. */
    async teamLeaderboard (userId: string, limit: number): Promise<TeamStandingView[]> {
      const mine = await teamsOf(db, userId)
      const mineSet = new Set(mine)
      const ranked = await viaRedis(async r => {
        if (!(await leaderboardsReady(r))) return undefined
        const top = await highestScores(r, KEYS.publicTeams, limit)
        const own = mine.length > 0 ? await r.zmscore(KEYS.teams, ...mine) : []
        const byId = new Map(top.map(t => [t.id, t.score]))
        mine.forEach((id, i) => { if (own[i] !== null && own[i] !== undefined) byId.set(id, Number(own[i])) })
        return [...byId].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1)).slice(0, limit).map(([id]) => id)
      })
      if (ranked === undefined) return toStandings(await standingsFromDatabase(db, mine, limit), mineSet)
      // Postgres has the details and the last word on who may see a team:
      // one deleted or made private since Redis was written drops out.
      const rows = new Map((await standingsOf(db, ranked))
        .filter(r => r.visibility === 'public' || mineSet.has(r.team_id))
        .map(r => [r.team_id, r]))
      return toStandings(ranked.map(id => rows.get(id)).filter((r): r is StandingRow => r !== undefined), mineSet)
    }
  }
}

export type ProgressService = ReturnType<typeof createProgressService>
