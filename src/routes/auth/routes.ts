import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { throttle } from '../../plugins/throttle.ts'
import { BODY_ERRORS, Envelope, errorResponses, ok } from '../../lib/envelope.ts'
import { AuthResult, LoginBody, RefreshBody, RegisterBody } from './schemas.ts'
import { normaliseEmail } from './service.ts'

export interface AuthRoutesOptions {
  loginMaxPerIpPerMinute: number
  loginMaxPerAccountPer15Minutes: number
}

const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (fastify, opts) => {
  const auth = fastify.auth

  // Throttle guessing from one address, and guessing at one account from
  // many addresses: two independent budgets (counters in Redis when it is
  // configured). createRateLimit gives plain checks that compose; the
  // plugin's ready-made hooks run at most once per request.
  const perIp = throttle(fastify.createRateLimit({
    max: opts.loginMaxPerIpPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `ip:${request.ip}`
  }))
  const perAccount = throttle(fastify.createRateLimit({
    max: opts.loginMaxPerAccountPer15Minutes,
    timeWindow: 15 * 60_000,
    keyGenerator: (request) => 'account:' + normaliseEmail(String((request.body as { email?: unknown } | undefined)?.email ?? ''))
  }))

  fastify.post('/auth/register', {
    onRequest: perIp,
    schema: {
      tags: ['auth'],
      operationId: 'register',
      security: [],
      summary: 'Create an account and sign in',
      description: 'Creates the account and a first session: the answer carries the same tokens as `login`. Passwords are 8–128 characters; the most common ones are refused (`WEAK_PASSWORD`).',
      body: Type.Ref(RegisterBody),
      response: {
        201: Envelope(Type.Ref(AuthResult), 'Account created; signed in'),
        ...errorResponses(...BODY_ERRORS, 'WEAK_PASSWORD', 'EMAIL_TAKEN', 'RATE_LIMITED')
      }
    }
  }, async (request, reply) => reply.code(201).send(ok(await auth.register(request.body))))

  fastify.post('/auth/login', {
    onRequest: perIp,
    preHandler: perAccount,
    schema: {
      tags: ['auth'],
      operationId: 'login',
      security: [],
      summary: 'Sign in with email and password',
      description: 'Starts a new session. Unknown emails and wrong passwords get the same answer (`INVALID_CREDENTIALS`); attempts are throttled per address and per account (`RATE_LIMITED`).',
      body: Type.Ref(LoginBody),
      response: {
        200: Envelope(Type.Ref(AuthResult), 'Signed in: a new session'),
        ...errorResponses(...BODY_ERRORS, 'INVALID_CREDENTIALS', 'RATE_LIMITED')
      }
    }
  }, async (request) => ok(await auth.login(request.body.email, request.body.password)))

  fastify.post('/auth/refresh', {
    onRequest: perIp,
    schema: {
      tags: ['auth'],
      operationId: 'refresh',
      security: [],
      summary: 'Exchange a refresh token for new tokens',
      description: 'Refresh tokens are single-use. Presenting one that was already exchanged revokes the whole session (every token descended from the same login).',
      body: Type.Ref(RefreshBody),
      response: {
        200: Envelope(Type.Ref(AuthResult), 'New access and refresh tokens'),
        ...errorResponses(...BODY_ERRORS, 'INVALID_REFRESH_TOKEN', 'REFRESH_TOKEN_REUSED', 'SESSION_EXPIRED', 'RATE_LIMITED')
      }
    }
  }, async (request) => ok(await auth.refresh(request.body.refreshToken)))

  fastify.post('/auth/logout', {
    schema: {
      tags: ['auth'],
      operationId: 'logout',
      security: [],
      summary: 'End the session of a refresh token',
      description: 'Both the refresh token and every access token of its session stop working, and the WebSockets opened with the session close at once (`session_ended`). Unknown tokens are accepted silently.',
      body: Type.Ref(RefreshBody),
      response: {
        204: Type.Null({ description: 'Signed out' }),
        ...errorResponses(...BODY_ERRORS)
      }
    }
  }, async (request, reply) => {
    await auth.logout(request.body.refreshToken)
    return reply.code(204).send(null)
  })
}

export default authRoutes
