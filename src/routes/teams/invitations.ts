import { randomUUID } from 'node:crypto'
import type { Db } from '../../db/database.ts'
import { lockKeyForTransaction } from '../../db/locks.ts'
import { recordEvent } from '../../db/outbox.ts'
import { AppError } from '../../lib/errors.ts'
import { invitationToken } from '../../lib/signing.ts'
import { lockTeam } from './repository.ts'
import { countInvitationsSince, insertInvitation } from './invitations-repository.ts'
import { hashInvitationToken } from './secrets.ts'
import type { InvitationView } from './schemas.ts'
import { requireMember } from './service.ts'
import { toInvitationView } from './views.ts'

export interface InvitationServiceOptions {
  ttlDays: number
  perTeamPerDay: number
  perUserPerHour: number
  /** Derives each invitation's token from its id (src/lib/signing.ts), so the token is never stored. */
  tokenKey: Buffer
}

const HOUR = 3_600_000

/**
 * Invitations by email: a single-use token, stored hashed, valid ttlDays.
 * The token is an HMAC of the invitation's id under a server key: the email
 * job derives it again when it sends, so it never travels in the
 * `invitation.created` event, a job or a log, and the API never returns it.
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
        const id = randomUUID()
        const invitation = await insertInvitation(tx, {
          id,
          teamId,
          email,
          tokenHash: hashInvitationToken(invitationToken(options.tokenKey, id)),
          invitedBy: userId,
          expiresAt: new Date(now + options.ttlDays * 24 * HOUR)
        })
        await recordEvent(tx, {
          type: 'invitation.created',
          teamId,
          payload: { invitationId: invitation.id, teamId, email, invitedBy: userId, expiresAt: invitation.expires_at.toISOString() }
        })
        return toInvitationView(invitation)
      })
    }
  }
}

export type InvitationService = ReturnType<typeof createInvitationService>
