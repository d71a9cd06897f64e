import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AUTH_ERRORS, BEARER, BODY_ERRORS, Envelope, errorResponses, ok } from '../../lib/envelope.ts'
import { PageQuery } from '../../lib/pagination.ts'
import { IdParams } from '../../lib/params.ts'
import { throttle } from '../../plugins/throttle.ts'
import {
  CreateTeamBody, Invitation, InviteBody, JoinBody, JoinCode, JoinResult, MemberParams,
  Team, TeamMember, UpdateMemberBody, UpdateTeamBody
} from './schemas.ts'

export interface TeamsRoutesOptions {
  joinsPerUserPerMinute: number
}

const teamsRoutes: FastifyPluginAsyncTypebox<TeamsRoutesOptions> = async (fastify, opts) => {
  const { teams, memberships, invitations } = fastify
  // Join codes are short enough to guess at; throttle the guessing.
  const joinThrottle = throttle(fastify.createRateLimit({
    max: opts.joinsPerUserPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `join:${request.user.userId}`
  }))

  fastify.post('/teams', {
    schema: {
      tags: ['teams'],
      operationId: 'createTeam',
      summary: 'Create a team; you become its owner',
      description: 'The new team\'s time zone defaults to yours. The answer includes its join code, which only owners and admins see.',
      security: BEARER,
      body: Type.Ref(CreateTeamBody),
      response: {
        201: Envelope(Type.Ref(Team), 'The new team, with its join code'),
        ...errorResponses(...BODY_ERRORS, ...AUTH_ERRORS)
      }
    }
  }, async (request, reply) => reply.code(201).send(ok(await teams.create(request.user.userId, request.body))))

  fastify.get('/teams', {
    schema: {
      tags: ['teams'],
      operationId: 'listMyTeams',
      summary: 'Your teams, newest first',
      description: 'The teams you are a member of, in pages (see the shared `cursor` and `limit` parameters).',
      security: BEARER,
      querystring: PageQuery,
      response: {
        200: Envelope(Type.Array(Type.Ref(Team)), 'A page of your teams; meta.nextCursor fetches the next'),
        ...errorResponses('VALIDATION_ERROR', 'INVALID_CURSOR', ...AUTH_ERRORS)
      }
    }
  }, async (request) => {
    const { teams: page, nextCursor } = await teams.listMine(request.user.userId, request.query)
    return ok(page, { nextCursor })
  })

  fastify.get('/teams/:id', {
    schema: {
      tags: ['teams'],
      operationId: 'getTeam',
      summary: 'A team you belong to',
      description: 'Members only: anyone else gets `404 TEAM_NOT_FOUND`, as if the team did not exist. The join code is shown to owners and admins.',
      security: BEARER,
      params: IdParams,
      response: {
        200: Envelope(Type.Ref(Team), 'The team'),
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'TEAM_NOT_FOUND')
      }
    }
  }, async (request) => ok(await teams.view(fastify.db, request.params.id, request.user.userId)))

  fastify.put('/teams/:id', {
    schema: {
      tags: ['teams'],
      operationId: 'updateTeam',
      summary: 'Change a team (owner and admins)',
      description: 'Send only the fields to change. Changing the dates or the daily cap credits members\' past days again under the new rules.',
      security: BEARER,
      params: IdParams,
      body: Type.Ref(UpdateTeamBody),
      response: {
        200: Envelope(Type.Ref(Team), 'The updated team'),
        ...errorResponses(...BODY_ERRORS, ...AUTH_ERRORS, 'FORBIDDEN', 'TEAM_NOT_FOUND')
      }
    }
  }, async (request) => ok(await teams.update(request.user.userId, request.params.id, request.body)))

  fastify.delete('/teams/:id', {
    schema: {
      tags: ['teams'],
      operationId: 'deleteTeam',
      summary: 'Delete a team and all its data for good (owner)',
      description: 'Deletes the team with its members, route, credits and invitations in one transaction. Owner only.',
      security: BEARER,
      params: IdParams,
      response: {
        204: Type.Null({ description: 'Deleted' }),
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'FORBIDDEN', 'TEAM_NOT_FOUND')
      }
    }
  }, async (request, reply) => {
    await teams.remove(request.user.userId, request.params.id)
    return reply.code(204).send(null)
  })

  fastify.post('/teams/:id/join-code', {
    schema: {
      tags: ['teams'],
      operationId: 'rotateJoinCode',
      summary: 'Replace the join code (owner and admins); the old one stops working',
      description: 'Issues a new join code at once; whoever holds the old one can no longer join with it.',
      security: BEARER,
      params: IdParams,
      response: {
        200: Envelope(Type.Ref(JoinCode), 'The new join code'),
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'FORBIDDEN', 'TEAM_NOT_FOUND')
      }
    }
  }, async (request) => ok({ joinCode: await teams.rotateJoinCode(request.user.userId, request.params.id) }))

  fastify.post('/teams/:id/invite', {
    schema: {
      tags: ['invitations'],
      operationId: 'inviteToTeam',
      summary: 'Invite someone by email (owner and admins)',
      description: 'Sends a single-use link valid for 7 days to the address. Limited per person per hour and per team per day.',
      security: BEARER,
      params: IdParams,
      body: Type.Ref(InviteBody),
      response: {
        201: Envelope(Type.Ref(Invitation), 'The invitation (without its token)'),
        ...errorResponses(...BODY_ERRORS, ...AUTH_ERRORS, 'FORBIDDEN', 'TEAM_NOT_FOUND', 'INVITATION_LIMIT')
      }
    }
  }, async (request, reply) => reply.code(201).send(ok(await invitations.invite(request.user.userId, request.params.id, request.body.email))))

  fastify.post('/teams/join', {
    preHandler: joinThrottle,
    schema: {
      tags: ['members'],
      operationId: 'joinTeam',
      summary: 'Join a team with its join code or an invitation token',
      description: 'Joining a team you already belong to changes nothing (200, alreadyMember: true).',
      security: BEARER,
      body: Type.Ref(JoinBody),
      response: {
        200: Envelope(Type.Ref(JoinResult), 'You were already a member'),
        201: Envelope(Type.Ref(JoinResult), 'You joined'),
        ...errorResponses(...BODY_ERRORS, ...AUTH_ERRORS, 'INVITATION_EMAIL_MISMATCH', 'INVALID_JOIN_CODE', 'INVITATION_NOT_FOUND',
          'TEAM_NOT_FOUND', 'TEAM_FULL', 'INVITATION_EXPIRED', 'INVITATION_USED', 'RATE_LIMITED')
      }
    }
  }, async (request, reply) => {
    const result = await memberships.join(request.user.userId, request.body)
    return reply.code(result.alreadyMember ? 200 : 201).send(ok(result))
  })

  fastify.post('/teams/:id/leave', {
    schema: {
      tags: ['members'],
      operationId: 'leaveTeam',
      summary: 'Leave a team',
      description: 'The owner must hand the team over first (OWNER_MUST_TRANSFER), unless they are the last member: then the team is deleted.',
      security: BEARER,
      params: IdParams,
      response: {
        200: Envelope(Type.Object({ teamDeleted: Type.Boolean() }), 'You left'),
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'TEAM_NOT_FOUND', 'OWNER_MUST_TRANSFER')
      }
    }
  }, async (request) => ok(await memberships.leave(request.user.userId, request.params.id)))

  fastify.get('/teams/:id/members', {
    schema: {
      tags: ['members'],
      operationId: 'listTeamMembers',
      summary: 'Members of a team you belong to, in joining order',
      description: 'Emails are included for the owner and admins only.',
      security: BEARER,
      params: IdParams,
      querystring: PageQuery,
      response: {
        200: Envelope(Type.Array(Type.Ref(TeamMember)), 'A page of members'),
        ...errorResponses('VALIDATION_ERROR', 'INVALID_CURSOR', ...AUTH_ERRORS, 'TEAM_NOT_FOUND')
      }
    }
  }, async (request) => {
    const { members, nextCursor } = await memberships.list(request.user.userId, request.params.id, request.query)
    return ok(members, { nextCursor })
  })

  fastify.patch('/teams/:id/members/:userId', {
    schema: {
      tags: ['members'],
      operationId: 'updateTeamMember',
      summary: 'Change a member\'s role (owner and admins; handing over ownership: owner only)',
      description: 'Sets `role` to `admin` or `member`; `owner` hands the team over (the previous owner becomes an admin).',
      security: BEARER,
      params: MemberParams,
      body: Type.Ref(UpdateMemberBody),
      response: {
        200: Envelope(Type.Ref(TeamMember), 'The member with their new role'),
        ...errorResponses(...BODY_ERRORS, ...AUTH_ERRORS, 'FORBIDDEN', 'TEAM_NOT_FOUND', 'MEMBER_NOT_FOUND', 'OWNER_MUST_TRANSFER')
      }
    }
  }, async (request) => ok(await memberships.setRole(request.user.userId, request.params.id, request.params.userId, request.body.role)))

  fastify.delete('/teams/:id/members/:userId', {
    schema: {
      tags: ['members'],
      operationId: 'removeTeamMember',
      summary: 'Remove a member (owner and admins; nobody removes the owner)',
      description: 'The member loses access at once. Their credited metres stay in the team\'s ledger.',
      security: BEARER,
      params: MemberParams,
      response: {
        204: Type.Null({ description: 'Removed; they lose access at once' }),
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'FORBIDDEN', 'TEAM_NOT_FOUND', 'MEMBER_NOT_FOUND', 'OWNER_MUST_TRANSFER')
      }
    }
  }, async (request, reply) => {
    await memberships.remove(request.user.userId, request.params.id, request.params.userId)
    return reply.code(204).send(null)
  })
}

export default teamsRoutes
