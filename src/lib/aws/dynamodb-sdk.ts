// Imported on first use by src/lib/aws/clients.ts (see s3-sdk.ts for why a module of ours):
// the clients, and the commands and errors of everything that reads or writes a table.
export {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand
} from '@aws-sdk/client-dynamodb'
export {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand
} from '@aws-sdk/lib-dynamodb'
