import type { Sqs } from '../../lib/aws/clients.ts'
import { withoutRepeats, type JobMessage, type JobQueue } from './port.ts'

/** SendMessageBatch takes at most ten entries. */
const SQS_BATCH = 10

/** The body of every job message on SQS. */
export interface SqsJobBody {
  name: string
  payload: Record<string, unknown>
  coalesceKey?: string
}

/**
 * Standard SQS has no de-duplication of its own: coalesced jobs are merged
 * within each received batch by the SQS handler, and repeats are harmless
 * because the handlers recompute rather than increment.
 */
export function createSqsQueue (sqs: () => Promise<Sqs>, queueUrl: string): JobQueue {
  return {
    driver: 'sqs',
    queueUrl,
    async enqueue (jobs: JobMessage[]) {
      const unique = withoutRepeats(jobs)
      if (unique.length === 0) return
      const { client, sdk } = await sqs()
      for (let i = 0; i < unique.length; i += SQS_BATCH) {
        const chunk = unique.slice(i, i + SQS_BATCH)
        const result = await client.send(new sdk.SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((job, n) => ({
            Id: String(n),
            MessageBody: JSON.stringify({ name: job.name, payload: job.payload, coalesceKey: job.coalesceKey } satisfies SqsJobBody)
          }))
        }))
        if (result.Failed && result.Failed.length > 0) {
          throw new Error(`SQS refused ${result.Failed.length} job message(s): ${result.Failed.map(f => f.Code).join(', ')}`)
        }
      }
    },
    async close () {}
  }
}

/**
 * Create the jobs queue and its dead-letter queue (emulators only; on AWS
 * the CDK stack owns them): a message that fails `maxReceiveCount` times
 * moves to `<name>-dlq` and stops holding up the rest.
 */
export async function ensureJobQueues ({ client, sdk }: Sqs, name: string, maxReceiveCount = 5): Promise<{ queueUrl: string, deadLetterQueueUrl: string }> {
  const dlq = await client.send(new sdk.CreateQueueCommand({ QueueName: `${name}-dlq` }))
  const dlqAttributes = await client.send(new sdk.GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))
  const queue = await client.send(new sdk.CreateQueueCommand({
    QueueName: name,
    Attributes: {
      VisibilityTimeout: '60',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqAttributes.Attributes!.QueueArn, maxReceiveCount })
    }
  }))
  return { queueUrl: queue.QueueUrl!, deadLetterQueueUrl: dlq.QueueUrl! }
}
