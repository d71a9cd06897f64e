import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../lib/errors.ts'

type RateLimitCheck = ReturnType<FastifyInstance['createRateLimit']>

/**
 * A hook that refuses the request with RATE_LIMITED once the check's budget
 * is spent. Checks from @fastify/rate-limit's createRateLimit compose (its
 * ready-made hooks run at most once per request, so two budgets on one
 * route need this).
 */
export function throttle (check: RateLimitCheck) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const outcome = await check(request)
    if (outcome.isAllowed || !outcome.isExceeded) return
    reply.header('retry-after', String(outcome.ttlInSeconds))
    throw new AppError('RATE_LIMITED', 'Too many attempts; retry later', { retryAfterSeconds: outcome.ttlInSeconds })
  }
}
