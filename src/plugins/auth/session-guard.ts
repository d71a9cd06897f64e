import { lazyLruCache } from '../../lib/lazy-lru-cache.ts'
import type { SessionStore } from './session-store.ts'

interface ActiveSession {
  userId: string
  expiresAt: number
}

/**
 * Answers "is this session still live?" for every authenticated request.
 * A DynamoDB read per request would dominate the cost of a cheap route, so
 * live sessions are cached for `ttlMs`. Revocations made through this
 * process drop the entry at once; those made elsewhere are seen within ttlMs.
 * Only live sessions are cached: a revoked one is re-checked every time.
 */
function isFor (session: ActiveSession, userId: string, now: number): boolean {
  return session.userId === userId && session.expiresAt > now
}

export function createSessionGuard (store: SessionStore, ttlMs: number) {
  const cache = ttlMs > 0
    ? lazyLruCache<string, ActiveSession>({ max: 50_000, ttl: ttlMs })
    : null

  /** From the cache alone: true or false when known, undefined when DynamoDB must be asked. */
  function knownLive (sessionId: string, userId: string, now = Date.now()): boolean | undefined {
    const session = cache?.get(sessionId)
    return session === undefined ? undefined : isFor(session, userId, now)
  }

  return {
    knownLive,

    async isLive (sessionId: string, userId: string, now = Date.now()): Promise<boolean> {
      const known = knownLive(sessionId, userId, now)
      if (known !== undefined) return known
      const stored = await store.getSession(sessionId, now)
      if (!stored || stored.revokedAt !== undefined) return false
      const session = { userId: stored.userId, expiresAt: stored.expiresAt }
      cache?.set(sessionId, session)
      return isFor(session, userId, now)
    },

    forget (sessionId: string) {
      cache?.delete(sessionId)
    },

    forgetUser (userId: string) {
      if (!cache) return
      for (const [id, session] of cache.entries()) {
        if (session.userId === userId) cache.delete(id)
      }
    }
  }
}

export type SessionGuard = ReturnType<typeof createSessionGuard>
