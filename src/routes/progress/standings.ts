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
/**
 * One hash tag for every key the standings scripts touch together: a Redis
 * cluster (ElastiCache Serverless is one) refuses a script whose keys sit in
 * more than one hash slot (CROSSSLOT); `{lb}` puts them all in one.
 */
const TAG = '{lb}'

export const KEYS = {
  progress: (teamId: string) => `${TAG}:progress:${teamId}`,
  teams: `${TAG}:leaderboard:teams`,
  publicTeams: `${TAG}:leaderboard:teams:public`,
  members: (teamId: string) => `${TAG}:leaderboard:team:${teamId}`,
  /** Hash: team id → when the score in the team sets was computed (ms); see SET_STANDING. */
  versions: `${TAG}:leaderboard:versions`,
  ready: `${TAG}:leaderboard:ready`,
  /** Held by the one aggregation that rebuilds after Redis lost its data. */
  rebuilding: `${TAG}:leaderboard:rebuilding`
}

/** Long enough to absorb read bursts, short enough that a missed update heals itself. */
export const PROGRESS_CACHE_SECONDS = 60

/** The version a deleted team is pinned at, so no rebuild that read it earlier can bring it back. */
const DELETED = 9e15

export interface TeamStanding {
  teamId: string
  visibility: 'private' | 'public'
  percentComplete: number
  /** When this score was computed (ms since the epoch): older never overwrites newer. */
  version: number
}

/**
 * Write a team's score unless Redis already holds a newer one. Aggregation
 * runs and full rebuilds (which read Postgres a little earlier) interleave;
 * comparing versions in one script keeps the newest score whatever the
 * order the writes arrive in. With a view, the cached progress and the
 * member set are replaced in the same step (both expire: Postgres answers
 * once they do, so a missed update cannot linger).
 * KEYS: teams, public teams, versions, progress, members.
 * ARGV: team id, score, version, public ('1'/'0'), view JSON ('' for none),
 *       ttl seconds, then member id and metres pairs.
 */
const SET_STANDING = `
local current = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '-1')
if tonumber(ARGV[3]) < current then return 0 end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
if tonumber(ARGV[3]) >= ${DELETED} then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('DEL', KEYS[4], KEYS[5])
  return 1
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
if ARGV[4] == '1' then redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1]) else redis.call('ZREM', KEYS[2], ARGV[1]) end
if ARGV[5] ~= '' then
  redis.call('SET', KEYS[4], ARGV[5], 'EX', ARGV[6])
  redis.call('DEL', KEYS[5])
  for i = 7, #ARGV, 2 do redis.call('ZADD', KEYS[5], ARGV[i + 1], ARGV[i]) end
  if #ARGV >= 7 then redis.call('EXPIRE', KEYS[5], ARGV[6]) end
end
return 1`

/**
 * Drop teams that Postgres no longer has, unless their score was written
 * after the rebuild read Postgres (a team created meanwhile).
 * KEYS: teams, public teams, versions. ARGV: read-at version, team ids...
 */
const DROP_IF_OLDER = `
local dropped = 0
for i = 2, #ARGV do
  local current = tonumber(redis.call('HGET', KEYS[3], ARGV[i]) or '-1')
  if current < tonumber(ARGV[1]) then
    redis.call('ZREM', KEYS[1], ARGV[i])
    redis.call('ZREM', KEYS[2], ARGV[i])
    redis.call('HDEL', KEYS[3], ARGV[i])
    dropped = dropped + 1
  end
end
return dropped`

const TEAM_KEYS = [KEYS.teams, KEYS.publicTeams, KEYS.versions] as const

function standingArgs (standing: TeamStanding, view: ProgressView | null): Array<string | number> {
  const members = view ? view.members.filter(m => m.isMember).flatMap(m => [m.userId, m.distanceMeters]) : []
  return [
    ...TEAM_KEYS, KEYS.progress(standing.teamId), KEYS.members(standing.teamId),
    standing.teamId, standing.percentComplete, standing.version, standing.visibility === 'public' ? '1' : '0',
    view ? JSON.stringify(view) : '', PROGRESS_CACHE_SECONDS, ...members
  ]
}

/** Publish one team's freshly computed progress: cached view, member set and team standings, atomically. */
export async function publishStanding (redis: Redis, standing: TeamStanding, view: ProgressView): Promise<void> {
  await redis.eval(SET_STANDING, 5, ...standingArgs(standing, view))
}

export async function removeStanding (redis: Redis, teamId: string): Promise<void> {
  await redis.eval(SET_STANDING, 5, ...standingArgs({ teamId, visibility: 'private', percentComplete: 0, version: DELETED }, null))
}

/**
 * Bring both team leaderboards in line with `standings`, read from Postgres
 * at `readAt` (ms), then mark them ready. Scores written since by
 * aggregation runs are newer and stay.
 */
/** Write a page of standings read from Postgres (each write version-checked, so newer runs win). */
export async function writeStandings (redis: Redis, standings: TeamStanding[]): Promise<void> {
  for (let i = 0; i < standings.length; i += 500) {
    const pipeline = redis.pipeline()
    for (const standing of standings.slice(i, i + 500)) pipeline.eval(SET_STANDING, 5, ...standingArgs(standing, null))
    await pipeline.exec()
  }
}

/**
 * After a rebuild has written every stored standing: drop teams Redis still
 * ranks that Postgres no longer has (unless written after `readAt`), and
 * forget pinned versions of deleted teams. Both walk Redis with SCAN in
 * pages and ask Postgres about each page, so memory stays bounded however
 * many teams there are.
 */
export async function dropMissingStandings (redis: Redis, stored: (teamIds: string[]) => Promise<Set<string>>, readAt: number): Promise<void> {
  const PAGE = '1000'
  let cursor = '0'
  do {
    const [next, flat] = await redis.zscan(KEYS.teams, cursor, 'COUNT', PAGE)
    cursor = next
    const ids = flat.filter((_v, i) => i % 2 === 0)
    const known = await stored(ids)
    const gone = ids.filter(id => !known.has(id))
    if (gone.length > 0) await redis.eval(DROP_IF_OLDER, 3, ...TEAM_KEYS, String(readAt), ...gone)
  } while (cursor !== '0')
  // A deleted team's pinned version only has to outlive the rebuilds that
  // read Postgres before the deletion; this one read it after.
  do {
    const [next, flat] = await redis.hscan(KEYS.versions, cursor, 'COUNT', PAGE)
    cursor = next
    const deleted: string[] = []
    for (let i = 0; i < flat.length; i += 2) if (Number(flat[i + 1]) >= DELETED) deleted.push(flat[i]!)
    const known = await stored(deleted)
    const tombstones = deleted.filter(id => !known.has(id))
    if (tombstones.length > 0) await redis.hdel(KEYS.versions, ...tombstones)
  } while (cursor !== '0')
  await redis.set(KEYS.ready, new Date().toISOString())
}

export async function leaderboardsReady (redis: Redis): Promise<boolean> {
  return (await redis.exists(KEYS.ready)) === 1
}

/** The `limit` highest members of a sorted set, highest first, with their scores. */
export async function highestScores (redis: Redis, key: string, limit: number): Promise<Array<{ id: string, score: number }>> {
  const flat = await redis.zrevrange(key, 0, limit - 1, 'WITHSCORES')
  const out: Array<{ id: string, score: number }> = []
  for (let i = 0; i < flat.length; i += 2) out.push({ id: flat[i]!, score: Number(flat[i + 1]) })
  return out
}
