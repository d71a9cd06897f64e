import { sql } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import type { TeamMemberRow, TeamRole, TeamRow, TeamsTable } from '../../db/schema.ts'
import type { Insertable, Updateable } from 'kysely'

export interface TeamWithRole extends TeamRow {
  role: TeamRole
  member_count: number
}

/** A team as one member sees it, or undefined when they are not a member. */
export async function findTeamForMember (db: DbOrTx, teamId: string, userId: string): Promise<TeamWithRole | undefined> {
  return db.selectFrom('teams as t')
    .innerJoin('team_members as m', join => join.onRef('m.team_id', '=', 't.id').on('m.user_id', '=', userId))
    .selectAll('t')
    .select('m.role')
    .select(eb => eb.selectFrom('team_members as c')
      .select(c => c.fn.countAll<number>().as('n'))
      .whereRef('c.team_id', '=', 't.id')
      .as('member_count'))
    .where('t.id', '=', teamId)
    .executeTakeFirst() as Promise<TeamWithRole | undefined>
}

/** The caller's teams, newest first, after the keyset cursor if one is given. */
export async function listTeamsOfUser (db: DbOrTx, userId: string, limit: number, after?: { createdAt: string, id: string }): Promise<Array<TeamWithRole & { created_at_key: string }>> {
  let query = db.selectFrom('teams as t')
    .innerJoin('team_members as m', join => join.onRef('m.team_id', '=', 't.id').on('m.user_id', '=', userId))
    .selectAll('t')
    .select('m.role')
    .select(sql<string>`t.created_at::text`.as('created_at_key'))
    .select(eb => eb.selectFrom('team_members as c')
      .select(c => c.fn.countAll<number>().as('n'))
      .whereRef('c.team_id', '=', 't.id')
      .as('member_count'))
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(limit)
  if (after) {
    query = query.where(eb => eb(eb.refTuple('t.created_at', 't.id'), '<', eb.tuple(sql<Date>`${after.createdAt}::timestamptz`, after.id)))
  }
  return query.execute() as Promise<Array<TeamWithRole & { created_at_key: string }>>
}

/** Lock the team row for the rest of the transaction (joins, role changes). */
export async function lockTeam (tx: DbOrTx, teamId: string): Promise<TeamRow | undefined> {
  return tx.selectFrom('teams').selectAll().where('id', '=', teamId).forUpdate().executeTakeFirst()
}

export async function findTeamByJoinCode (db: DbOrTx, code: string): Promise<TeamRow | undefined> {
  return db.selectFrom('teams').selectAll().where('join_code', '=', code).executeTakeFirst()
}

export async function insertTeam (tx: DbOrTx, team: Insertable<TeamsTable>): Promise<TeamRow> {
  return tx.insertInto('teams').values(team).returningAll().executeTakeFirstOrThrow()
}

export async function updateTeam (tx: DbOrTx, teamId: string, changes: Updateable<TeamsTable>): Promise<TeamRow | undefined> {
  return tx.updateTable('teams').set({ ...changes, updated_at: new Date() }).where('id', '=', teamId).returningAll().executeTakeFirst()
}

/** Members, invitations and everything else hanging off the team go with it (foreign keys cascade). */
export async function deleteTeam (tx: DbOrTx, teamId: string): Promise<boolean> {
  const result = await tx.deleteFrom('teams').where('id', '=', teamId).executeTakeFirst()
  return result.numDeletedRows > 0n
}

export async function countMembers (tx: DbOrTx, teamId: string): Promise<number> {
  const row = await tx.selectFrom('team_members').select(eb => eb.fn.countAll<number>().as('n')).where('team_id', '=', teamId).executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function findMembership (db: DbOrTx, teamId: string, userId: string): Promise<TeamMemberRow | undefined> {
  return db.selectFrom('team_members').selectAll().where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst()
}

/** Insert a membership; returns false when it already existed. */
export async function insertMembership (tx: DbOrTx, teamId: string, userId: string, role: TeamRole): Promise<boolean> {
  const inserted = await tx.insertInto('team_members')
    .values({ team_id: teamId, user_id: userId, role })
    .onConflict(oc => oc.columns(['team_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst()
  return inserted !== undefined
}

export async function setMemberRole (tx: DbOrTx, teamId: string, userId: string, role: TeamRole): Promise<void> {
  await tx.updateTable('team_members').set({ role }).where('team_id', '=', teamId).where('user_id', '=', userId).execute()
}

export async function deleteMembership (tx: DbOrTx, teamId: string, userId: string): Promise<boolean> {
  const result = await tx.deleteFrom('team_members').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst()
  return result.numDeletedRows > 0n
}

export interface MemberListRow {
  user_id: string
  display_name: string
  email: string
  role: TeamRole
  joined_at: Date
  joined_at_key: string
}

export async function findMemberRow (db: DbOrTx, teamId: string, userId: string): Promise<MemberListRow | undefined> {
  return db.selectFrom('team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.display_name', 'u.email', 'm.role', 'm.joined_at'])
    .select(sql<string>`m.joined_at::text`.as('joined_at_key'))
    .where('m.team_id', '=', teamId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst()
}

/** Members in the order they joined, after the keyset cursor if one is given. */
export async function listMembers (db: DbOrTx, teamId: string, limit: number, after?: { joinedAt: string, userId: string }): Promise<MemberListRow[]> {
  let query = db.selectFrom('team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.display_name', 'u.email', 'm.role', 'm.joined_at'])
    .select(sql<string>`m.joined_at::text`.as('joined_at_key'))
    .where('m.team_id', '=', teamId)
    .orderBy('m.joined_at', 'asc')
    .orderBy('m.user_id', 'asc')
    .limit(limit)
  if (after) {
    query = query.where(eb => eb(eb.refTuple('m.joined_at', 'm.user_id'), '>', eb.tuple(sql<Date>`${after.joinedAt}::timestamptz`, after.userId)))
  }
  return query.execute()
}

/** The member who takes over when the owner goes: the longest-standing admin, else member. */
export async function findSuccessor (tx: DbOrTx, teamId: string, leavingUserId: string): Promise<TeamMemberRow | undefined> {
  return tx.selectFrom('team_members').selectAll()
    .where('team_id', '=', teamId)
    .where('user_id', '<>', leavingUserId)
    .orderBy(sql`case role when 'admin' then 0 else 1 end`)
    .orderBy('joined_at', 'asc')
    .limit(1)
    .executeTakeFirst()
}

export async function teamsOwnedBy (tx: DbOrTx, userId: string): Promise<string[]> {
  const rows = await tx.selectFrom('team_members').select('team_id').where('user_id', '=', userId).where('role', '=', 'owner').execute()
  return rows.map(r => r.team_id)
}

export async function teamsOf (tx: DbOrTx, userId: string): Promise<string[]> {
  const rows = await tx.selectFrom('team_members').select('team_id').where('user_id', '=', userId).execute()
  return rows.map(r => r.team_id)
}

/** Teams the user's activities credit, members or not. */
export async function teamsCreditedBy (tx: DbOrTx, userId: string): Promise<string[]> {
  const rows = await tx.selectFrom('activity_credits').select('team_id').distinct().where('user_id', '=', userId).execute()
  return rows.map(r => r.team_id)
}
