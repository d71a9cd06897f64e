import type { Redis } from 'ioredis'

/**
 * Leading and trailing edge for coalesced jobs: a key that was idle runs at
 * once; a key that ran less than `windowMs` ago waits for the window to end
 * (its run then reads everything that arrived meanwhile). So a team is
 * aggregated at most once per window however fast activities come, and an
 * idle team's first activity is not delayed at all.
 */
export interface CoalescingWindow {
  /** Claim the window for `key`: 0 if it was open (run now), else ms until it opens. */
  claim: (key: string) => Promise<number>
}

/** Shared by every worker on one Redis (containers): the window is a key with a TTL. */
export function redisWindow (redis: Redis, prefix: string, windowMs: number): CoalescingWindow {
  return {
    async claim (key) {
      if (windowMs <= 0) return 0
      const redisKey = `${prefix}:window:${key}`
      if (await redis.set(redisKey, '1', 'PX', windowMs, 'NX') === 'OK') return 0
      // Expired between the two calls: open now, for the next caller to find.
      return Math.max(1, await redis.pttl(redisKey))
    }
  }
}

/**
 * Within one process (the embedded poller, one Lambda execution
 * environment): the same rule with a map of window ends. Keys are dropped
 * once their window has passed, so the map holds only busy keys.
 */
export function localWindow (windowMs: number, now: () => number = Date.now): CoalescingWindow {
  const opensAt = new Map<string, number>()
  return {
    async claim (key) {
      if (windowMs <= 0) return 0
      const t = now()
      for (const [k, end] of opensAt) if (end <= t) opensAt.delete(k)
      const end = opensAt.get(key)
      if (end === undefined) {
        opensAt.set(key, t + windowMs)
        return 0
      }
      return end - t
    }
  }
}

/** Wait (in this process) until the window for `key` is open and claimed. */
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
