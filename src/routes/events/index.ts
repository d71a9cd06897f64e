import { defineDomain } from '../../plugins/domain.ts'
import eventsRoutes from './routes.ts'
import { EVENTS_SCHEMAS } from './schemas.ts'

/** A team's live events over REST: what the WebSocket pushed, readable again. */
export default defineDomain({
  name: 'events',
  tags: [{ name: 'events', description: 'Live team events (progress, arrivals, members, chat) with per-team sequence numbers; the WebSocket protocol is in openapi/asyncapi.yaml' }],
  schemas: EVENTS_SCHEMAS,
  uses: ['teams'],
  routes: eventsRoutes,
  auth: 'bearer'
})
