import type { DynamoDb } from './clients.ts'

/**
 * The sessions table: one item per login (`SESSION#<id>`) and one per issued
 * refresh token (`TOKEN#<sha256>`), both expiring through the `expiresAt` TTL
 * attribute. Session items carry `sessionUserId`, the key of the sparse
 * `byUser` index used to end all of a user's sessions.
 * The CDK stack declares the same table for AWS.
 */
export function sessionsTableDefinition (tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' as const },
      { AttributeName: 'sessionUserId', AttributeType: 'S' as const }
    ],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
    GlobalSecondaryIndexes: [{
      IndexName: 'byUser',
      KeySchema: [{ AttributeName: 'sessionUserId', KeyType: 'HASH' as const }],
      Projection: { ProjectionType: 'KEYS_ONLY' as const }
    }]
  }
}

/** Create the tables if they do not exist (emulators and dynamodb-local only). */
export async function ensureTables ({ client, sdk }: DynamoDb, sessionsTable: string): Promise<void> {
  const { CreateTableCommand, ResourceInUseException, UpdateTimeToLiveCommand } = sdk
  try {
    await client.send(new CreateTableCommand(sessionsTableDefinition(sessionsTable)))
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err
  }
  try {
    await client.send(new UpdateTimeToLiveCommand({
      TableName: sessionsTable,
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true }
    }))
  } catch {
    // Some emulators do not implement TTL; expiry is also checked on read.
  }
}

export async function tableIsReachable ({ client, sdk }: DynamoDb, tableName: string): Promise<boolean> {
  const result = await client.send(new sdk.DescribeTableCommand({ TableName: tableName }))
  return result.Table?.TableStatus === 'ACTIVE'
}
