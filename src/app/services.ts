import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { createUserService, type UserService } from '../routes/users/service.ts'
import { createAuthService, type AuthService } from '../routes/auth/service.ts'
import { createTeamService, type TeamService } from '../routes/teams/service.ts'
import { createMembershipService, type MembershipService } from '../routes/teams/membership.ts'
import { createInvitationService, type InvitationService } from '../routes/teams/invitations.ts'
import { createWaypointService, type WaypointService } from '../routes/waypoints/service.ts'
import { createActivityService, type ActivityService } from '../routes/activities/service.ts'
import { createIdempotencyStore, type IdempotencyStore } from '../plugins/idempotency.ts'

declare module 'fastify' {
  interface FastifyInstance {
    users: UserService
    auth: AuthService
    teams: TeamService
    memberships: MembershipService
    invitations: InvitationService
    waypoints: WaypointService
    activities: ActivityService
    idempotency: IdempotencyStore
  }
}

export interface ServicesOptions {
  accessTokenTtlSeconds: number
  refreshTokenTtlDays: number
  cacheTtlMs: number
  teamMaxMembers: number
  invitationTtlDays: number
  invitationsPerTeamPerDay: number
  invitationsPerUserPerHour: number
  activityBackfillDays: number
  idempotencyTtlHours: number
}

/** The domain services: plain factories, wired to the infrastructure here. */
async function services (fastify: FastifyInstance, opts: ServicesOptions) {
  const activities = createActivityService(fastify.db, { backfillDays: opts.activityBackfillDays })
  const teams = createTeamService(fastify.db, {
    maxMembers: opts.teamMaxMembers,
    // Recent days at once, so the answer already reflects the new rules for
    // most teams; the team.updated event's recredit-team job does them all.
    afterRulesChange: async (teamId, from, to) => {
      const { skipped } = await activities.recreditTeam(teamId, from, to, 2000)
      if (skipped > 0) fastify.log.info({ teamId, from, to, skipped }, 'team rules changed: older member-days are recomputed by the recredit-team job')
    }
  })
  const users = createUserService(fastify.db, {
    cacheTtlMs: opts.cacheTtlMs,
    beforeDelete: (tx, userId) => teams.handOverOwnedTeams(tx, userId),
    onDeleted: async (userId) => {
      await fastify.sessions.deleteUserSessions(userId)
      fastify.sessionGuard.forgetUser(userId)
    }
  })
  const auth = createAuthService({
    db: fastify.db,
    sessions: fastify.sessions,
    sessionGuard: fastify.sessionGuard,
    users,
    signAccessToken: fastify.signAccessToken,
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds,
    refreshTokenTtlDays: opts.refreshTokenTtlDays
  })
  fastify.decorate('users', users)
  fastify.decorate('auth', auth)
  fastify.decorate('teams', teams)
  fastify.decorate('memberships', createMembershipService(fastify.db, teams, {
    afterJoin: (userId, teamId) => activities.creditTeamDays(userId, teamId)
  }))
  fastify.decorate('invitations', createInvitationService(fastify.db, {
    ttlDays: opts.invitationTtlDays,
    perTeamPerDay: opts.invitationsPerTeamPerDay,
    perUserPerHour: opts.invitationsPerUserPerHour
  }))
  fastify.decorate('waypoints', createWaypointService(fastify.db))
  fastify.decorate('activities', activities)
  fastify.decorate('idempotency', createIdempotencyStore(fastify.db, opts.idempotencyTtlHours))
}

export default fp(services, { name: 'services', fastify: '5.x', dependencies: ['database', 'auth'] })
