import type { DynamoDb } from '../lib/aws/clients.ts'
import type { Identity } from './hub.ts'

/** API Gateway closes connections after 2 hours: items outlive them by nothing. */
export const CONNECTION_TTL_SECONDS = 2 * 60 * 60

/**
 * API Gateway WebSocket connections (Lambda mode). One item per connection
 * (`pk` = connection id, `sk` = "CONN", with `connUserId` for the byUser
 * index) and one per subscription (`sk` = "TEAM#<id>", with `teamId` for the
 * byTeam index and `lastSeq`, the last event it was sent). Everything
 * expires through the `expiresAt` TTL two hours after connecting. The CDK
 * stack declares the same table.
 */
export function connectionsTableDefinition (tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' as const },
      { AttributeName: 'sk', AttributeType: 'S' as const },
      { AttributeName: 'teamId', AttributeType: 'S' as const },
      { AttributeName: 'connUserId', AttributeType: 'S' as const }
    ],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }, { AttributeName: 'sk', KeyType: 'RANGE' as const }],
    GlobalSecondaryIndexes: [
      { IndexName: 'byTeam', KeySchema: [{ AttributeName: 'teamId', KeyType: 'HASH' as const }, { AttributeName: 'pk', KeyType: 'RANGE' as const }], Projection: { ProjectionType: 'ALL' as const } },
      { IndexName: 'byUser', KeySchema: [{ AttributeName: 'connUserId', KeyType: 'HASH' as const }], Projection: { ProjectionType: 'KEYS_ONLY' as const } }
    ]
  }
}

export async function ensureConnectionsTable ({ client, sdk }: DynamoDb, tableName: string): Promise<void> {
  const { CreateTableCommand, ResourceInUseException, UpdateTimeToLiveCommand } = sdk
  try {
    await client.send(new CreateTableCommand(connectionsTableDefinition(tableName)))
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err
  }
  try {
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } }))
  } catch {
    // dynalite has no TTL; API Gateway's $disconnect deletes items anyway.
  }
}

export interface StoredConnection {
  connectionId: string
  userId: string
  sessionId: string
  tokenExpiresAt: number
  connectedAt: number
}

export interface StoredSubscription {
  connectionId: string
  teamId: string
  userId: string
  lastSeq: number
  tokenExpiresAt: number
}

export function createConnectionStore (dynamodb: () => Promise<DynamoDb>, table: string) {
  const ttl = (connectedAt: number) => Math.floor(connectedAt / 1000) + CONNECTION_TTL_SECONDS

  async function itemsOf (connectionId: string) {
    const { documents, sdk } = await dynamodb()
    const result = await documents.send(new sdk.QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': connectionId } }))
    return result.Items ?? []
  }

  return {
    /** A new connection, or its identity renewed: an update, so a renewal keeps the frame count (`spend`). */
    async put (connectionId: string, identity: Identity, connectedAt = Date.now()): Promise<void> {
      const { documents, sdk } = await dynamodb()
      await documents.send(new sdk.UpdateCommand({
        TableName: table,
        Key: { pk: connectionId, sk: 'CONN' },
        UpdateExpression: 'SET connUserId = :u, sessionId = :s, tokenExpiresAt = :e, connectedAt = :c, expiresAt = :x',
        ExpressionAttributeValues: { ':u': identity.userId, ':s': identity.sessionId, ':e': identity.expiresAt, ':c': connectedAt, ':x': ttl(connectedAt) }
      }))
    },

    async get (connectionId: string): Promise<StoredConnection | undefined> {
      const { documents, sdk } = await dynamodb()
      const { Item } = await documents.send(new sdk.GetCommand({ TableName: table, Key: { pk: connectionId, sk: 'CONN' } }))
      if (!Item) return undefined
      return { connectionId, userId: Item.connUserId, sessionId: Item.sessionId, tokenExpiresAt: Item.tokenExpiresAt, connectedAt: Item.connectedAt }
    },

    /** A renewed token: on the connection and every subscription (delivery checks it there). */
    async renew (connectionId: string, identity: Identity): Promise<void> {
      const { documents, sdk } = await dynamodb()
      for (const item of await itemsOf(connectionId)) {
        await documents.send(new sdk.UpdateCommand({
          TableName: table,
          Key: { pk: connectionId, sk: item.sk },
          UpdateExpression: 'SET tokenExpiresAt = :e, sessionId = :s',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':e': identity.expiresAt, ':s': identity.sessionId }
        }))
      }
    },

    async subscriptions (connectionId: string): Promise<StoredSubscription[]> {
      return (await itemsOf(connectionId)).filter(i => i.sk.startsWith('TEAM#')).map(i => ({
        connectionId, teamId: i.teamId, userId: i.userId, lastSeq: i.lastSeq, tokenExpiresAt: i.tokenExpiresAt
      }))
    },

    async subscribe (connection: StoredConnection, teamId: string, lastSeq: number): Promise<void> {
      const { documents, sdk } = await dynamodb()
      await documents.send(new sdk.PutCommand({
        TableName: table,
        Item: { pk: connection.connectionId, sk: `TEAM#${teamId}`, teamId, userId: connection.userId, lastSeq, tokenExpiresAt: connection.tokenExpiresAt, expiresAt: ttl(connection.connectedAt) }
      }))
    },

    async unsubscribe (connectionId: string, teamId: string): Promise<void> {
      const { documents, sdk } = await dynamodb()
      await documents.send(new sdk.DeleteCommand({ TableName: table, Key: { pk: connectionId, sk: `TEAM#${teamId}` } }))
    },

    async subscription (connectionId: string, teamId: string): Promise<StoredSubscription | undefined> {
      const { documents, sdk } = await dynamodb()
      const { Item } = await documents.send(new sdk.GetCommand({ TableName: table, Key: { pk: connectionId, sk: `TEAM#${teamId}` }, ConsistentRead: true }))
      return Item ? { connectionId, teamId, userId: Item.userId, lastSeq: Item.lastSeq, tokenExpiresAt: Item.tokenExpiresAt } : undefined
    },

    async subscribersOf (teamId: string): Promise<StoredSubscription[]> {
      const { documents, sdk } = await dynamodb()
      const out: StoredSubscription[] = []
      let start: Record<string, unknown> | undefined
      do {
        const page = await documents.send(new sdk.QueryCommand({
          TableName: table, IndexName: 'byTeam', KeyConditionExpression: 'teamId = :t', ExpressionAttributeValues: { ':t': teamId }, ExclusiveStartKey: start
        }))
        for (const i of page.Items ?? []) out.push({ connectionId: i.pk, teamId, userId: i.userId, lastSeq: i.lastSeq, tokenExpiresAt: i.tokenExpiresAt })
        start = page.LastEvaluatedKey
      } while (start)
      return out
    },

    async connectionsOf (userId: string): Promise<string[]> {
      const { documents, sdk } = await dynamodb()
      const page = await documents.send(new sdk.QueryCommand({
        TableName: table, IndexName: 'byUser', KeyConditionExpression: 'connUserId = :u', ExpressionAttributeValues: { ':u': userId }
      }))
      return (page.Items ?? []).map(i => i.pk as string)
    },

    /**
     * Claim the events (from, to] for this subscription: true for the one
     * caller that moved `lastSeq` from `from`, false when another got there
     * first (or the subscription is gone). Whoever claims, sends.
     */
    async claim (connectionId: string, teamId: string, from: number, to: number): Promise<boolean> {
      const { documents, sdk } = await dynamodb()
      try {
        await documents.send(new sdk.UpdateCommand({
          TableName: table,
          Key: { pk: connectionId, sk: `TEAM#${teamId}` },
          UpdateExpression: 'SET lastSeq = :to',
          ConditionExpression: 'lastSeq = :from',
          ExpressionAttributeValues: { ':from': from, ':to': to }
        }))
        return true
      } catch (err) {
        if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return false
        throw err
      }
    },

    /**
     * Count one frame against the connection's allowance: at most `limit`
     * frames in each fixed window of `windowMs` (the counter lives on the
     * connection item, since every frame may reach another Lambda). False
     * when the allowance is spent, or the connection is unknown.
     */
    async spend (connectionId: string, limit: number, windowMs: number, now = Date.now()): Promise<boolean> {
      const { documents, sdk } = await dynamodb()
      const window = Math.floor(now / windowMs)
      const key = { pk: connectionId, sk: 'CONN' }
      const failed = (err: unknown) => {
        if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err
        return false
      }
      const counted = await documents.send(new sdk.UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'SET rateCount = rateCount + :one',
        ConditionExpression: 'rateWindow = :w AND rateCount < :limit',
        ExpressionAttributeValues: { ':one': 1, ':w': window, ':limit': limit }
      })).then(() => true, failed)
      if (counted) return true
      // The first frame of a new window starts its count (one caller wins a race for it).
      return documents.send(new sdk.UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'SET rateWindow = :w, rateCount = :one',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(rateWindow) OR rateWindow <> :w)',
        ExpressionAttributeValues: { ':one': 1, ':w': window }
      })).then(() => true, failed)
    },

    async remove (connectionId: string): Promise<void> {
      const { documents, sdk } = await dynamodb()
      const items = await itemsOf(connectionId)
      for (let i = 0; i < items.length; i += 25) {
        await documents.send(new sdk.BatchWriteCommand({
          RequestItems: { [table]: items.slice(i, i + 25).map(item => ({ DeleteRequest: { Key: { pk: connectionId, sk: item.sk } } })) }
        }))
      }
    }
  }
}

export type ConnectionStore = ReturnType<typeof createConnectionStore>
