import { Type, type Static } from '@sinclair/typebox'
import { TimeZone } from '../users/schemas.ts'

export const TeamRole = Type.Union([Type.Literal('owner'), Type.Literal('admin'), Type.Literal('member')], {
  $id: 'TeamRole',
  description: 'owner: everything, including deleting the team and handing it over; admin: edit the team, its route and members (not the owner), invite; member: read and leave'
})

const Day = Type.String({ format: 'date', description: 'A local calendar day in the team\'s time zone', examples: ['2027-03-01'] })
const TeamName = Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' })
const Description = Type.String({ maxLength: 2000 })
const Visibility = Type.Union([Type.Literal('private'), Type.Literal('public')], {
  description: 'public teams appear on the global leaderboard; membership always needs a code or an invitation'
})
const Scoring = Type.Union([Type.Literal('sum'), Type.Literal('average')], {
  description: 'sum: the team moves by all members\' distance; average: by the distance per member'
})
const DailyCap = Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }), Type.Null()], {
  description: 'Most metres one member can credit per day; null for no cap'
})
const MaxMembers = Type.Integer({ minimum: 2, maximum: 10_000, description: 'At most the deployment\'s TEAM_MAX_MEMBERS (default 100)' })

export const Team = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  description: Type.String(),
  visibility: Visibility,
  ownerId: Type.String({ format: 'uuid' }),
  startDate: Type.String({ format: 'date' }),
  endDate: Type.String({ format: 'date' }),
  timezone: Type.String(),
  scoring: Scoring,
  dailyCapMeters: Type.Union([Type.Number(), Type.Null()]),
  maxMembers: Type.Integer(),
  memberCount: Type.Integer(),
  goalDistanceMeters: Type.Number({ description: 'Length of the team\'s route: the distance to cover' }),
  role: Type.Ref(TeamRole, { description: 'Your role in this team' }),
  joinCode: Type.Optional(Type.String({ description: 'Only shown to the owner and admins' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' })
}, { $id: 'Team', additionalProperties: false })

export const CreateTeamBody = Type.Object({
  name: TeamName,
  description: Type.Optional(Description),
  visibility: Type.Optional(Visibility),
  startDate: Day,
  endDate: Day,
  timezone: Type.Optional(TimeZone),
  scoring: Type.Optional(Scoring),
  dailyCapMeters: Type.Optional(DailyCap),
  maxMembers: Type.Optional(MaxMembers)
}, { $id: 'CreateTeamBody', additionalProperties: false })

export const UpdateTeamBody = Type.Object({
  name: Type.Optional(TeamName),
  description: Type.Optional(Description),
  visibility: Type.Optional(Visibility),
  startDate: Type.Optional(Day),
  endDate: Type.Optional(Day),
  timezone: Type.Optional(TimeZone),
  scoring: Type.Optional(Scoring),
  dailyCapMeters: Type.Optional(DailyCap),
  maxMembers: Type.Optional(MaxMembers)
}, { $id: 'UpdateTeamBody', additionalProperties: false, minProperties: 1, description: 'The fields to change; others keep their values' })

export const TeamMember = Type.Object({
  userId: Type.String({ format: 'uuid' }),
  displayName: Type.String(),
  role: Type.Ref(TeamRole),
  joinedAt: Type.String({ format: 'date-time' }),
  email: Type.Optional(Type.String({ description: 'Only shown to the owner and admins' }))
}, { $id: 'TeamMember', additionalProperties: false })

export const UpdateMemberBody = Type.Object({
  role: Type.Ref(TeamRole, { description: 'Setting "owner" hands the team over (owner only); the previous owner becomes an admin' })
}, { $id: 'UpdateMemberBody', additionalProperties: false })

export const InviteBody = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 })
}, { $id: 'InviteBody', additionalProperties: false })

export const Invitation = Type.Object({
  id: Type.String({ format: 'uuid' }),
  teamId: Type.String({ format: 'uuid' }),
  email: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' })
}, { $id: 'Invitation', additionalProperties: false, description: 'The token itself is only ever sent to the invited address' })

export const JoinBody = Type.Union([
  Type.Object({ code: Type.String({ minLength: 4, maxLength: 32, description: 'The team\'s join code' }) }, { additionalProperties: false }),
  Type.Object({ token: Type.String({ minLength: 16, maxLength: 128, description: 'The token from an invitation email' }) }, { additionalProperties: false })
], { $id: 'JoinBody', description: 'Either a join code or an invitation token' })

export const JoinResult = Type.Object({
  team: Type.Ref(Team),
  alreadyMember: Type.Boolean({ description: 'True when you were a member already: nothing changed' })
}, { $id: 'JoinResult', additionalProperties: false })

export const JoinCode = Type.Object({
  joinCode: Type.String()
}, { $id: 'JoinCode', additionalProperties: false })

export const MemberParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  userId: Type.String({ format: 'uuid' })
}, { additionalProperties: false })

export const TEAM_SCHEMAS = [TeamRole, Team, CreateTeamBody, UpdateTeamBody, TeamMember, UpdateMemberBody, InviteBody, Invitation, JoinBody, JoinResult, JoinCode]

export type TeamView = Static<typeof Team>
export type TeamMemberView = Static<typeof TeamMember>
export type CreateTeamInput = Static<typeof CreateTeamBody>
export type UpdateTeamInput = Static<typeof UpdateTeamBody>
export type InvitationView = Static<typeof Invitation>
export type JoinInput = Static<typeof JoinBody>
