import type { DynamoDb } from '../../lib/aws/clients.ts'

/**
 * Chat in DynamoDB (the seed's design): partition `teamId`, sort
 * `<createdAt ISO>#<messageId>`, so a team's messages read newest first
 * with a keyset cursor; the `byAuthor` index finds one person's messages.
 * Retried sends are remembered under `CLIENT#…` keys (24 h TTL), outside
 * any team's partition. The CDK stack declares the same table.
 */
export function chatTableDefinition (tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: 'teamId', AttributeType: 'S' as const },
      { AttributeName: 'sk', AttributeType: 'S' as const },
      { AttributeName: 'authorId', AttributeType: 'S' as const }
    ],
    KeySchema: [{ AttributeName: 'teamId', KeyType: 'HASH' as const }, { AttributeName: 'sk', KeyType: 'RANGE' as const }],
    GlobalSecondaryIndexes: [{
      IndexName: 'byAuthor',
      KeySchema: [{ AttributeName: 'authorId', KeyType: 'HASH' as const }, { AttributeName: 'sk', KeyType: 'RANGE' as const }],
      Projection: { ProjectionType: 'KEYS_ONLY' as const }
    }]
  }
}

export async function ensureChatTable ({ client, sdk }: DynamoDb, tableName: string): Promise<void> {
  const { CreateTableCommand, ResourceInUseException, UpdateTimeToLiveCommand } = sdk
  try {
    await client.send(new CreateTableCommand(chatTableDefinition(tableName)))
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err
  }
  try {
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } }))
  } catch {
    // dynalite has no TTL; idempotency records are also checked by age on read.
  }
}

export interface MessageItem {
  teamId: string
  sk: string
  id: string
  authorId: string
  authorName: string
  text: string
  clientMessageId?: string | undefined
  createdAt: string
}

/** The table, and DynamoDB as the AWS clients give it: made on the first chat request. */
export interface ChatTable { dynamodb: () => Promise<DynamoDb>, table: string }

export const sortKey = (createdAt: string, id: string) => `${createdAt}#${id}`

export async function putMessage (t: ChatTable, item: MessageItem): Promise<void> {
  const { documents, sdk } = await t.dynamodb()
  await documents.send(new sdk.PutCommand({ TableName: t.table, Item: item }))
}

export async function getMessage (t: ChatTable, teamId: string, sk: string): Promise<MessageItem | undefined> {
  const { documents, sdk } = await t.dynamodb()
  const { Item } = await documents.send(new sdk.GetCommand({ TableName: t.table, Key: { teamId, sk }, ConsistentRead: true }))
  return Item as MessageItem | undefined
}

export async function deleteMessage (t: ChatTable, teamId: string, sk: string): Promise<void> {
  const { documents, sdk } = await t.dynamodb()
  await documents.send(new sdk.DeleteCommand({ TableName: t.table, Key: { teamId, sk } }))
}

/** Newest first, `limit + 1` items so the caller knows whether there is another page. */
export async function listMessages (t: ChatTable, teamId: string, limit: number, before?: string): Promise<MessageItem[]> {
  const { documents, sdk } = await t.dynamodb()
  const out: MessageItem[] = []
  let start: Record<string, unknown> | undefined = before === undefined ? undefined : { teamId, sk: before }
  do {
    const page = await documents.send(new sdk.QueryCommand({
      TableName: t.table,
      KeyConditionExpression: 'teamId = :t',
      ExpressionAttributeValues: { ':t': teamId },
      ScanIndexForward: false,
      Limit: limit + 1 - out.length,
      ExclusiveStartKey: start
    }))
    out.push(...(page.Items ?? []) as MessageItem[])
    start = page.LastEvaluatedKey
  } while (start && out.length < limit + 1)
  return out
}

/**
 * Remember a client's send id, pointing at the message it made; false when
 * that id was used before (then `existingSend` says which message it made).
 */
export async function claimClientId (t: ChatTable, key: string, messageId: string, sk: string, expiresAt: number): Promise<boolean> {
  const { documents, sdk } = await t.dynamodb()
  try {
    await documents.send(new sdk.PutCommand({
      TableName: t.table,
      Item: { teamId: key, sk: 'SEND', messageId, messageSk: sk, expiresAt },
      ConditionExpression: 'attribute_not_exists(teamId)'
    }))
    return true
  } catch (err) {
    if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return false
    throw err
  }
}

export async function existingSend (t: ChatTable, key: string): Promise<{ messageId: string, messageSk: string } | undefined> {
  const { documents, sdk } = await t.dynamodb()
  const { Item } = await documents.send(new sdk.GetCommand({ TableName: t.table, Key: { teamId: key, sk: 'SEND' }, ConsistentRead: true }))
  return Item as { messageId: string, messageSk: string } | undefined
}

export interface MessageKey { teamId: string, sk: string }

/** The message id inside a sort key (`<createdAt>#<id>`). */
export const messageIdOf = (sk: string): string => sk.slice(sk.indexOf('#') + 1)

/** Every message key of a team (its partition), oldest first. */
export async function teamMessageKeys (t: ChatTable, teamId: string): Promise<MessageKey[]> {
  const { documents, sdk } = await t.dynamodb()
  const keys: MessageKey[] = []
  let start: Record<string, unknown> | undefined
  do {
    const page = await documents.send(new sdk.QueryCommand({
      TableName: t.table,
      KeyConditionExpression: 'teamId = :t',
      ExpressionAttributeValues: { ':t': teamId },
      ProjectionExpression: 'teamId, sk',
      // A message written just before the purge must be found (see send).
      ConsistentRead: true,
      ExclusiveStartKey: start
    }))
    for (const item of page.Items ?? []) keys.push({ teamId: item.teamId as string, sk: item.sk as string })
    start = page.LastEvaluatedKey
  } while (start)
  return keys
}

/** Every message key of one author, in every team (the `byAuthor` index). */
export async function authorMessageKeys (t: ChatTable, authorId: string): Promise<MessageKey[]> {
  const { documents, sdk } = await t.dynamodb()
  const keys: MessageKey[] = []
  let start: Record<string, unknown> | undefined
  do {
    const page = await documents.send(new sdk.QueryCommand({
      TableName: t.table,
      IndexName: 'byAuthor',
      KeyConditionExpression: 'authorId = :a',
      ExpressionAttributeValues: { ':a': authorId },
      ExclusiveStartKey: start
    }))
    for (const item of page.Items ?? []) keys.push({ teamId: item.teamId as string, sk: item.sk as string })
    start = page.LastEvaluatedKey
  } while (start)
  return keys
}

/** Delete messages 25 at a time (BatchWriteItem's limit), retrying what DynamoDB hands back unprocessed. */
export async function deleteMessages (t: ChatTable, keys: MessageKey[]): Promise<void> {
  const { documents, sdk } = await t.dynamodb()
  for (let i = 0; i < keys.length; i += 25) {
    let requests = keys.slice(i, i + 25).map(key => ({ DeleteRequest: { Key: { teamId: key.teamId, sk: key.sk } } }))
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt === 5) throw new Error(`chat deletion throttled: ${requests.length} messages left`)
      if (attempt > 0) await new Promise(resolve => setTimeout(resolve, 50 * 2 ** attempt))
      const result = await documents.send(new sdk.BatchWriteCommand({ RequestItems: { [t.table]: requests } }))
      requests = (result.UnprocessedItems?.[t.table] ?? []) as typeof requests
    }
  }
}
