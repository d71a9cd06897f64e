import type { JobEnqueuer, JobMessage } from '../../lib/jobs.ts'

export type { JobMessage } from '../../lib/jobs.ts'

/**
 * The queue port: what the API and the workers need from a job queue, with
 * two adapters (BullMQ on Redis in containers, SQS on Lambda and in
 * embedded mode). Job handlers never see which one delivered them.
 * Messages are the catalogue's (src/lib/jobs.ts): a job's `coalesceKey`
 * lets the queue merge runs of the same key into one.
 */
interface QueueOperations extends JobEnqueuer {
  close: () => Promise<void>
}

export type JobQueue =
  | QueueOperations & { readonly driver: 'bullmq' }
  /** `queueUrl`: where consumers receive from (resolved once, at start). */
  | QueueOperations & { readonly driver: 'sqs', readonly queueUrl: string }

/** Retry delay after the `attempt`-th failure: exponential from 1 s, capped at 5 min. */
export function backoffMs (attempt: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1))
}

/** Drop repeats of a coalesced job within one batch (the first one stands for all). */
export function withoutRepeats (jobs: JobMessage[]): JobMessage[] {
  const seen = new Set<string>()
  return jobs.filter(job => {
    if (job.coalesceKey === undefined) return true
    if (seen.has(job.coalesceKey)) return false
    seen.add(job.coalesceKey)
    return true
  })
}
