import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
import { PoisonJobError } from '../lib/jobs.ts'
import { runJob, type JobDeps } from './handlers.ts'
import type { SqsJobBody } from './queue/sqs.ts'
import { foldedRuns, type CoalescingWindow } from './coalescing-window.ts'

export interface SqsHandlerOptions {
  /**
   * Called for each failed record with its receive count, to push its next
   * delivery back (exponential backoff through the visibility timeout).
   */
  delayRetry?: (record: SQSRecord, attempt: number) => Promise<void>
  /**
   * Runs of one coalescing key start at most once per window in this process
   * (the embedded poller, one Lambda execution environment); a batch holds
   * such a group until its window opens.
   */
  window?: CoalescingWindow
}

interface Group {
  key: string
  coalesced: boolean
  name: string
  payload: Record<string, unknown>
  records: SQSRecord[]
}

function parse (record: SQSRecord): SqsJobBody {
  let body: unknown
  try {
    body = JSON.parse(record.body)
  } catch {
    throw new PoisonJobError('message body is not JSON')
  }
  const { name, payload } = (body ?? {}) as Partial<SqsJobBody>
  if (typeof name !== 'string' || typeof payload !== 'object' || payload === null) {
    throw new PoisonJobError('message body is not { name, payload }')
  }
  return body as SqsJobBody
}

/**
 * The SQS batch handler: Lambda's event source mapping calls it, and so
 * does the embedded poller. Records of one coalesced job (the same team's
 * aggregation) run once for the batch. Failures are reported per record
 * (`batchItemFailures`, the ReportBatchItemFailures contract), so only the
 * failed ones come back, and after the queue's maxReceiveCount they move
 * to the dead-letter queue without holding up the rest.
 */
export function createSqsHandler (deps: JobDeps, options: SqsHandlerOptions = {}) {
  const inWindow = options.window ? foldedRuns(options.window) : undefined
  return async function handleSqsBatch (event: SQSEvent): Promise<SQSBatchResponse> {
    const failed: SQSRecord[] = []
    const groups = new Map<string, Group>()
    for (const record of event.Records) {
      try {
        const body = parse(record)
        const key = body.coalesceKey ?? record.messageId
        const group = groups.get(key)
        if (group) group.records.push(record)
        else groups.set(key, { key, coalesced: body.coalesceKey !== undefined, name: body.name, payload: body.payload, records: [record] })
      } catch (err) {
        deps.log.error({ err, messageId: record.messageId }, 'poison job message')
        failed.push(record)
      }
    }

    await Promise.all([...groups.values()].map(async (group) => {
      try {
        const run = () => runJob(group.name, group.payload, deps)
        await (group.coalesced && inWindow ? inWindow(group.key, run) : run())
      } catch (err) {
        const poison = err instanceof PoisonJobError
        deps.log[poison ? 'error' : 'warn']({ err, job: group.name, records: group.records.length }, poison ? 'poison job message' : 'job failed; will retry')
        failed.push(...group.records)
      }
    }))

    if (options.delayRetry) {
      await Promise.allSettled(failed.map(record => options.delayRetry!(record, Number(record.attributes.ApproximateReceiveCount ?? '1'))))
    }
    return { batchItemFailures: failed.map(record => ({ itemIdentifier: record.messageId })) }
  }
}

export type SqsBatchHandler = ReturnType<typeof createSqsHandler>
