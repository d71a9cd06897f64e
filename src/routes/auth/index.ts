import { defineDomain } from '../../plugins/domain.ts'
import authRoutes, { type AuthRoutesOptions } from './routes.ts'
import { AUTH_SCHEMAS } from './schemas.ts'
import { createAuthService, type AuthService } from './service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthService
  }
}

/** Accounts, sign-in and sessions. Its routes are public: they hand out the tokens. */
export default defineDomain<AuthRoutesOptions>({
  name: 'auth',
  tags: [{ name: 'auth', description: 'Accounts, sign-in and sessions' }],
  schemas: AUTH_SCHEMAS,
  uses: ['users'],
  services: (fastify, config) => {
    fastify.decorate('auth', createAuthService({
      db: fastify.db,
      sessions: fastify.sessions,
      sessionGuard: fastify.sessionGuard,
      users: {
        remember: row => fastify.users.remember(row),
        getMe: userId => fastify.users.getMe(userId)
      },
      signAccessToken: fastify.signAccessToken,
      accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
      // A failed push leaves the sockets to their tokens' expiry (the session no longer renews them).
      endConnections: async (userId, sessionId, reason) => {
        await fastify.broadcaster.endSessions(userId, { sessionId, reason }).catch((err: unknown) => {
          fastify.log.warn({ err, userId }, 'open connections of an ended session not closed')
        })
      }
    }))
  },
  routes: authRoutes,
  routeOptions: config => ({
    loginMaxPerIpPerMinute: config.LOGIN_MAX_PER_IP_PER_MINUTE,
    loginMaxPerAccountPer15Minutes: config.LOGIN_MAX_PER_ACCOUNT_PER_15_MINUTES
  }),
  auth: 'public'
})
