import { defineDomain } from '../../plugins/domain.ts'
import usersRoutes from './routes.ts'
import { USER_SCHEMAS } from './schemas.ts'
import { createUserService, type UserService } from './service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    users: UserService
  }
}

/** Profiles, and deleting an account (its teams are handed over first). */
export default defineDomain({
  name: 'users',
  tags: [{ name: 'users', description: 'Profiles' }],
  schemas: USER_SCHEMAS,
  uses: ['teams'],
  services: (fastify, config) => {
    fastify.decorate('users', createUserService(fastify.db, {
      cacheTtlMs: config.SESSION_CACHE_TTL_MS,
      beforeDelete: (tx, userId) => fastify.teams.handOverOwnedTeams(tx, userId),
      onDeleted: async (userId) => {
        await fastify.sessions.deleteUserSessions(userId)
        fastify.sessionGuard.forgetUser(userId)
        // Open sockets close now, on every instance, not when their tokens run out.
        await fastify.broadcaster.endSessions(userId, { reason: 'account_deleted' }).catch((err: unknown) => {
          fastify.log.warn({ err, userId }, 'open connections not closed; their tokens still stop at expiry')
        })
      }
    }))
  },
  routes: usersRoutes,
  auth: 'bearer'
})
