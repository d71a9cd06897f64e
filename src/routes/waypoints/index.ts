import { defineDomain } from '../../plugins/domain.ts'
import waypointsRoutes from './routes.ts'
import { WAYPOINT_SCHEMAS } from './schemas.ts'
import { createWaypointService, type WaypointService } from './service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    waypoints: WaypointService
  }
}

/** A team's route: ordered waypoints, their distances, GPX/GeoJSON import; the route totals job. */
export default defineDomain({
  name: 'waypoints',
  tags: [{ name: 'waypoints', description: 'A team\'s route: ordered waypoints, distances, GPX/GeoJSON import' }],
  schemas: WAYPOINT_SCHEMAS,
  services: (fastify) => {
    fastify.decorate('waypoints', createWaypointService(fastify.db))
  },
  routes: waypointsRoutes,
  auth: 'bearer'
})
