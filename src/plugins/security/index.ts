import fp from 'fastify-plugin'
import fastifyCors from '@fastify/cors'
import fastifyUnderPressure from '@fastify/under-pressure'
import fastifyRateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import { AppError } from '../../lib/errors.ts'
import { API_HELMET_OPTIONS, securityHeaders } from './security-headers.ts'

export interface SecurityPluginOptions {
  corsOrigins: string[]
  /** 0 disables load shedding. */
  maxEventLoopDelayMs: number
}

function isPrivate (route: string | undefined): boolean {
  return route !== undefined && (route.startsWith('/auth/') || route === '/users/me')
}

async function securityPlugin (fastify: FastifyInstance, opts: SecurityPluginOptions) {
  const headers = Object.entries(securityHeaders(API_HELMET_OPTIONS))
  fastify.addHook('onRequest', (request, reply, done) => {
    for (const [name, value] of headers) reply.header(name, value)
    // Tokens and the account's own profile must never sit in a shared or
    // browser cache (OWASP REST Security).
    if (isPrivate(request.routeOptions.url)) reply.header('cache-control', 'no-store')
    done()
  })
  // With no allowed origins there is nothing for CORS to add: browsers on
  // other origins are refused by default, and every request skips the hook.
  if (opts.corsOrigins.length > 0) {
    await fastify.register(fastifyCors, {
      origin: opts.corsOrigins,
      credentials: false,
      exposedHeaders: ['x-request-id', 'retry-after']
    })
  }
  // Shed load only on a real stall of the event loop. Utilisation near 1 is
  // normal for a busy healthy process (and during start-up), and shedding on
  // it turned healthy requests away.
  if (opts.maxEventLoopDelayMs > 0) {
    await fastify.register(fastifyUnderPressure, {
      maxEventLoopDelay: opts.maxEventLoopDelayMs,
      retryAfter: 5,
      pressureHandler: (_request, _reply, type, value) => {
        throw new AppError('SERVICE_UNAVAILABLE', 'The server is overloaded; retry shortly', { reason: type, value })
      }
    })
  }
  // Routes opt in with fastify.createRateLimit(); nothing is limited globally.
  await fastify.register(fastifyRateLimit, {
    global: false,
    nameSpace: 'teamtrek:rate-limit:',
    ...(fastify.redis !== null && { redis: fastify.redis }),
    // Redis being away must not lock people out of signing in.
    skipOnError: true,
    errorResponseBuilder: (_request, context) => new AppError(
      'RATE_LIMITED',
      `Too many requests; retry in ${context.after}`,
      { retryAfterSeconds: Math.ceil(context.ttl / 1000) }
    )
  })
}

export default fp(securityPlugin, { name: 'security', fastify: '5.x', dependencies: ['redis'] })
