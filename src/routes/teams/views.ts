import type { InvitationRow, TeamRole, TeamRow } from '../../db/schema.ts'
import type { MemberListRow } from './repository.ts'
import type { InvitationView, TeamMemberView, TeamView } from './schemas.ts'

export const MANAGERS: readonly TeamRole[] = ['owner', 'admin']
export const canManage = (role: TeamRole) => MANAGERS.includes(role)

/** A team as `role` may see it: the join code only for owner and admins. */
export function toTeamView (row: TeamRow, role: TeamRole, memberCount: number): TeamView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    visibility: row.visibility,
    ownerId: row.owner_id,
    startDate: row.start_date,
    endDate: row.end_date,
    timezone: row.timezone,
    scoring: row.scoring,
    dailyCapMeters: row.daily_cap_m,
    maxMembers: row.max_members,
    memberCount,
    goalDistanceMeters: row.goal_distance_m,
    role,
    ...(canManage(role) && { joinCode: row.join_code }),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString()
  }
}

/** A member as `viewerRole` may see them: emails only for owner and admins. */
export function toMemberView (row: MemberListRow, viewerRole: TeamRole): TeamMemberView {
  return {
    userId: row.user_id,
    displayName: row.display_name,
    role: row.role,
    joinedAt: row.joined_at.toISOString(),
    ...(canManage(viewerRole) && { email: row.email })
  }
}

export function toInvitationView (row: InvitationRow): InvitationView {
  return {
    id: row.id,
    teamId: row.team_id,
    email: row.email,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString()
  }
}
