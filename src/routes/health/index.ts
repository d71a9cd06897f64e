import { defineDomain } from '../../plugins/domain.ts'
import healthRoutes, { type HealthRoutesOptions } from './routes.ts'

/** Whether this instance should receive traffic, beyond its dependencies answering. */
export interface Readiness {
  /** Set when a container server starts draining (src/app/drain.ts): /ready then answers 503. */
  draining: boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    readiness: Readiness
  }
}

/** Operations: liveness and readiness, for load balancers and people. */
export default defineDomain<HealthRoutesOptions>({
  name: 'health',
  tags: [{ name: 'operations', description: 'Health and readiness' }],
  services: (fastify) => {
    fastify.decorate<Readiness>('readiness', { draining: false })
  },
  routes: healthRoutes,
  routeOptions: config => ({ sessionsTable: config.SESSIONS_TABLE }),
  auth: 'public'
})
