import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { createUserService, type UserService } from '../routes/users/service.ts'
import { createAuthService, type AuthService } from '../routes/auth/service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    users: UserService
    auth: AuthService
  }
}

export interface ServicesOptions {
  accessTokenTtlSeconds: number
  refreshTokenTtlDays: number
  cacheTtlMs: number
}

/** The domain services: plain factories, wired to the infrastructure here. */
async function services (fastify: FastifyInstance, opts: ServicesOptions) {
  const users = createUserService(fastify.db, {
    cacheTtlMs: opts.cacheTtlMs,
    onDeleted: async (userId) => {
      await fastify.sessions.deleteUserSessions(userId)
      fastify.sessionGuard.forgetUser(userId)
    }
  })
  const auth = createAuthService({
    db: fastify.db,
    sessions: fastify.sessions,
    sessionGuard: fastify.sessionGuard,
    users,
    signAccessToken: fastify.signAccessToken,
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds,
    refreshTokenTtlDays: opts.refreshTokenTtlDays
  })
  fastify.decorate('users', users)
  fastify.decorate('auth', auth)
}

export default fp(services, { name: 'services', fastify: '5.x', dependencies: ['database', 'auth'] })
