import fp from 'fastify-plugin'
import fastifyJwt from '@fastify/jwt'
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { AppError } from '../../lib/errors.ts'
import { createSessionStore, type SessionStore } from './session-store.ts'
import { createSessionGuard, type SessionGuard } from './session-guard.ts'
import { createVerifiedTokenCache } from './verified-token-cache.ts'

export interface AccessClaims {
  sub: string
  sid: string
}

/** Who is calling, once `authenticate` has run. */
export interface Principal {
  userId: string
  sessionId: string
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessClaims
    user: Principal
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    sessions: SessionStore
    sessionGuard: SessionGuard
    /** onRequest hook: rejects with 401 unless a live session's access token is presented. */
    authenticate: (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void
    signAccessToken: (claims: AccessClaims) => string
  }
}

export interface AuthPluginOptions {
  secret: string
  issuer: string
  audience: string
  accessTokenTtlSeconds: number
  sessionsTable: string
  sessionCacheTtlMs: number
}

// One algorithm, pinned on both sides: a token signed any other way
// (including "none") is rejected before its claims are read.
const ALGORITHM = 'HS256'

async function authPlugin (fastify: FastifyInstance, opts: AuthPluginOptions) {
  await fastify.register(fastifyJwt, {
    secret: opts.secret,
    sign: {
      algorithm: ALGORITHM,
      iss: opts.issuer,
      aud: opts.audience,
      expiresIn: `${opts.accessTokenTtlSeconds}s`
    },
    verify: {
      algorithms: [ALGORITHM],
      allowedIss: opts.issuer,
      allowedAud: opts.audience,
      requiredClaims: ['iss', 'aud', 'exp', 'iat', 'sub', 'sid']
    }
  })

  const verified = createVerifiedTokenCache((token) => fastify.jwt.verify<AccessClaims & { exp: number }>(token))

  const sessions = createSessionStore(fastify.aws.dynamodb, opts.sessionsTable)
  const sessionGuard = createSessionGuard(sessions, opts.sessionCacheTtlMs)
  fastify.decorate('sessions', sessions)
  fastify.decorate('sessionGuard', sessionGuard)
  fastify.decorate('signAccessToken', (claims: AccessClaims) => fastify.jwt.sign(claims))

  function claimsOf (request: FastifyRequest): AccessClaims {
    const header = request.headers.authorization
    if (header === undefined || !header.startsWith('Bearer ')) {
      throw new AppError('UNAUTHORIZED', 'Send an access token as "Authorization: Bearer <token>"')
    }
    try {
      return verified(header.slice(7))
    } catch (err) {
      const expired = (err as { code?: string }).code === 'FAST_JWT_EXPIRED'
      throw new AppError('UNAUTHORIZED', expired ? 'The access token has expired; refresh it' : 'The access token is not valid')
    }
  }

  // Callback style, so the common case (token and session both cached)
  // finishes synchronously without allocating promises on the hot path.
  fastify.decorate('authenticate', function authenticate (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) {
    let claims: AccessClaims
    try {
      claims = claimsOf(request)
    } catch (err) {
      done(err as Error)
      return
    }
    const admit = (live: boolean) => {
      if (!live) return done(new AppError('SESSION_EXPIRED'))
      request.user = { userId: claims.sub, sessionId: claims.sid }
      done()
    }
    const known = sessionGuard.knownLive(claims.sid, claims.sub)
    if (known !== undefined) admit(known)
    else sessionGuard.isLive(claims.sid, claims.sub).then(admit, done)
  })
}

export default fp(authPlugin, { name: 'auth', fastify: '5.x', dependencies: ['aws'] })
