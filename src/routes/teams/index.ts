import { deriveKey, INVITATION_KEY } from '../../lib/signing.ts'
import { defineDomain } from '../../plugins/domain.ts'
import { createInvitationService, type InvitationService } from './invitations.ts'
import { createMembershipService, type MembershipService } from './membership.ts'
import teamsRoutes, { type TeamsRoutesOptions } from './routes.ts'
import { TEAM_SCHEMAS } from './schemas.ts'
import { createTeamService, type TeamService } from './service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    teams: TeamService
    memberships: MembershipService
    invitations: InvitationService
  }
}

/** Teams (the tenant boundary), their members and roles, invitations. */
export default defineDomain<TeamsRoutesOptions>({
  name: 'teams',
  tags: [
    { name: 'teams', description: 'Teams: the tenant boundary. Only members see a team; others get TEAM_NOT_FOUND.' },
    { name: 'members', description: 'Joining, leaving, roles' },
    { name: 'invitations', description: 'Invitations by email' }
  ],
  schemas: TEAM_SCHEMAS,
  uses: ['activities'],
  services: (fastify, config) => {
    const teams = createTeamService(fastify.db, {
      maxMembers: config.TEAM_MAX_MEMBERS,
      // Recent days at once, so the answer already reflects the new rules for
      // most teams; the team.updated event's recredit-team job does them all.
      afterRulesChange: async (teamId, from, to) => {
        const { skipped } = await fastify.activities.recreditTeam(teamId, from, to, 2000)
        if (skipped > 0) fastify.log.info({ teamId, from, to, skipped }, 'team rules changed: older member-days are recomputed by the recredit-team job')
      }
    })
    fastify.decorate('teams', teams)
    fastify.decorate('memberships', createMembershipService(fastify.db, teams, {
      afterJoin: (userId, teamId) => fastify.activities.creditTeamDays(userId, teamId)
    }))
    fastify.decorate('invitations', createInvitationService(fastify.db, {
      ttlDays: config.INVITATION_TTL_DAYS,
      perTeamPerDay: config.INVITATIONS_PER_TEAM_PER_DAY,
      perUserPerHour: config.INVITATIONS_PER_USER_PER_HOUR,
      tokenKey: deriveKey(config.JWT_SECRET, INVITATION_KEY)
    }))
  },
  routes: teamsRoutes,
  routeOptions: config => ({ joinsPerUserPerMinute: config.JOINS_PER_USER_PER_MINUTE }),
  auth: 'bearer'
})
