import type { Db } from '../../db/database.ts'
import type { NotificationRow } from '../../db/schema.ts'
import { AppError } from '../../lib/errors.ts'
import { decodeCursor, pageOf } from '../../lib/pagination.ts'
import { verifyValue } from '../../lib/signing.ts'
import { NOTIFICATION_TYPES, resolvePreferences, SETTABLE_TYPES, type NotificationType, type Preferences, type StoredPreferences } from './preferences.ts'
import {
  listNotifications, markAllRead, markRead, preferencesOf, savePreferences, suppress, suppressWaiting, unreadCount, userByEmail
} from './repository.ts'
import type { NotificationView, UpdateNotificationPreferencesInput } from './schemas.ts'

function toView (row: NotificationRow): NotificationView {
  return {
    id: row.id,
    type: row.type as NotificationType,
    teamId: row.team_id,
    title: row.title,
    body: row.body,
    data: row.data,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null
  }
}

const TYPE_LABELS: Record<NotificationType, string> = {
  invitation: 'team invitations',
  member_joined: 'new team members',
  waypoint_reached: 'waypoints your team reaches',
  milestone: 'your team\'s milestones',
  report_ready: 'weekly reports',
  integration_disconnected: 'fitness trackers that were disconnected',
  sync_stale: 'fitness trackers that stopped syncing',
  digest: 'the daily digest'
}

/** The notification centre, preferences and unsubscribing: each person sees and changes only their own. */
export function createNotificationService (db: Db, options: { unsubscribeKey: Buffer }) {
  async function storedOf (userId: string): Promise<StoredPreferences | undefined> {
    return (await preferencesOf(db, [userId])).get(userId)
  }

  /** What a signed unsubscribe link names; INVALID_UNSUBSCRIBE_LINK for anything else. */
  function readToken (token: string): { email: string, type: NotificationType, label: string } {
    const value = verifyValue(options.unsubscribeKey, token)
    const type = value?.t as NotificationType | undefined
    if (!value?.e || type === undefined || !NOTIFICATION_TYPES.includes(type)) throw new AppError('INVALID_UNSUBSCRIBE_LINK')
    return { email: value.e, type, label: TYPE_LABELS[type] }
  }

  return {
    async list (userId: string, query: { cursor?: string | undefined, limit: number, unread: boolean }) {
      const after = decodeCursor(query.cursor, { createdAt: 'timestamp', id: 'uuid' })
      const rows = await listNotifications(db, userId, { limit: query.limit, unread: query.unread, ...(after && { after }) })
      const { page, nextCursor } = pageOf(rows, query.limit, r => ({ createdAt: r.created_at_key, id: r.id }))
      return { data: page.map(toView), nextCursor }
    },

    unreadCount: async (userId: string) => ({ unread: await unreadCount(db, userId) }),

    async markRead (userId: string, id: string): Promise<NotificationView> {
      const row = await markRead(db, userId, id)
      if (!row) throw new AppError('NOTIFICATION_NOT_FOUND')
      return toView(row)
    },

    markAllRead: async (userId: string) => ({ updated: await markAllRead(db, userId) }),

    async preferences (userId: string): Promise<Preferences> {
      return resolvePreferences(await storedOf(userId))
    },

    async updatePreferences (userId: string, patch: UpdateNotificationPreferencesInput): Promise<Preferences> {
      return db.transaction().execute(async (tx) => {
        await tx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().executeTakeFirst()
        const stored = (await preferencesOf(tx, [userId])).get(userId) ?? { channels: {}, quietStart: null, quietEnd: null, digest: false }
        const channels = { ...stored.channels }
        for (const type of SETTABLE_TYPES) {
          const change = patch.types?.[type]
          if (change) channels[type] = { ...channels[type], ...change }
        }
        const next: StoredPreferences = {
          channels,
          quietStart: patch.quietHours === undefined ? stored.quietStart : patch.quietHours?.start ?? null,
          quietEnd: patch.quietHours === undefined ? stored.quietEnd : patch.quietHours?.end ?? null,
          digest: patch.digest ?? stored.digest
        }
        await savePreferences(tx, userId, next)
        return resolvePreferences(next)
      })
    },

    /** What the confirmation page shows; nothing changes (mail scanners follow links). */
    describeUnsubscribe: (token: string) => readToken(token),

    /**
     * One-click unsubscribe (RFC 8058): no sign-in, the signature is the
     * permission. An account's email preference for the type goes off;
     * an address without an account is suppressed. Repeating it is harmless.
     */
    async unsubscribe (token: string) {
      const { email, type, label } = readToken(token)
      await db.transaction().execute(async (tx) => {
        const user = await userByEmail(tx, email)
        if (user && type !== 'invitation') {
          const stored = (await preferencesOf(tx, [user.userId])).get(user.userId) ?? { channels: {}, quietStart: null, quietEnd: null, digest: false }
          const next = type === 'digest'
            ? { ...stored, digest: false }
            : { ...stored, channels: { ...stored.channels, [type]: { ...stored.channels[type], email: false } } }
          await savePreferences(tx, user.userId, next)
        } else {
          await suppress(tx, email, type)
        }
        await suppressWaiting(tx, email, type)
      })
      return { email, type, label }
    }
  }
}

export type NotificationService = ReturnType<typeof createNotificationService>
