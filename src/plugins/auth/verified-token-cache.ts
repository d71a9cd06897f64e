import { lazyLruCache } from '../../lib/lazy-lru-cache.ts'

/**
 * Remembers tokens whose signature and claims were already checked, keyed by
 * the exact token string, until the token's own expiry. A repeat caller then
 * costs a map lookup instead of an HMAC (fast-jwt's own cache first hashes
 * the token with SHA-256, which costs about as much as verifying it).
 * Failures are never cached; revocation is the session guard's job.
 */
export function createVerifiedTokenCache<C extends { exp: number }> (verify: (token: string) => C, max = 20_000) {
  const cache = lazyLruCache<string, C>({ max })
  return (token: string): C => {
    const hit = cache.get(token)
    if (hit !== undefined && hit.exp * 1000 > Date.now()) return hit
    const claims = verify(token)
    cache.set(token, claims)
    return claims
  }
}
