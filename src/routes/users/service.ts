import { lazyLruCache } from '../../lib/lazy-lru-cache.ts'
import type { Db, DbOrTx } from '../../db/database.ts'
import type { UserRow } from '../../db/schema.ts'
import { recordEvent } from '../../db/outbox.ts'
import { AppError } from '../../lib/errors.ts'
import { canonicalTimeZone } from '../../lib/time-zones.ts'
import { deleteUser, findUserById, updateUser } from './repository.ts'
import type { PublicUserView, UpdateMeInput, UserView } from './schemas.ts'

export function toUserView (row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    units: row.units,
    timezone: row.timezone,
    strideLengthMeters: row.stride_length_m,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString()
  }
}

export interface UserServiceOptions {
  /** How long a profile read stays cached in this process (0 disables). */
  cacheTtlMs: number
  /** Inside the deletion's transaction, before the row goes (hand over owned teams). */
  beforeDelete: (tx: DbOrTx, userId: string) => Promise<void>
  /** Called after an account is deleted, to end its sessions. */
  onDeleted: (userId: string) => Promise<void>
}

/**
 * Profiles. `GET /users/me` is the hottest authenticated read, so views are
 * cached briefly per process; writes through this service refresh the entry.
 */
export function createUserService (db: Db, options: UserServiceOptions) {
  const cache = options.cacheTtlMs > 0
    ? lazyLruCache<string, UserView>({ max: 50_000, ttl: options.cacheTtlMs })
    : null

  async function getMe (userId: string): Promise<UserView> {
    const cached = cache?.get(userId)
    if (cached) return cached
    const row = await findUserById(db, userId)
    if (!row) throw new AppError('USER_NOT_FOUND')
    const view = toUserView(row)
    cache?.set(userId, view)
    return view
  }

  return {
    getMe,

    /** The cached view, if this process has one: lets GET /users/me answer without waiting. */
    cachedMe (userId: string): UserView | undefined {
      return cache?.get(userId)
    },

    async getPublic (userId: string): Promise<PublicUserView> {
      const row = await findUserById(db, userId)
      if (!row) throw new AppError('USER_NOT_FOUND')
      return { id: row.id, displayName: row.display_name }
    },

    async updateMe (userId: string, input: UpdateMeInput): Promise<UserView> {
      const row = await updateUser(db, userId, {
        ...(input.displayName !== undefined && { display_name: input.displayName.trim() }),
        ...(input.units !== undefined && { units: input.units }),
        ...(input.timezone !== undefined && { timezone: canonicalTimeZone(input.timezone) }),
        ...(input.strideLengthMeters !== undefined && { stride_length_m: input.strideLengthMeters })
      })
      if (!row) throw new AppError('USER_NOT_FOUND')
      const view = toUserView(row)
      cache?.set(userId, view)
      return view
    },

    async deleteMe (userId: string): Promise<void> {
      const deleted = await db.transaction().execute(async (tx) => {
        await options.beforeDelete(tx, userId)
        const gone = await deleteUser(tx, userId)
        // Chat lives in DynamoDB, out of the foreign keys' reach: a job removes it.
        if (gone) await recordEvent(tx, { type: 'account.deleted', teamId: null, payload: { userId } })
        return gone
      })
      cache?.delete(userId)
      await options.onDeleted(userId)
      if (!deleted) throw new AppError('USER_NOT_FOUND')
    },

    /** Keep the cache in step with a row written elsewhere (registration). */
    remember (row: UserRow) {
      cache?.set(row.id, toUserView(row))
    }
  }
}

export type UserService = ReturnType<typeof createUserService>
