import { defineDomain } from '../../plugins/domain.ts'
import healthRoutes, { type HealthRoutesOptions } from './routes.ts'

/** Operations: liveness and readiness, for load balancers and people. */
export default defineDomain<HealthRoutesOptions>({
  name: 'health',
  tags: [{ name: 'operations', description: 'Health and readiness' }],
  routes: healthRoutes,
  routeOptions: config => ({ sessionsTable: config.SESSIONS_TABLE }),
  auth: 'public'
})
