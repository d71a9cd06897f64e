import type { Db } from '../../db/database.ts'
import type { TeamRole } from '../../db/schema.ts'
import { recordEvent } from '../../db/outbox.ts'
import { AppError } from '../../lib/errors.ts'
import { decodeCursor, pageOf, type PageQueryInput } from '../../lib/pagination.ts'
import { findUserById } from '../users/repository.ts'
import {
  countMembers, deleteMembership, findMembership, findTeamByJoinCode, insertMembership,
  findMemberRow, listMembers, lockTeam, setMemberRole, updateTeam
} from './repository.ts'
import { lockInvitationByTokenHash, markInvitationAccepted } from './invitations-repository.ts'
import { hashInvitationToken, normaliseJoinCode } from './secrets.ts'
import type { JoinInput, TeamMemberView, TeamView } from './schemas.ts'
import { handOverOrDelete, requireMember, type TeamService } from './service.ts'
import { toMemberView } from './views.ts'

export interface MembershipHooks {
  /** After a join commits: credit the newcomer's activities already inside the team's dates. */
  afterJoin?: (userId: string, teamId: string) => Promise<void>
}

/** Joining, leaving and managing members. Every change is one transaction with its outbox event. */
export function createMembershipService (db: Db, teams: TeamService, hooks: MembershipHooks = {}) {
  /**
   * Join by code or invitation. The team row is locked while counting, so
   * concurrent joins cannot overfill it; joining again changes nothing.
   */
  async function joinInTransaction (userId: string, input: JoinInput): Promise<{ team: TeamView, alreadyMember: boolean }> {
    return db.transaction().execute(async (tx) => {
      let teamId: string
      let invitationId: string | undefined
      if ('code' in input) {
        const byCode = await findTeamByJoinCode(tx, normaliseJoinCode(input.code))
        if (!byCode) throw new AppError('INVALID_JOIN_CODE')
        teamId = byCode.id
      } else {
        const invitation = await lockInvitationByTokenHash(tx, hashInvitationToken(input.token))
        if (!invitation) throw new AppError('INVITATION_NOT_FOUND')
        if (invitation.accepted_at !== null) {
          if (invitation.accepted_by === userId) return { team: await teams.view(tx, invitation.team_id, userId), alreadyMember: true }
          throw new AppError('INVITATION_USED')
        }
        if (invitation.expires_at.getTime() <= Date.now()) throw new AppError('INVITATION_EXPIRED')
        const user = await findUserById(tx, userId)
        if (!user || user.email !== invitation.email) throw new AppError('INVITATION_EMAIL_MISMATCH')
        teamId = invitation.team_id
        invitationId = invitation.id
      }

      const team = await lockTeam(tx, teamId)
      if (!team) throw new AppError('TEAM_NOT_FOUND')
      if (await findMembership(tx, teamId, userId)) {
        return { team: await teams.view(tx, teamId, userId), alreadyMember: true }
      }
      if (await countMembers(tx, teamId) >= team.max_members) throw new AppError('TEAM_FULL')
      await insertMembership(tx, teamId, userId, 'member')
      if (invitationId !== undefined) await markInvitationAccepted(tx, invitationId, userId)
      await recordEvent(tx, {
        type: 'member.joined',
        teamId,
        payload: { teamId, userId, role: 'member', via: invitationId === undefined ? 'code' : 'invitation' }
      })
      return { team: await teams.view(tx, teamId, userId), alreadyMember: false }
    })
  }

  return {
    async join (userId: string, input: JoinInput): Promise<{ team: TeamView, alreadyMember: boolean }> {
      const result = await joinInTransaction(userId, input)
      if (!result.alreadyMember && hooks.afterJoin) {
        // Outside the join's transaction (which holds the team lock); if it
        // fails, the join stands and those days are credited when next touched.
        await hooks.afterJoin(userId, result.team.id).catch(() => {})
      }
      return result
    },

    /** Leave a team. The owner must hand it over first, unless nobody else is left. */
    async leave (userId: string, teamId: string): Promise<{ teamDeleted: boolean }> {
      return db.transaction().execute(async (tx) => {
        await lockTeam(tx, teamId)
        const membership = await requireMember(tx, teamId, userId)
        if (membership.role === 'owner') {
          if (membership.member_count > 1) throw new AppError('OWNER_MUST_TRANSFER')
          await handOverOrDelete(tx, teamId, userId, 'left')
          return { teamDeleted: true }
        }
        await deleteMembership(tx, teamId, userId)
        await recordEvent(tx, { type: 'member.left', teamId, payload: { teamId, userId, reason: 'left' } })
        return { teamDeleted: false }
      })
    },

    async list (userId: string, teamId: string, page: PageQueryInput): Promise<{ members: TeamMemberView[], nextCursor: string | null }> {
      const viewer = await requireMember(db, teamId, userId)
      const after = decodeCursor(page.cursor, { j: 'timestamp', u: 'uuid' })
      const rows = await listMembers(db, teamId, page.limit + 1, after && { joinedAt: after.j, userId: after.u })
      const { page: members, nextCursor } = pageOf(rows, page.limit, m => ({ j: m.joined_at_key, u: m.user_id }))
      return { members: members.map(m => toMemberView(m, viewer.role)), nextCursor }
    },

    /**
     * Change a member's role. Owner: anyone's, and "owner" hands the team
     * over (the old owner becomes an admin). Admin: admins and members only.
     */
    async setRole (userId: string, teamId: string, targetId: string, role: TeamRole): Promise<TeamMemberView> {
      return db.transaction().execute(async (tx) => {
        await lockTeam(tx, teamId)
        const caller = await requireMember(tx, teamId, userId, ['owner', 'admin'])
        const target = await findMembership(tx, teamId, targetId)
        if (!target) throw new AppError('MEMBER_NOT_FOUND')
        if (target.role === 'owner') {
          if (role !== 'owner') throw caller.role === 'owner' ? new AppError('OWNER_MUST_TRANSFER') : new AppError('FORBIDDEN', 'Only the owner can change the owner')
        } else if (role === 'owner') {
          if (caller.role !== 'owner') throw new AppError('FORBIDDEN', 'Only the owner can hand the team over')
          // Demote first: the database allows one owner per team.
          await setMemberRole(tx, teamId, userId, 'admin')
          await setMemberRole(tx, teamId, targetId, 'owner')
          await updateTeam(tx, teamId, { owner_id: targetId })
          await recordEvent(tx, { type: 'member.role_changed', teamId, payload: { teamId, userId, from: 'owner', to: 'admin', by: userId } })
        } else {
          await setMemberRole(tx, teamId, targetId, role)
        }
        if (target.role !== role) {
          await recordEvent(tx, { type: 'member.role_changed', teamId, payload: { teamId, userId: targetId, from: target.role, to: role, by: userId } })
        }
        // The caller manages the team (owner or admin), so sees the email.
        return toMemberView((await findMemberRow(tx, teamId, targetId))!, caller.role)
      })
    },

    /** Remove someone else from the team; they lose access at once. Removing yourself is leaving. */
    async remove (userId: string, teamId: string, targetId: string): Promise<void> {
      if (targetId === userId) {
        await this.leave(userId, teamId)
        return
      }
      await db.transaction().execute(async (tx) => {
        await lockTeam(tx, teamId)
        await requireMember(tx, teamId, userId, ['owner', 'admin'])
        const target = await findMembership(tx, teamId, targetId)
        if (!target) throw new AppError('MEMBER_NOT_FOUND')
        if (target.role === 'owner') throw new AppError('FORBIDDEN', 'The owner cannot be removed')
        await deleteMembership(tx, teamId, targetId)
        await recordEvent(tx, { type: 'member.left', teamId, payload: { teamId, userId: targetId, reason: 'removed', by: userId } })
      })
    }
  }
}

export type MembershipService = ReturnType<typeof createMembershipService>
