import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AUTH_ERRORS, BEARER, BODY_ERRORS, Envelope, errorResponses, ok } from '../../lib/envelope.ts'
import { IdParams } from '../../lib/params.ts'
import {
  Activity, IdempotencyHeaders, LedgerLine, LedgerQuery, ListActivitiesQuery,
  LogActivityBody, LoggedActivity, SyncBody, SyncResult
} from './schemas.ts'

const activitiesRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { activities, idempotency } = fastify

  fastify.post('/activities', {
    schema: {
      tags: ['activities'],
      operationId: 'logActivity',
      summary: 'Log an activity; it credits every team whose dates include its local day',
      description: 'Send an `Idempotency-Key` header to retry safely. What exceeds a plausibility limit is capped, and the ledger says why.',
      security: BEARER,
      headers: IdempotencyHeaders,
      body: Type.Ref(LogActivityBody),
      response: {
        200: Envelope(Type.Ref(LoggedActivity), 'Already uploaded (same clientId or externalId): the first copy'),
        201: Envelope(Type.Ref(LoggedActivity), 'Logged'),
        ...errorResponses(...BODY_ERRORS, 'ACTIVITY_IN_FUTURE', ...AUTH_ERRORS, 'IDEMPOTENCY_IN_PROGRESS', 'IDEMPOTENCY_KEY_REUSED')
      }
    }
  }, async (request, reply) => {
    const userId = request.user.userId
    const execute = async () => {
      const result = await activities.log(userId, request.body)
      return { status: result.duplicate ? 200 : 201, body: ok(result) }
    }
    const key = request.headers['idempotency-key']
    if (key === undefined) {
      const { status, body } = await execute()
      return reply.code(status as 200 | 201).send(body)
    }
    const outcome = await idempotency.run(userId, key, idempotency.fingerprint(['POST /activities', request.body]), execute)
    if (outcome.replayed) reply.header('idempotent-replayed', 'true')
    return reply.code(outcome.status as 200 | 201).send(outcome.body as never)
  })

  fastify.post('/activities/sync', {
    schema: {
      tags: ['activities'],
      operationId: 'syncActivities',
      summary: 'Upload up to 500 activities from HealthKit / Health Connect',
      description: 'Each item stands alone: the response says per item whether it was created, a duplicate (by clientId or source + externalId, so a retried batch credits nothing twice) or rejected, and why.',
      security: BEARER,
      body: Type.Ref(SyncBody),
      response: {
        200: Envelope(Type.Ref(SyncResult), 'One result per item, in order'),
        ...errorResponses(...BODY_ERRORS, ...AUTH_ERRORS)
      }
    }
  }, async (request) => ok(await activities.sync(request.user.userId, request.body.items)))

  fastify.get('/activities', {
    schema: {
      tags: ['activities'],
      operationId: 'listActivities',
      summary: 'Your activities, newest first',
      description: 'Your own activities with their credits per team, in pages (the shared `cursor` and `limit`), filtered by local day (`from`, `to`), `type` or `teamId`.',
      security: BEARER,
      querystring: ListActivitiesQuery,
      response: {
        200: Envelope(Type.Array(Type.Ref(Activity)), 'A page of activities with their credits'),
        ...errorResponses('VALIDATION_ERROR', 'INVALID_CURSOR', ...AUTH_ERRORS, 'TEAM_NOT_FOUND')
      }
    }
  }, async (request) => {
    const { activities: page, nextCursor } = await activities.list(request.user.userId, request.query)
    return ok(page, { nextCursor })
  })

  fastify.get('/activities/ledger', {
    schema: {
      tags: ['activities'],
      operationId: 'getScoreLedger',
      summary: 'The score ledger: raw and credited metres per activity, and why they differ',
      description: 'Members see their own lines; the owner and admins see the whole team\'s.',
      security: BEARER,
      querystring: LedgerQuery,
      response: {
        200: Envelope(Type.Array(Type.Ref(LedgerLine)), 'A page of ledger lines, by day'),
        ...errorResponses('VALIDATION_ERROR', 'INVALID_CURSOR', ...AUTH_ERRORS, 'TEAM_NOT_FOUND')
      }
    }
  }, async (request) => {
    const { lines, nextCursor } = await activities.ledger(request.user.userId, request.query)
    return ok(lines, { nextCursor })
  })

  fastify.delete('/activities/:id', {
    schema: {
      tags: ['activities'],
      operationId: 'deleteActivity',
      summary: 'Delete one of your activities; its credits go with it',
      description: 'The activity\'s credits are withdrawn and its day recomputed, which can give room under a cap back to other activities of that day.',
      security: BEARER,
      params: IdParams,
      response: {
        204: Type.Null({ description: 'Deleted' }),
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'ACTIVITY_NOT_FOUND')
      }
    }
  }, async (request, reply) => {
    await activities.remove(request.user.userId, request.params.id)
    return reply.code(204).send(null)
  })
}

export default activitiesRoutes
