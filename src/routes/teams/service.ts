import type { Db, DbOrTx } from '../../db/database.ts'
import type { TeamRole } from '../../db/schema.ts'
import { recordEvent } from '../../db/outbox.ts'
import { AppError } from '../../lib/errors.ts'
import { canonicalTimeZone } from '../../lib/time-zones.ts'
import { decodeCursor, pageOf, type PageQueryInput } from '../../lib/pagination.ts'
import { findUserById } from '../users/repository.ts'
import {
  deleteMembership, deleteTeam, findSuccessor, findTeamForMember, insertMembership, insertTeam,
  listTeamsOfUser, lockTeam, setMemberRole, teamsCreditedBy, teamsOf, teamsOwnedBy, updateTeam, type TeamWithRole
} from './repository.ts'
import { newJoinCode } from './secrets.ts'
import type { CreateTeamInput, TeamView, UpdateTeamInput } from './schemas.ts'
import { toTeamView } from './views.ts'

export interface TeamServiceOptions {
  /** Default and upper bound of max members (TEAM_MAX_MEMBERS). */
  maxMembers: number
  /**
   * After a change to the team's dates or daily cap commits: credit the
   * members' days between `from` and `to` again under the new rules.
   */
  afterRulesChange?: (teamId: string, from: string, to: string) => Promise<void>
}

function isUniqueViolation (err: unknown, constraint: string): boolean {
  const e = err as { code?: string, constraint?: string }
  return e.code === '23505' && e.constraint === constraint
}

/** Run `write` with a fresh join code, retrying on the (unlikely) collision. */
async function withUniqueJoinCode<T> (write: (code: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write(newJoinCode())
    } catch (err) {
      if (!isUniqueViolation(err, 'teams_join_code_key') || attempt >= 4) throw err
    }
  }
}

/**
 * Load the caller's membership of a team. Non-members get TEAM_NOT_FOUND,
 * exactly as if the team did not exist: a team's existence is its members'
 * business. Members without one of `roles` get FORBIDDEN.
 */
export async function requireMember (db: DbOrTx, teamId: string, userId: string, roles?: readonly TeamRole[]): Promise<TeamWithRole> {
  const team = await findTeamForMember(db, teamId, userId)
  if (!team) throw new AppError('TEAM_NOT_FOUND')
  if (roles && !roles.includes(team.role)) throw new AppError('FORBIDDEN')
  return team
}

export function createTeamService (db: Db, options: TeamServiceOptions) {
  function checkMaxMembers (value: number | undefined) {
    if (value !== undefined && value > options.maxMembers) {
      throw new AppError('VALIDATION_ERROR', `maxMembers must be at most ${options.maxMembers}`, {
        fields: [{ in: 'body', field: 'maxMembers', message: `must be <= ${options.maxMembers}` }]
      })
    }
  }

  function checkDates (startDate: string, endDate: string) {
    if (endDate < startDate) {
      throw new AppError('VALIDATION_ERROR', 'endDate must not be before startDate', {
        fields: [{ in: 'body', field: 'endDate', message: 'must not be before startDate' }]
      })
    }
  }

  async function view (tx: DbOrTx, teamId: string, userId: string): Promise<TeamView> {
    const team = await requireMember(tx, teamId, userId)
    return toTeamView(team, team.role, team.member_count)
  }

  return {
    view,

    async create (userId: string, input: CreateTeamInput): Promise<TeamView> {
      checkMaxMembers(input.maxMembers)
      checkDates(input.startDate, input.endDate)
      const creator = await findUserById(db, userId)
      if (!creator) throw new AppError('USER_NOT_FOUND')
      return db.transaction().execute(async (tx) => {
        const team = await withUniqueJoinCode(code => insertTeam(tx, {
          name: input.name.trim(),
          description: input.description ?? '',
          visibility: input.visibility ?? 'private',
          owner_id: userId,
          start_date: input.startDate,
          end_date: input.endDate,
          timezone: canonicalTimeZone(input.timezone ?? creator.timezone),
          scoring: input.scoring ?? 'sum',
          daily_cap_m: input.dailyCapMeters ?? null,
          join_code: code,
          max_members: input.maxMembers ?? options.maxMembers
        }))
        await insertMembership(tx, team.id, userId, 'owner')
        await recordEvent(tx, { type: 'team.created', teamId: team.id, payload: { teamId: team.id, ownerId: userId } })
        await recordEvent(tx, { type: 'member.joined', teamId: team.id, payload: { teamId: team.id, userId, role: 'owner', via: 'create' } })
        return toTeamView(team, 'owner', 1)
      })
    },

    async listMine (userId: string, page: PageQueryInput) {
      const after = decodeCursor(page.cursor, { c: 'timestamp', i: 'uuid' })
      const rows = await listTeamsOfUser(db, userId, page.limit + 1, after && { createdAt: after.c, id: after.i })
      const { page: teams, nextCursor } = pageOf(rows, page.limit, t => ({ c: t.created_at_key, i: t.id }))
      return { teams: teams.map(t => toTeamView(t, t.role, t.member_count)), nextCursor }
    },

    async update (userId: string, teamId: string, input: UpdateTeamInput): Promise<TeamView> {
      checkMaxMembers(input.maxMembers)
      let affected: { from: string, to: string } | undefined
      const updated = await db.transaction().execute(async (tx) => {
        // Locked like joins are, so maxMembers is checked against a count that cannot change.
        await lockTeam(tx, teamId)
        const team = await requireMember(tx, teamId, userId, ['owner', 'admin'])
        checkDates(input.startDate ?? team.start_date, input.endDate ?? team.end_date)
        if (input.maxMembers !== undefined && input.maxMembers < team.member_count) {
          throw new AppError('VALIDATION_ERROR', `The team already has ${team.member_count} members`, {
            fields: [{ in: 'body', field: 'maxMembers', message: `must be >= ${team.member_count}, the current member count` }]
          })
        }
        await updateTeam(tx, teamId, {
          ...(input.name !== undefined && { name: input.name.trim() }),
          ...(input.description !== undefined && { description: input.description }),
          ...(input.visibility !== undefined && { visibility: input.visibility }),
          ...(input.startDate !== undefined && { start_date: input.startDate }),
          ...(input.endDate !== undefined && { end_date: input.endDate }),
          ...(input.timezone !== undefined && { timezone: canonicalTimeZone(input.timezone) }),
          ...(input.scoring !== undefined && { scoring: input.scoring }),
          ...(input.dailyCapMeters !== undefined && { daily_cap_m: input.dailyCapMeters }),
          ...(input.maxMembers !== undefined && { max_members: input.maxMembers })
        })
        if (input.startDate !== undefined || input.endDate !== undefined || input.dailyCapMeters !== undefined) {
          // Every day inside the old or the new dates may credit differently now.
          const newStart = input.startDate ?? team.start_date
          const newEnd = input.endDate ?? team.end_date
          affected = {
            from: newStart < team.start_date ? newStart : team.start_date,
            to: newEnd > team.end_date ? newEnd : team.end_date
          }
        }
        // `recredit` makes the recomputation durable: the event starts the
        // `recredit-team` job for every member-day in the range, whatever
        // the request below managed before it answered.
        await recordEvent(tx, { type: 'team.updated', teamId, payload: { teamId, by: userId, fields: Object.keys(input), ...(affected && { recredit: affected }) } })
        return view(tx, teamId, userId)
      })
      if (affected && options.afterRulesChange) {
        // After commit; if it fails, the change stands and days are credited when next touched.
        await options.afterRulesChange(teamId, affected.from, affected.to).catch(() => {})
      }
      return updated
    },

    async remove (userId: string, teamId: string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const team = await requireMember(tx, teamId, userId, ['owner'])
        await deleteTeam(tx, teamId)
        await recordEvent(tx, { type: 'team.deleted', teamId, payload: { teamId, name: team.name, by: userId } })
      })
    },

    async rotateJoinCode (userId: string, teamId: string): Promise<string> {
      return db.transaction().execute(async (tx) => {
        await requireMember(tx, teamId, userId, ['owner', 'admin'])
        const team = await withUniqueJoinCode(code => updateTeam(tx, teamId, { join_code: code }))
        await recordEvent(tx, { type: 'team.updated', teamId, payload: { teamId, by: userId, fields: ['joinCode'] } })
        return team!.join_code
      })
    },

    /**
     * Before an account is deleted: each team it owns passes to the
     * longest-standing admin (else member), or is deleted if it has no one
     * else; every team it leaves gets a member.left event.
     */
    async handOverOwnedTeams (tx: DbOrTx, userId: string): Promise<void> {
      const owned = await teamsOwnedBy(tx, userId)
      for (const teamId of owned) {
        await lockTeam(tx, teamId)
        await handOverOrDelete(tx, teamId, userId, 'account_deleted')
      }
      // The other memberships go with the user row (foreign keys); say so.
      const memberOf = await teamsOf(tx, userId)
      for (const teamId of memberOf) {
        if (owned.includes(teamId)) continue
        await recordEvent(tx, { type: 'member.left', teamId, payload: { teamId, userId, reason: 'account_deleted' } })
      }
      // So do the user's activities, and with them their credits on teams
      // they had already left: those teams' totals change too.
      const leftEarlier = (await teamsCreditedBy(tx, userId)).filter(id => !memberOf.includes(id) && !owned.includes(id))
      if (leftEarlier.length > 0) {
        await recordEvent(tx, { type: 'activity.deleted', teamId: null, payload: { userId, teamIds: leftEarlier, reason: 'account_deleted' } })
      }
    }
  }
}

/**
 * The owner is going: hand the team to a successor (who becomes owner) and
 * drop the owner's membership, or delete the team when nobody else is left.
 * Call with the team row locked.
 */
export async function handOverOrDelete (tx: DbOrTx, teamId: string, ownerId: string, reason: string): Promise<'handed_over' | 'deleted'> {
  const successor = await findSuccessor(tx, teamId, ownerId)
  if (!successor) {
    const team = await tx.selectFrom('teams').select('name').where('id', '=', teamId).executeTakeFirst()
    await deleteTeam(tx, teamId)
    await recordEvent(tx, { type: 'team.deleted', teamId, payload: { teamId, name: team?.name, by: ownerId, reason } })
    return 'deleted'
  }
  await deleteMembership(tx, teamId, ownerId)
  await setMemberRole(tx, teamId, successor.user_id, 'owner')
  await updateTeam(tx, teamId, { owner_id: successor.user_id })
  await recordEvent(tx, { type: 'member.left', teamId, payload: { teamId, userId: ownerId, reason } })
  await recordEvent(tx, { type: 'member.role_changed', teamId, payload: { teamId, userId: successor.user_id, from: successor.role, to: 'owner' } })
  return 'handed_over'
}

export type TeamService = ReturnType<typeof createTeamService>
