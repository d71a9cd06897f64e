import type { Redis } from 'ioredis'
import type { Config } from '../lib/config.ts'

/**
 * Leading and trailing edge for coalesced jobs, as a rate: a key runs at
 * most once per `windowMs` sustained, with a burst of `burst` runs for a key
 * that was idle. So a team is aggregated at most 1/windowMs times a second
 * however fast activities come, its first activity after a quiet spell is
 * not delayed at all, and neither is the second or third of a few spread
 * activities: with a burst of 1, an activity landing just after a run would
 * wait out the whole window although the team was far below the rate. A
 * key that is over the rate waits (its run then reads everything that
 * arrived meanwhile).
 *
 * The rule is GCRA (the generic cell rate algorithm): each key keeps one
 * number, its theoretical arrival time `tat`; a run is allowed when
 * `tat - now ≤ (burst - 1) × windowMs`, and moves `tat` on by one window.
 * Over any span of `t` ms a key runs at most `burst + t / windowMs` times.
 */
export interface CoalescingWindow {
  /** Claim a run for `key`: 0 if allowed (run now), else ms until it will be. */
  claim: (key: string) => Promise<number>
}

export interface CoalescingRate {
  /** One run per this many ms, sustained; 0 = no limit. */
  windowMs: number
  /** Runs an idle key may make at once before the window paces it (≥ 1). */
  burst: number
}

/** How often a coalesced job (a team's aggregation) may run, from the settings. */
export function coalescingRate (config: Pick<Config, 'COALESCE_WINDOW_MS' | 'COALESCE_BURST'>): CoalescingRate {
  return { windowMs: config.COALESCE_WINDOW_MS, burst: config.COALESCE_BURST }
}

/** GCRA in one step: the new `tat` when the run is allowed, else the wait. */
function gcra (tat: number | undefined, now: number, { windowMs, burst }: CoalescingRate): { tat: number } | { waitMs: number } {
  const base = Math.max(tat ?? now, now)
  const waitMs = base - (burst - 1) * windowMs - now
  return waitMs > 0 ? { waitMs } : { tat: base + windowMs }
}

/**
 * KEYS[1] the key's `tat`; ARGV window, burst. The clock is Redis's own, so
 * workers on several hosts agree on it. Returns 0 (allowed) or the wait.
 */
const CLAIM_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[1])
local base = math.max(tonumber(redis.call('GET', KEYS[1]) or now), now)
local wait = base - (tonumber(ARGV[2]) - 1) * window - now
if wait > 0 then return wait end
redis.call('SET', KEYS[1], base + window, 'PX', base + window - now)
return 0
`

type ClaimingRedis = Redis & { claimCoalescedRun: (key: string, windowMs: number, burst: number) => Promise<number> }

/** Shared by every worker on one Redis (containers): one key per coalescing key, expiring when idle. */
export function redisWindow (redis: Redis, prefix: string, rate: CoalescingRate): CoalescingWindow {
  if (!('claimCoalescedRun' in redis)) redis.defineCommand('claimCoalescedRun', { numberOfKeys: 1, lua: CLAIM_SCRIPT })
  return {
    async claim (key) {
      if (rate.windowMs <= 0) return 0
      return Number(await (redis as ClaimingRedis).claimCoalescedRun(`${prefix}:window:${key}`, rate.windowMs, rate.burst))
    }
  }
}

/**
 * Within one process (the embedded poller, one Lambda execution
 * environment): the same rule with a map of `tat`s. A key is dropped once
 * its `tat` has passed (it is idle again), so the map holds only busy keys.
 */
export function localWindow (rate: CoalescingRate, now: () => number = Date.now): CoalescingWindow {
  const tats = new Map<string, number>()
  return {
    async claim (key) {
      if (rate.windowMs <= 0) return 0
      const t = now()
      for (const [k, tat] of tats) if (tat <= t) tats.delete(k)
      const result = gcra(tats.get(key), t, rate)
      if ('waitMs' in result) return result.waitMs
      tats.set(key, result.tat)
      return 0
    }
  }
}

/** Wait (in this process) until a run for `key` is allowed and claimed. */
export async function whenOpen (window: CoalescingWindow, key: string): Promise<void> {
  for (;;) {
    const waitMs = await window.claim(key)
    if (waitMs === 0) return
    await new Promise(resolve => setTimeout(resolve, waitMs))
  }
}

/**
 * Runs per key through a window, folding callers into the run that has not
 * started yet: while one run waits for the window, every other caller for
 * that key shares it (it will read everything they wrote). Once it starts,
 * the next caller schedules the next run. Without folding, held batches
 * would each run in turn and a busy key's backlog would only grow.
 */
export function foldedRuns (window: CoalescingWindow) {
  const waiting = new Map<string, Promise<unknown>>()
  return function run<T> (key: string, work: () => Promise<T>): Promise<T> {
    const pending = waiting.get(key)
    if (pending) return pending as Promise<T>
    const next = (async () => {
      try {
        await whenOpen(window, key)
      } finally {
        waiting.delete(key)
      }
      return work()
    })()
    waiting.set(key, next)
    return next
  }
}
