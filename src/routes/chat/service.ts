import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { Db } from '../../db/database.ts'
import { AppError } from '../../lib/errors.ts'
import { decodeCursor, pageOf } from '../../lib/pagination.ts'
import type { Broadcaster } from '../../realtime/port.ts'
import { requireMember } from '../teams/service.ts'
import {
  authorMessageKeys, claimClientId, deleteMessage, deleteMessages, existingSend, getMessage, listMessages,
  messageIdOf, putMessage, sortKey, teamMessageKeys, type ChatTable, type MessageItem
} from './repository.ts'
import { MAX_TEXT_CHARACTERS, type ChatMessageView, type SendMessageInput } from './schemas.ts'

const SEND_MEMORY_SECONDS = 24 * 60 * 60
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** A UUIDv7: time-ordered, so a message's id alone gives its sort key. */
export function uuidv7 (now = Date.now()): string {
  const bytes = randomBytes(16)
  bytes.writeUIntBE(now, 0, 6)
  bytes[6] = (bytes[6]! & 0x0f) | 0x70
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** The sort key of a message from its id, or undefined for an id this service never made. */
function sortKeyOf (id: string): string | undefined {
  if (!UUID.test(id)) return undefined
  const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16)
  return sortKey(new Date(ms).toISOString(), id)
}

function toView (item: MessageItem): ChatMessageView {
  return {
    id: item.id,
    teamId: item.teamId,
    authorId: item.authorId,
    authorName: item.authorName,
    text: item.text,
    ...(item.clientMessageId !== undefined && { clientMessageId: item.clientMessageId }),
    createdAt: item.createdAt
  }
}

export interface ChatServiceOptions {
  db: Db
  table: ChatTable
  redis: Redis | null
  /** Looked up when used: the realtime plugin's adapter for this runtime. */
  broadcaster: () => Broadcaster
  messagesPerMinute: number
}

/**
 * Team chat. Members only; text is stored and returned exactly as sent and
 * never interpreted. Every send and delete is pushed live to the team.
 */
export function createChatService (opts: ChatServiceOptions) {
  const local = new Map<string, { minute: number, count: number }>()

  /** Per user and minute: Redis when there is one (shared by instances), this process otherwise. */
  async function spend (userId: string): Promise<void> {
    const minute = Math.floor(Date.now() / 60_000)
    let count: number | undefined
    if (opts.redis) {
      try {
        const key = `chat:rate:${userId}:${minute}`
        const [[, n]] = await opts.redis.multi().incr(key).expire(key, 120).exec() as [[null, number]]
        count = n
      } catch {
        count = undefined
      }
    }
    if (count === undefined) {
      const seen = local.get(userId)
      const entry = seen && seen.minute === minute ? seen : { minute, count: 0 }
      entry.count++
      local.set(userId, entry)
      if (local.size > 10_000) for (const [k, v] of local) if (v.minute !== minute) local.delete(k)
      count = entry.count
    }
    if (count > opts.messagesPerMinute) {
      const retryAfterSeconds = 60 - Math.floor((Date.now() / 1000) % 60)
      throw new AppError('RATE_LIMITED', `At most ${opts.messagesPerMinute} messages a minute`, { retryAfterSeconds })
    }
  }

  function checkText (text: string): void {
    const characters = [...text].length
    if (text.trim().length === 0 || characters > MAX_TEXT_CHARACTERS) {
      throw new AppError('VALIDATION_ERROR', `A message is 1–${MAX_TEXT_CHARACTERS} characters, not only spaces`, {
        fields: [{ in: 'body', field: 'text', message: `must be 1–${MAX_TEXT_CHARACTERS} characters` }]
      })
    }
  }

  return {
    /** Send (REST or socket). A repeated `clientMessageId` returns the first message, `duplicate: true`. */
    async send (userId: string, teamId: string, input: SendMessageInput): Promise<{ message: ChatMessageView, duplicate: boolean }> {
      await requireMember(opts.db, teamId, userId)
      checkText(input.text)
      const now = Date.now()
      const id = uuidv7(now)
      const sk = sortKey(new Date(now).toISOString(), id)
      if (input.clientMessageId !== undefined) {
        const key = `SEND#${teamId}#${userId}#${input.clientMessageId}`
        if (!(await claimClientId(opts.table, key, id, sk, Math.floor(now / 1000) + SEND_MEMORY_SECONDS))) {
          const first = await existingSend(opts.table, key)
          const stored = first && await getMessage(opts.table, teamId, first.messageSk)
          // Deleted since: the retry still must not post it again.
          if (stored) return { message: toView(stored), duplicate: true }
          if (first) throw new AppError('MESSAGE_NOT_FOUND', 'This message was sent and then deleted')
        }
      }
      await spend(userId)
      const author = await opts.db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst()
      const item: MessageItem = {
        teamId, sk, id, authorId: userId, authorName: author?.display_name ?? '', text: input.text, clientMessageId: input.clientMessageId, createdAt: new Date(now).toISOString()
      }
      await putMessage(opts.table, item)
      // The team (or the sender's membership, or account) may have been
      // deleted while this send was on its way, and its chat purged before
      // the message landed: it would stay behind for good. So look again now
      // that it is stored. Still a member: any deletion commits after this
      // point, and its purge, which starts after that commit, finds the
      // message. Not any more: take it back.
      try {
        await requireMember(opts.db, teamId, userId)
      } catch (err) {
        await deleteMessage(opts.table, teamId, sk)
        throw err
      }
      const message = toView(item)
      await opts.broadcaster().toTeam(teamId, 'chat_message', { ...message }, {})
      return { message, duplicate: false }
    },

    /** Newest first; `cursor` is the previous page's `nextCursor`. */
    async list (userId: string, teamId: string, query: { cursor?: string | undefined, limit: number }) {
      await requireMember(opts.db, teamId, userId)
      const cursor = decodeCursor(query.cursor, { id: 'uuid' })
      const before = cursor === undefined ? undefined : sortKeyOf(cursor.id)
      if (cursor !== undefined && before === undefined) throw new AppError('INVALID_CURSOR')
      const items = await listMessages(opts.table, teamId, query.limit, before)
      const { page, nextCursor } = pageOf(items, query.limit, item => ({ id: item.id }))
      return { messages: page.map(toView), nextCursor }
    },

    /** The author, or the team's owner or an admin. */
    async remove (userId: string, teamId: string, messageId: string): Promise<void> {
      const membership = await requireMember(opts.db, teamId, userId)
      const sk = sortKeyOf(messageId)
      const item = sk === undefined ? undefined : await getMessage(opts.table, teamId, sk)
      if (!item) throw new AppError('MESSAGE_NOT_FOUND')
      if (item.authorId !== userId && membership.role === 'member') throw new AppError('FORBIDDEN', 'Only the author, the owner or an admin can delete a message')
      await deleteMessage(opts.table, teamId, item.sk)
      await opts.broadcaster().toTeam(teamId, 'chat_message_deleted', { messageId, deletedBy: userId })
    },

    /**
     * A deleted team: every message goes. Nobody can read them any more
     * (members only, and there are no members), so keeping them, even
     * anonymised, would keep personal words with no one to serve.
     */
    async purgeTeam (teamId: string): Promise<number> {
      const keys = await teamMessageKeys(opts.table, teamId)
      await deleteMessages(opts.table, keys)
      return keys.length
    },

    /**
     * A deleted account: its messages go, in every team. Removed rather
     * than anonymised: the text itself is the person's data (it may name
     * them or say anything about them), so stripping the author would
     * keep what erasure is meant to remove. Each team is told, as for any
     * deletion, so open clients drop the messages at once.
     */
    async purgeAuthor (userId: string): Promise<number> {
      const keys = await authorMessageKeys(opts.table, userId)
      await deleteMessages(opts.table, keys)
      for (const key of keys) {
        await opts.broadcaster().toTeam(key.teamId, 'chat_message_deleted', { messageId: messageIdOf(key.sk), deletedBy: userId, reason: 'account_deleted' })
      }
      return keys.length
    }
  }
}

export type ChatService = ReturnType<typeof createChatService>
