import { defineDomain } from '../../plugins/domain.ts'
import activitiesRoutes from './routes.ts'
import { ACTIVITY_SCHEMAS } from './schemas.ts'
import { createActivityService, type ActivityService } from './service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    activities: ActivityService
  }
}

/** Activities, what they credit to each team (the score ledger); the recredit job. */
export default defineDomain({
  name: 'activities',
  tags: [{ name: 'activities', description: 'Walks, runs, rides and steps; what they credit to each team, and the ledger' }],
  schemas: ACTIVITY_SCHEMAS,
  services: (fastify, config) => {
    fastify.decorate('activities', createActivityService(fastify.db, { backfillDays: config.ACTIVITY_BACKFILL_DAYS }))
  },
  routes: activitiesRoutes,
  auth: 'bearer'
})
