import { defineDomain } from '../../plugins/domain.ts'
import progressRoutes from './routes.ts'
import { PROGRESS_SCHEMAS } from './schemas.ts'
import { createProgressService, type ProgressService } from './service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    progress: ProgressService
  }
}

/** Team progress and leaderboards: the aggregation job writes them, the routes read them. */
export default defineDomain({
  name: 'progress',
  tags: [{ name: 'progress', description: 'How far each team has come, live: progress, a picture of the route, leaderboards' }],
  schemas: PROGRESS_SCHEMAS,
  services: (fastify) => {
    fastify.decorate('progress', createProgressService(fastify.db, fastify.redis, {
      onRedisError: err => fastify.log.warn({ err }, 'redis read failed; answered from Postgres')
    }))
  },
  routes: progressRoutes,
  auth: 'bearer'
})
