import type { Redis } from 'ioredis'
import type { ProgressView } from './compute.ts'

/**
 * What Redis holds for progress, all of it rebuildable from Postgres:
 * - `progress:<teamId>`: the progress view (JSON), a short-lived read cache;
 * - `leaderboard:teams` and `leaderboard:teams:public`: sorted sets of team
 *   ids by percent complete (absolute scores, written with ZADD, never
 *   incremented, so replays and reorderings cannot drift);
 * - `leaderboard:team:<teamId>`: member ids by credited metres;
 * - `leaderboard:ready`: set by a full rebuild. Without it (a new or flushed
 *   Redis) readers use Postgres until the next rebuild.
 */
export const KEYS = {
  progress: (teamId: string) => `progress:${teamId}`,
  teams: 'leaderboard:teams',
  publicTeams: 'leaderboard:teams:public',
  members: (teamId: string) => `leaderboard:team:${teamId}`,
  ready: 'leaderboard:ready'
}

/** Long enough to absorb read bursts, short enough that a missed update heals itself. */
export const PROGRESS_CACHE_SECONDS = 60

export interface TeamStanding {
  teamId: string
  visibility: 'private' | 'public'
  percentComplete: number
}

/** Write one team's freshly computed progress and standings in one round trip. */
export async function publishStanding (redis: Redis, standing: TeamStanding, view: ProgressView): Promise<void> {
  const membersKey = KEYS.members(standing.teamId)
  const pipeline = redis.multi()
    .set(KEYS.progress(standing.teamId), JSON.stringify(view), 'EX', PROGRESS_CACHE_SECONDS)
    .zadd(KEYS.teams, standing.percentComplete, standing.teamId)
    .del(membersKey)
  if (standing.visibility === 'public') pipeline.zadd(KEYS.publicTeams, standing.percentComplete, standing.teamId)
  else pipeline.zrem(KEYS.publicTeams, standing.teamId)
  const members = view.members.filter(m => m.isMember)
  if (members.length > 0) pipeline.zadd(membersKey, ...members.flatMap(m => [m.distanceMeters, m.userId]))
  await pipeline.exec()
}

export async function removeStanding (redis: Redis, teamId: string): Promise<void> {
  await redis.multi()
    .del(KEYS.progress(teamId), KEYS.members(teamId))
    .zrem(KEYS.teams, teamId)
    .zrem(KEYS.publicTeams, teamId)
    .exec()
}

/** Replace both team leaderboards with `standings`, then mark them ready. */
export async function rebuildStandings (redis: Redis, standings: TeamStanding[]): Promise<void> {
  const all = standings.flatMap(s => [s.percentComplete, s.teamId])
  const open = standings.filter(s => s.visibility === 'public').flatMap(s => [s.percentComplete, s.teamId])
  const suffix = `:rebuild:${process.pid}:${Date.now()}`
  const pipeline = redis.multi().del(KEYS.teams + suffix, KEYS.publicTeams + suffix)
  // ZADD takes a bounded number of arguments: add in chunks, then swap in atomically.
  for (let i = 0; i < all.length; i += 2000) pipeline.zadd(KEYS.teams + suffix, ...all.slice(i, i + 2000))
  for (let i = 0; i < open.length; i += 2000) pipeline.zadd(KEYS.publicTeams + suffix, ...open.slice(i, i + 2000))
  if (all.length > 0) pipeline.rename(KEYS.teams + suffix, KEYS.teams)
  else pipeline.del(KEYS.teams)
  if (open.length > 0) pipeline.rename(KEYS.publicTeams + suffix, KEYS.publicTeams)
  else pipeline.del(KEYS.publicTeams)
  await pipeline.set(KEYS.ready, new Date().toISOString()).exec()
}

export async function leaderboardsReady (redis: Redis): Promise<boolean> {
  return (await redis.exists(KEYS.ready)) === 1
}

/** Team ids highest first, with scores, from one of the team sorted sets. */
export async function topTeams (redis: Redis, key: string, limit: number): Promise<Array<{ teamId: string, percentComplete: number }>> {
  const flat = await redis.zrevrange(key, 0, limit - 1, 'WITHSCORES')
  const out: Array<{ teamId: string, percentComplete: number }> = []
  for (let i = 0; i < flat.length; i += 2) out.push({ teamId: flat[i]!, percentComplete: Number(flat[i + 1]) })
  return out
}
