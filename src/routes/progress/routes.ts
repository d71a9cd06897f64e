import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AUTH_ERRORS, BEARER, Envelope, errorResponses, ok } from '../../lib/envelope.ts'
import { IdParams } from '../../lib/params.ts'
import { LeaderboardQuery, MemberStanding, TeamProgress, TeamStanding } from './schemas.ts'

const progressRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const progress = fastify.progress

  fastify.get('/teams/:id/progress', {
    schema: {
      tags: ['progress'],
      operationId: 'getTeamProgress',
      summary: 'How far the team has come along its route, its pace and each member\'s part',
      description: 'Recomputed by the aggregation worker after every change (typically well under a second after the change is accepted); `computedAt` says when.',
      security: BEARER,
      params: IdParams,
      response: {
        200: Envelope(Type.Ref(TeamProgress), 'The team\'s progress'),
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'TEAM_NOT_FOUND')
      }
    }
  }, async (request) => ok(await progress.progress(request.user.userId, request.params.id)))

  fastify.get('/teams/:id/progress.svg', {
    schema: {
      tags: ['progress'],
      operationId: 'getTeamProgressPicture',
      summary: 'A picture of the route with the team\'s position, as SVG sized for a phone',
      description: 'Self-contained SVG (no map tiles or other external resources). Distances in the caller\'s units.',
      security: BEARER,
      params: IdParams,
      response: {
        200: {
          description: 'An SVG image',
          content: { 'image/svg+xml': { schema: Type.String() } }
        },
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'TEAM_NOT_FOUND')
      }
    }
  }, async (request, reply) => {
    const svg = await progress.picture(request.user.userId, request.params.id)
    return reply
      .type('image/svg+xml; charset=utf-8')
      // Private to the caller (it is behind auth); an SVG opened directly must not run anything.
      .header('cache-control', 'private, max-age=30')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(svg)
  })

  fastify.get('/teams/:id/leaderboard', {
    schema: {
      tags: ['progress'],
      operationId: 'getTeamLeaderboard',
      summary: 'The team\'s current members by credited distance',
      description: 'Members only. Current members, most credited metres first; `limit` caps the list (no further pages).',
      security: BEARER,
      params: IdParams,
      querystring: LeaderboardQuery,
      response: {
        200: Envelope(Type.Array(Type.Ref(MemberStanding)), 'Members, most metres first'),
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'TEAM_NOT_FOUND')
      }
    }
  }, async (request) => ok(await progress.memberLeaderboard(request.user.userId, request.params.id, request.query.limit), { nextCursor: null }))

  fastify.get('/leaderboards/teams', {
    schema: {
      tags: ['progress'],
      operationId: 'getTeamsLeaderboard',
      summary: 'Teams by percent complete: every public team and your own',
      description: 'Every public team and the teams you belong to (`isMember`), furthest along first; private teams never show to others. `limit` caps the list.',
      security: BEARER,
      querystring: LeaderboardQuery,
      response: {
        200: Envelope(Type.Array(Type.Ref(TeamStanding)), 'Teams, furthest along first'),
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS)
      }
    }
  }, async (request) => ok(await progress.teamLeaderboard(request.user.userId, request.query.limit), { nextCursor: null }))
}

export default progressRoutes
