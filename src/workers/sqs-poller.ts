import {
  ChangeMessageVisibilityCommand, DeleteMessageBatchCommand, ReceiveMessageCommand,
  type Message, type SQSClient
} from '@aws-sdk/client-sqs'
import type { SQSEvent, SQSRecord } from 'aws-lambda'
import type { FastifyBaseLogger } from 'fastify'
import { backoffMs } from './queue/port.ts'
import type { SqsBatchHandler } from './sqs-handler.ts'

export interface SqsPollerOptions {
  sqs: SQSClient
  queueUrl: string
  handler: SqsBatchHandler
  log: FastifyBaseLogger
  /**
   * Long-poll wait per receive. SQS answers as soon as a message arrives;
   * the in-process emulator waits the whole time, so with it use 0 and a
   * short `idleMs` pause between empty receives instead.
   */
  waitSeconds?: number
  idleMs?: number
  /** Batches handled at once (Lambda would run several concurrent invocations). */
  concurrency?: number
}

/** A received message in the shape Lambda's event source mapping delivers it. */
function toRecord (message: Message, queueArn: string): SQSRecord {
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
      SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
      SenderId: message.Attributes?.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now())
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: ''
  }
}

/** Push a failed message's next delivery back by the backoff for its attempt. */
export function visibilityBackoff (sqs: SQSClient, queueUrl: string) {
  return async (record: SQSRecord, attempt: number) => {
    await sqs.send(new ChangeMessageVisibilityCommand({
      QueueUrl: queueUrl,
      ReceiptHandle: record.receiptHandle,
      VisibilityTimeout: Math.ceil(backoffMs(attempt) / 1000)
    }))
  }
}

/**
 * Drains an SQS queue the way Lambda's event source mapping does: receive
 * up to ten messages, call the batch handler, delete what succeeded, leave
 * the reported failures to reappear after their visibility timeout. Used
 * in embedded mode (against the in-process emulator) and by `npm run worker`
 * when the queue is SQS.
 */
export function startSqsPoller (options: SqsPollerOptions) {
  const { sqs, queueUrl, handler, log } = options
  const waitSeconds = options.waitSeconds ?? 20
  const idleMs = options.idleMs ?? 0
  const queueArn = `arn:aws:sqs:local:000000000000:${queueUrl.split('/').at(-1)}`
  let stopping = false
  const abort = new AbortController()

  /** Returns whether anything was received. */
  async function pollOnce (): Promise<boolean> {
    const received = await sqs.send(new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: waitSeconds,
      MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp']
    }), { abortSignal: abort.signal })
    const messages = received.Messages ?? []
    if (messages.length === 0) return false
    const event: SQSEvent = { Records: messages.map(m => toRecord(m, queueArn)) }
    const { batchItemFailures } = await handler(event)
    const failed = new Set(batchItemFailures.map(f => f.itemIdentifier))
    const done = event.Records.filter(r => !failed.has(r.messageId))
    if (done.length > 0) {
      await sqs.send(new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle }))
      }))
    }
    return true
  }

  async function loop (): Promise<void> {
    // stop() sets `stopping` from outside the loop.
    // eslint-disable-next-line no-unmodified-loop-condition
    while (!stopping) {
      try {
        const busy = await pollOnce()
        if (!busy && idleMs > 0) await new Promise(resolve => setTimeout(resolve, idleMs))
      } catch (err) {
        if (stopping) return
        log.warn({ err }, 'sqs poller: receive failed; retrying')
        await new Promise(resolve => setTimeout(resolve, 1000))
      }
    }
  }

  const loops = Array.from({ length: options.concurrency ?? 2 }, () => loop())
  return {
    async stop (): Promise<void> {
      stopping = true
      abort.abort()
      await Promise.allSettled(loops)
    }
  }
}

export type SqsPoller = ReturnType<typeof startSqsPoller>
