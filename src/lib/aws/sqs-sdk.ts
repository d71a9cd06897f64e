// Imported on first use by src/lib/aws/clients.ts (see s3-sdk.ts for why a module of ours):
// the client, and the commands of the job queue and its poller.
export {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient
} from '@aws-sdk/client-sqs'
