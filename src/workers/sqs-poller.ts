import type { Message } from '@aws-sdk/client-sqs'
import type { SQSEvent, SQSRecord } from 'aws-lambda'
import type { FastifyBaseLogger } from 'fastify'
import type { Sqs } from '../lib/aws/clients.ts'
import { backoffMs } from './queue/port.ts'
import type { SqsBatchHandler } from './sqs-handler.ts'

export interface SqsPollerOptions {
  /** The AWS clients' SQS: made on the first receive. */
  sqs: () => Promise<Sqs>
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
  /** Batches handled at once (Lambda would run several concurrent invocations); one receive loop feeds them. */
  concurrency?: number
  /**
   * On stop, how long running batches may finish; the messages of those
   * still running are then made visible again at once, for another consumer
   * (rather than after the queue's visibility timeout). Default: wait for them.
   */
  shutdownGraceMs?: number
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
export function visibilityBackoff (sqs: () => Promise<Sqs>, queueUrl: string) {
  return async (record: SQSRecord, attempt: number) => {
    const { client, sdk } = await sqs()
    await client.send(new sdk.ChangeMessageVisibilityCommand({
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

  async function receive (): Promise<SQSRecord[]> {
    const { client, sdk } = await sqs()
    const received = await client.send(new sdk.ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: waitSeconds,
      MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp']
    }), { abortSignal: abort.signal })
    return (received.Messages ?? []).map(m => toRecord(m, queueArn))
  }

  /** Batches running now; `handedBack` once shutdown returned their messages to the queue. */
  const running = new Map<Promise<void>, { records: SQSRecord[], handedBack: boolean }>()

  /** Run one batch; delete what succeeded, leave the failures to come back. */
  async function handle (records: SQSRecord[], state: { handedBack: boolean }): Promise<void> {
    const { batchItemFailures } = await handler({ Records: records } satisfies SQSEvent)
    // Handed back: another consumer may hold these messages now; they are its to delete.
    if (state.handedBack) return
    const failed = new Set(batchItemFailures.map(f => f.itemIdentifier))
    const done = records.filter(r => !failed.has(r.messageId))
    if (done.length > 0) {
      const { client, sdk } = await sqs()
      await client.send(new sdk.DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle }))
      }))
    }
  }

  // One receive loop, up to `concurrency` batches in flight: an idle poller
  // makes one empty receive at a time, not one per slot.
  const concurrency = options.concurrency ?? 2
  const inFlight = new Set<Promise<void>>()
  const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

  async function loop (): Promise<void> {
    // stop() sets `stopping` from outside the loop.
    // eslint-disable-next-line no-unmodified-loop-condition
    while (!stopping) {
      if (inFlight.size >= concurrency) {
        await Promise.race(inFlight)
        continue
      }
      try {
        const records = await receive()
        if (records.length === 0) {
          if (idleMs > 0) await pause(idleMs)
          continue
        }
        const state = { records, handedBack: false }
        const batch = handle(records, state)
          .catch(err => log.warn({ err }, 'sqs poller: batch failed; its messages come back after their visibility timeout'))
          .finally(() => { inFlight.delete(batch); running.delete(batch) })
        inFlight.add(batch)
        running.set(batch, state)
      } catch (err) {
        if (stopping) return
        log.warn({ err }, 'sqs poller: receive failed; retrying')
        await pause(1000)
      }
    }
  }

  const receiving = loop()
  return {
    async stop (): Promise<void> {
      stopping = true
      abort.abort()
      await receiving
      if (options.shutdownGraceMs === undefined) {
        await Promise.allSettled(inFlight)
        return
      }
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<false>(resolve => { timer = setTimeout(() => resolve(false), options.shutdownGraceMs) })
      const finished = await Promise.race([Promise.allSettled(inFlight).then(() => true), late])
      clearTimeout(timer)
      if (finished) return
      for (const state of running.values()) {
        state.handedBack = true
        try {
          const { client, sdk } = await sqs()
          await client.send(new sdk.ChangeMessageVisibilityBatchCommand({
            QueueUrl: queueUrl,
            Entries: state.records.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle, VisibilityTimeout: 0 }))
          }))
          log.warn({ messages: state.records.length }, 'shutting down: unfinished SQS messages made visible again')
        } catch (err) {
          log.warn({ err }, 'shutting down: could not return SQS messages; they come back after their visibility timeout')
        }
      }
    }
  }
}

export type SqsPoller = ReturnType<typeof startSqsPoller>
