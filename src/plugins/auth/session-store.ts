import { randomUUID } from 'node:crypto'
import type { DynamoDb } from '../../lib/aws/clients.ts'

export interface Session {
  id: string
  userId: string
  createdAt: number
  /** Absolute end of the login, epoch ms; refreshing never extends it. */
  expiresAt: number
  revokedAt?: number
  revokedReason?: string
}

export type RotateResult =
  | { status: 'rotated', session: Session }
  | { status: 'invalid' }
  | { status: 'expired' }
  | { status: 'reused', session: Session }

const sessionKey = (id: string) => `SESSION#${id}`
const tokenKey = (hash: string) => `TOKEN#${hash}`
const epochSeconds = (ms: number) => Math.ceil(ms / 1000)

/**
 * Items outlive their login by this much before DynamoDB's TTL removes
 * them, so a refresh after the end is told SESSION_EXPIRED (not "unknown
 * token") for a week, however soon the TTL sweeper runs.
 */
const KEEP_AFTER_END_MS = 7 * 24 * 3600 * 1000
const deleteAfter = (session: Session) => epochSeconds(session.expiresAt + KEEP_AFTER_END_MS)

/**
 * DynamoDB deletes expired items lazily (typically within days; DynamoDB
 * Local and the emulator may never do it), and reads return them until
 * then: an item past its TTL attribute is treated as gone.
 */
function unexpired<T extends Record<string, any>> (item: T | undefined, now: number): T | undefined {
  if (item === undefined) return undefined
  return typeof item.expiresAt === 'number' && item.expiresAt * 1000 <= now ? undefined : item
}

/**
 * Sessions and refresh-token families in DynamoDB, with single-item
 * conditional writes only (no transactions), so the same code runs on
 * DynamoDB, dynamodb-local and the embedded emulator.
 *
 * A session is one login, i.e. one refresh-token family. Each refresh token
 * is an item that can be used exactly once: `rotate` claims it with a
 * conditional update. Presenting a token that was already claimed means it
 * was copied, so the whole family is revoked (Auth0's reuse detection).
 */
export function createSessionStore (dynamodb: () => Promise<DynamoDb>, tableName: string) {
  async function putToken (tokenHash: string, session: Session, now: number) {
    const { documents, sdk } = await dynamodb()
    await documents.send(new sdk.PutCommand({
      TableName: tableName,
      Item: {
        pk: tokenKey(tokenHash),
        sessionId: session.id,
        userId: session.userId,
        issuedAt: now,
        expiresAt: deleteAfter(session)
      }
    }))
  }

  async function getSession (id: string, now = Date.now()): Promise<Session | null> {
    const { documents, sdk } = await dynamodb()
    const { Item: stored } = await documents.send(new sdk.GetCommand({
      TableName: tableName,
      Key: { pk: sessionKey(id) },
      ConsistentRead: true
    }))
    const Item = unexpired(stored, now)
    if (!Item) return null
    return {
      id,
      userId: Item.sessionUserId,
      createdAt: Item.createdAt,
      expiresAt: Item.expiresAtMs,
      revokedAt: Item.revokedAt,
      revokedReason: Item.revokedReason
    }
  }

  async function revokeSession (id: string, reason: string, now = Date.now()): Promise<void> {
    const { documents, sdk } = await dynamodb()
    try {
      await documents.send(new sdk.UpdateCommand({
        TableName: tableName,
        Key: { pk: sessionKey(id) },
        UpdateExpression: 'SET revokedAt = :now, revokedReason = :reason',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
        ExpressionAttributeValues: { ':now': now, ':reason': reason }
      }))
    } catch (err) {
      if (!(err instanceof sdk.ConditionalCheckFailedException)) throw err
    }
  }

  return {
    getSession,
    revokeSession,

    /** Start a login: a new session and its first refresh token. */
    async createSession (userId: string, tokenHash: string, lifetimeMs: number, now = Date.now()): Promise<Session> {
      const { documents, sdk } = await dynamodb()
      const session: Session = { id: randomUUID(), userId, createdAt: now, expiresAt: now + lifetimeMs }
      await documents.send(new sdk.PutCommand({
        TableName: tableName,
        Item: {
          pk: sessionKey(session.id),
          sessionUserId: userId,
          createdAt: now,
          expiresAtMs: session.expiresAt,
          expiresAt: deleteAfter(session)
        },
        ConditionExpression: 'attribute_not_exists(pk)'
      }))
      await putToken(tokenHash, session, now)
      return session
    },

    /** Exchange a refresh token for a new one, detecting reuse. */
    async rotate (presentedHash: string, nextHash: string, now = Date.now()): Promise<RotateResult> {
      const { documents, sdk } = await dynamodb()
      const { Item: stored } = await documents.send(new sdk.GetCommand({
        TableName: tableName,
        Key: { pk: tokenKey(presentedHash) },
        ConsistentRead: true
      }))
      const token = unexpired(stored, now)
      if (!token) return { status: 'invalid' }
      const session = await getSession(token.sessionId, now)
      if (!session || session.revokedAt !== undefined) return { status: 'invalid' }
      if (session.expiresAt <= now) return { status: 'expired' }
      if (token.usedAt !== undefined) {
        await revokeSession(session.id, 'refresh-token-reuse', now)
        return { status: 'reused', session }
      }
      try {
        await documents.send(new sdk.UpdateCommand({
          TableName: tableName,
          Key: { pk: tokenKey(presentedHash) },
          UpdateExpression: 'SET usedAt = :now',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt)',
          ExpressionAttributeValues: { ':now': now }
        }))
      } catch (err) {
        if (!(err instanceof sdk.ConditionalCheckFailedException)) throw err
        // Another request used this token between our read and write: two
        // holders of one token, which is exactly what reuse detection is for.
        await revokeSession(session.id, 'refresh-token-reuse', now)
        return { status: 'reused', session }
      }
      await putToken(nextHash, session, now)
      return { status: 'rotated', session }
    },

    /** The session a refresh token belongs to, if the token was ever issued. */
    async sessionIdForToken (tokenHash: string, now = Date.now()): Promise<string | null> {
      const { documents, sdk } = await dynamodb()
      const { Item } = await documents.send(new sdk.GetCommand({
        TableName: tableName,
        Key: { pk: tokenKey(tokenHash) },
        ConsistentRead: true
      }))
      return unexpired(Item, now)?.sessionId ?? null
    },

    /** Delete every session of a user (account deletion). Returns their ids. */
    async deleteUserSessions (userId: string): Promise<string[]> {
      const { documents, sdk } = await dynamodb()
      const ids: string[] = []
      let startKey: Record<string, unknown> | undefined
      do {
        const page = await documents.send(new sdk.QueryCommand({
          TableName: tableName,
          IndexName: 'byUser',
          KeyConditionExpression: 'sessionUserId = :u',
          ExpressionAttributeValues: { ':u': userId },
          ExclusiveStartKey: startKey
        }))
        for (const item of page.Items ?? []) {
          const id = String(item.pk).slice('SESSION#'.length)
          ids.push(id)
          await documents.send(new sdk.DeleteCommand({ TableName: tableName, Key: { pk: item.pk } }))
        }
        startKey = page.LastEvaluatedKey
      } while (startKey)
      return ids
    }
  }
}

export type SessionStore = ReturnType<typeof createSessionStore>
