import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AUTH_ERRORS, BEARER, BODY_ERRORS, Envelope, errorResponses, ok } from '../../lib/envelope.ts'
import { IdParams } from '../../lib/params.ts'
import {
  CalculateRouteBody, CreateWaypointBody, ImportRouteBody, RouteCalculation, UpdateWaypointBody,
  Waypoint
} from './schemas.ts'

/** Route files are larger than API requests: a few thousand track points. */
const IMPORT_BODY_LIMIT = 5 * 1024 * 1024

const waypointsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const waypoints = fastify.waypoints

  fastify.get('/teams/:id/waypoints', {
    schema: {
      tags: ['waypoints'],
      operationId: 'listWaypoints',
      summary: 'The team\'s route: its waypoints in order, with leg distances',
      description: 'Waypoints in route order (0…n-1), each with its leg length and the distance from the start, in metres.',
      security: BEARER,
      params: IdParams,
      response: {
        200: Envelope(Type.Array(Type.Ref(Waypoint)), 'Every waypoint (a route has at most 1,000)'),
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'TEAM_NOT_FOUND')
      }
    }
  }, async (request) => ok(await waypoints.list(request.user.userId, request.params.id), { nextCursor: null }))

  fastify.post('/waypoints', {
    schema: {
      tags: ['waypoints'],
      operationId: 'createWaypoint',
      summary: 'Add a waypoint to a team\'s route (owner and admins)',
      description: 'Without `position` it goes at the end; with one, the waypoints from there on move down a place. The team\'s goal distance follows.',
      security: BEARER,
      body: Type.Ref(CreateWaypointBody),
      response: {
        201: Envelope(Type.Ref(Waypoint), 'The new waypoint'),
        ...errorResponses(...BODY_ERRORS, ...AUTH_ERRORS, 'FORBIDDEN', 'TEAM_NOT_FOUND', 'ROUTE_TOO_LONG')
      }
    }
  }, async (request, reply) => reply.code(201).send(ok(await waypoints.create(request.user.userId, request.body))))

  fastify.post('/waypoints/calculate-route', {
    schema: {
      tags: ['waypoints'],
      operationId: 'calculateRoute',
      summary: 'Leg, cumulative and total great-circle distances of a stored or ad-hoc route',
      description: 'Pass `teamId` for the team\'s stored route, or `points` for an ad-hoc one; nothing is stored.',
      security: BEARER,
      body: Type.Ref(CalculateRouteBody),
      response: {
        200: Envelope(Type.Ref(RouteCalculation), 'The distances, in metres'),
        ...errorResponses(...BODY_ERRORS, ...AUTH_ERRORS, 'TEAM_NOT_FOUND')
      }
    }
  }, async (request) => ok(await waypoints.calculate(request.user.userId, request.body)))

  fastify.put('/waypoints/:id', {
    schema: {
      tags: ['waypoints'],
      operationId: 'updateWaypoint',
      summary: 'Rename, move or re-place a waypoint (owner and admins)',
      description: 'Send only the fields to change. A new `position` moves the waypoint and closes up the rest; distances and the team\'s goal are recomputed.',
      security: BEARER,
      params: IdParams,
      body: Type.Ref(UpdateWaypointBody),
      response: {
        200: Envelope(Type.Ref(Waypoint), 'The waypoint as it is now'),
        ...errorResponses(...BODY_ERRORS, ...AUTH_ERRORS, 'FORBIDDEN', 'WAYPOINT_NOT_FOUND')
      }
    }
  }, async (request) => ok(await waypoints.update(request.user.userId, request.params.id, request.body)))

  fastify.delete('/waypoints/:id', {
    schema: {
      tags: ['waypoints'],
      operationId: 'deleteWaypoint',
      summary: 'Remove a waypoint (owner and admins); the rest close up',
      description: 'The waypoints after it move up one place; distances and the team\'s goal are recomputed.',
      security: BEARER,
      params: IdParams,
      response: {
        204: Type.Null({ description: 'Removed' }),
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'FORBIDDEN', 'WAYPOINT_NOT_FOUND')
      }
    }
  }, async (request, reply) => {
    await waypoints.remove(request.user.userId, request.params.id)
    return reply.code(204).send(null)
  })

  fastify.post('/teams/:id/waypoints/import', {
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      tags: ['waypoints'],
      operationId: 'importRoute',
      summary: 'Replace the route with a GPX or GeoJSON track (owner and admins)',
      description: 'Tracks and routes become the line, named points (GPX <wpt>, GeoJSON Point features) are kept by name, and the result is simplified (Douglas–Peucker) to at most `maxWaypoints`. Bodies up to 5 MB.',
      security: BEARER,
      params: IdParams,
      body: Type.Ref(ImportRouteBody),
      response: {
        200: Envelope(Type.Array(Type.Ref(Waypoint)), 'The new route'),
        ...errorResponses(...BODY_ERRORS, ...AUTH_ERRORS, 'FORBIDDEN', 'TEAM_NOT_FOUND', 'INVALID_ROUTE_FILE')
      }
    }
  }, async (request) => ok(await waypoints.importRoute(request.user.userId, request.params.id, request.body), { nextCursor: null }))
}

export default waypointsRoutes
