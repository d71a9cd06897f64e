import type { Db } from '../../db/database.ts'
import { AppError } from '../../lib/errors.ts'
import { canonicalTimeZone } from '../../lib/time-zones.ts'
import type { SessionStore } from '../../plugins/auth/session-store.ts'
import type { SessionGuard } from '../../plugins/auth/session-guard.ts'
import type { AccessClaims } from '../../plugins/auth/index.ts'
import { hashRefreshToken, newRefreshToken } from '../../plugins/auth/refresh-tokens.ts'
import { findUserByEmail, insertUser } from '../users/repository.ts'
import type { UserService } from '../users/service.ts'
import { toUserView } from '../users/service.ts'
import type { UserView } from '../users/schemas.ts'
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password-hashing.ts'
import { passwordProblems } from './password-policy.ts'
import type { AuthResultView, RegisterInput } from './schemas.ts'
import type { SessionEndReason } from '../../realtime/port.ts'

export interface AuthServiceDeps {
  db: Db
  sessions: SessionStore
  sessionGuard: SessionGuard
  /** What sign-in needs of the users domain. */
  users: Pick<UserService, 'remember' | 'getMe'>
  signAccessToken: (claims: AccessClaims) => string
  accessTokenTtlSeconds: number
  refreshTokenTtlDays: number
  /** Close the session's open WebSockets (every instance, every runtime); never throws. */
  endConnections: (userId: string, sessionId: string, reason: SessionEndReason) => Promise<void>
}

export function normaliseEmail (email: string): string {
  return email.trim().toLowerCase()
}

export function createAuthService (deps: AuthServiceDeps) {
  const lifetimeMs = deps.refreshTokenTtlDays * 24 * 60 * 60 * 1000

  function result (user: UserView, sessionId: string, refreshToken: string): AuthResultView {
    return {
      user,
      accessToken: deps.signAccessToken({ sub: user.id, sid: sessionId }),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: deps.accessTokenTtlSeconds
    }
  }

  async function startSession (user: UserView): Promise<AuthResultView> {
    const refreshToken = newRefreshToken()
    const session = await deps.sessions.createSession(user.id, hashRefreshToken(refreshToken), lifetimeMs)
    return result(user, session.id, refreshToken)
  }

  return {
    async register (input: RegisterInput): Promise<AuthResultView> {
      const email = normaliseEmail(input.email)
      const problems = await passwordProblems(input.password, { email })
      if (problems.length > 0) {
        throw new AppError('WEAK_PASSWORD', `Password ${problems.join(', ')}`, { problems })
      }
      const row = await insertUser(deps.db, {
        email,
        password_hash: await hashPassword(input.password),
        display_name: input.displayName.trim(),
        units: input.units ?? 'metric',
        timezone: canonicalTimeZone(input.timezone ?? 'UTC'),
        stride_length_m: input.strideLengthMeters ?? 0.8
      })
      if (!row) throw new AppError('EMAIL_TAKEN')
      deps.users.remember(row)
      return startSession(toUserView(row))
    },

    async login (emailInput: string, password: string): Promise<AuthResultView> {
      const row = await findUserByEmail(deps.db, normaliseEmail(emailInput))
      // Unknown email and wrong password cost the same and read the same.
      const valid = row ? await verifyPassword(row.password_hash, password) : await verifyAgainstDummy(password)
      if (!row || !valid) throw new AppError('INVALID_CREDENTIALS')
      return startSession(toUserView(row))
    },

    async refresh (refreshToken: string): Promise<AuthResultView> {
      const nextToken = newRefreshToken()
      const outcome = await deps.sessions.rotate(hashRefreshToken(refreshToken), hashRefreshToken(nextToken))
      switch (outcome.status) {
        case 'invalid':
          throw new AppError('INVALID_REFRESH_TOKEN')
        case 'expired':
          throw new AppError('SESSION_EXPIRED')
        case 'reused':
          deps.sessionGuard.forget(outcome.session.id)
          await deps.endConnections(outcome.session.userId, outcome.session.id, 'session_revoked')
          throw new AppError('REFRESH_TOKEN_REUSED')
        case 'rotated': {
          const user = await deps.users.getMe(outcome.session.userId)
          return result(user, outcome.session.id, nextToken)
        }
      }
    },

    /** End the session the refresh token belongs to. Unknown tokens are ignored. */
    async logout (refreshToken: string): Promise<void> {
      const sessionId = await deps.sessions.sessionIdForToken(hashRefreshToken(refreshToken))
      if (sessionId === null) return
      await deps.sessions.revokeSession(sessionId, 'logout')
      deps.sessionGuard.forget(sessionId)
      const session = await deps.sessions.getSession(sessionId)
      if (session) await deps.endConnections(session.userId, sessionId, 'logout')
    }
  }
}

export type AuthService = ReturnType<typeof createAuthService>
