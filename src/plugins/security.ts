import fp from 'fastify-plugin'
import fastifyHelmet from '@fastify/helmet'
import fastifyCors from '@fastify/cors'
import fastifyUnderPressure from '@fastify/under-pressure'
import fastifyRateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import { AppError } from '../lib/errors.ts'

export interface SecurityPluginOptions {
  corsOrigins: string[]
}

async function securityPlugin (fastify: FastifyInstance, opts: SecurityPluginOptions) {
  // Helmet's defaults, CSP included; /docs replaces the CSP with one that
  // carries hashes of swagger-ui's inline scripts (staticCSP).
  await fastify.register(fastifyHelmet)
  await fastify.register(fastifyCors, {
    origin: opts.corsOrigins.length > 0 ? opts.corsOrigins : false,
    credentials: false,
    exposedHeaders: ['x-request-id', 'retry-after']
  })
  await fastify.register(fastifyUnderPressure, {
    maxEventLoopDelay: 1000,
    maxEventLoopUtilization: 0.98,
    retryAfter: 5,
    pressureHandler: (_request, _reply, type, value) => {
      throw new AppError('SERVICE_UNAVAILABLE', 'The server is overloaded; retry shortly', { reason: type, value })
    }
  })
  // Routes opt in with fastify.rateLimit(); nothing is limited globally.
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
