import type { DbOrTx } from '../../db/database.ts'
import type { InvitationRow } from '../../db/schema.ts'

export async function insertInvitation (tx: DbOrTx, invitation: {
  id: string
  teamId: string
  email: string
  tokenHash: string
  invitedBy: string
  expiresAt: Date
}): Promise<InvitationRow> {
  return tx.insertInto('invitations').values({
    id: invitation.id,
    team_id: invitation.teamId,
    email: invitation.email,
    token_hash: invitation.tokenHash,
    invited_by: invitation.invitedBy,
    expires_at: invitation.expiresAt
  }).returningAll().executeTakeFirstOrThrow()
}

/** Lock the invitation so two people cannot use it at once. */
export async function lockInvitationByTokenHash (tx: DbOrTx, tokenHash: string): Promise<InvitationRow | undefined> {
  return tx.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).forUpdate().executeTakeFirst()
}

export async function markInvitationAccepted (tx: DbOrTx, id: string, userId: string): Promise<void> {
  await tx.updateTable('invitations').set({ accepted_at: new Date(), accepted_by: userId }).where('id', '=', id).execute()
}

export async function countInvitationsSince (db: DbOrTx, by: { teamId?: string, invitedBy?: string }, since: Date): Promise<number> {
  let query = db.selectFrom('invitations').select(eb => eb.fn.countAll<number>().as('n')).where('created_at', '>=', since)
  if (by.teamId !== undefined) query = query.where('team_id', '=', by.teamId)
  if (by.invitedBy !== undefined) query = query.where('invited_by', '=', by.invitedBy)
  const row = await query.executeTakeFirstOrThrow()
  return Number(row.n)
}
