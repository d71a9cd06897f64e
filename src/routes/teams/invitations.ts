import type { Db } from '../../db/database.ts'
import { lockKeyForTransaction } from '../../db/locks.ts'
import { recordEvent } from '../../db/outbox.ts'
import { AppError } from '../../lib/errors.ts'
import { lockTeam } from './repository.ts'
import { countInvitationsSince, insertInvitation } from './invitations-repository.ts'
import { hashInvitationToken, newInvitationToken } from './secrets.ts'
import type { InvitationView } from './schemas.ts'
import { requireMember } from './service.ts'
import { toInvitationView } from './views.ts'

export interface InvitationServiceOptions {
  ttlDays: number
  perTeamPerDay: number
  perUserPerHour: number
}

const HOUR = 3_600_000

/**
 * Invitations by email: a single-use token, stored hashed, valid ttlDays.
 * The `invitation.created` outbox event carries the token to whoever sends
 * the email; the API never returns it.
 */
export function createInvitationService (db: Db, options: InvitationServiceOptions) {
  return {
    async invite (userId: string, teamId: string, emailInput: string): Promise<InvitationView> {
      const email = emailInput.trim().toLowerCase()
      return db.transaction().execute(async (tx) => {
        // Locked (the team, and the inviter across teams) so the limits below
        // are counted one invitation at a time.
        await lockTeam(tx, teamId)
        await lockKeyForTransaction(tx, `invite/${userId}`)
        await requireMember(tx, teamId, userId, ['owner', 'admin'])
        const now = Date.now()
        if (await countInvitationsSince(tx, { invitedBy: userId }, new Date(now - HOUR)) >= options.perUserPerHour) {
          throw new AppError('INVITATION_LIMIT', `At most ${options.perUserPerHour} invitations an hour per person`, { retryAfterSeconds: 3600 })
        }
        if (await countInvitationsSince(tx, { teamId }, new Date(now - 24 * HOUR)) >= options.perTeamPerDay) {
          throw new AppError('INVITATION_LIMIT', `At most ${options.perTeamPerDay} invitations a day per team`, { retryAfterSeconds: 86_400 })
        }
        const token = newInvitationToken()
        const invitation = await insertInvitation(tx, {
          teamId,
          email,
          tokenHash: hashInvitationToken(token),
          invitedBy: userId,
          expiresAt: new Date(now + options.ttlDays * 24 * HOUR)
        })
        await recordEvent(tx, {
          type: 'invitation.created',
          teamId,
          payload: { invitationId: invitation.id, teamId, email, token, invitedBy: userId, expiresAt: invitation.expires_at.toISOString() }
        })
        return toInvitationView(invitation)
      })
    }
  }
}

export type InvitationService = ReturnType<typeof createInvitationService>
