import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AUTH_ERRORS, BEARER, Envelope, errorResponses, ok } from '../../lib/envelope.ts'
import { AppError } from '../../lib/errors.ts'
import { IdParams } from '../../lib/params.ts'
import { requireMember } from '../teams/service.ts'
import { EventsQuery, TeamEventSchema } from './schemas.ts'

const eventsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/teams/:id/events', {
    schema: {
      tags: ['events'],
      operationId: 'listTeamEvents',
      summary: 'The team\'s recent live events after a sequence number, oldest first',
      description: 'The same events the WebSocket pushes, for clients that cannot hold a socket or that resume by polling. At least the last 1,000 events and the last hour of each team are kept; asking for older ones is `410 RESYNC_REQUIRED` (refetch progress, chat and members, then continue from `details.lastSeq`). `meta.nextCursor` is the `after` of the next page, null on the last.',
      security: BEARER,
      params: IdParams,
      querystring: EventsQuery,
      response: {
        200: Envelope(Type.Array(Type.Ref(TeamEventSchema)), 'Events after `after`, oldest first'),
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'TEAM_NOT_FOUND', 'RESYNC_REQUIRED')
      }
    }
  }, async (request) => {
    await requireMember(fastify.db, request.params.id, request.user.userId)
    const { limit, after } = request.query
    const replay = await fastify.realtime.log.after(request.params.id, after, limit)
    if (replay.resyncRequired) throw new AppError('RESYNC_REQUIRED', undefined, { lastSeq: replay.lastSeq })
    const last = replay.events.at(-1)
    return ok(replay.events, { nextCursor: replay.events.length === limit && last ? String(last.seq) : null })
  })
}

export default eventsRoutes
