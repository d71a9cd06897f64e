import { Duration } from 'aws-cdk-lib'
import { SCHEDULES } from '../../src/workers/schedules.ts'

/**
 * The background jobs' contract with src/workers, in one place for both
 * stacks, the tests and infra/README.md.
 */
export interface JobSchedule {
  /** The job the scheduled handler runs: the one whose name the rule's name ends with. */
  readonly job: string
  /** An EventBridge schedule expression. */
  readonly schedule: string
}

/**
 * One EventBridge rule each in Lambda mode, named `${stackName}-${job}`
 * (dist/bundle/lambda-worker.scheduled reads the name from the event's
 * resources[0]). The Fargate worker keeps its own timers instead. Read
 * from the service's own list, so the two cannot drift apart.
 */
export const JOB_SCHEDULES: readonly JobSchedule[] = SCHEDULES.map(s => ({ job: s.job, schedule: s.rate }))

/**
 * Receives before a job message moves to the dead-letter queue. With the
 * workers' exponential backoff (1 s, 2 s, 4 s, …) ten receives span about
 * nine minutes: a short database or Redis outage does not dead-letter
 * everything in flight.
 */
export const JOBS_MAX_RECEIVE_COUNT = 10

/** The SQS Lambda handler's timeout, and the budget for one batch anywhere. */
export const JOBS_BATCH_TIMEOUT = Duration.seconds(30)
/** How long the event source waits to fill a batch of 10. */
export const JOBS_BATCH_WINDOW = Duration.seconds(1)
/**
 * AWS asks for a visibility timeout of at least six times the function's
 * timeout plus the batching window, so that a message is not handed out
 * again while the throttled or retried invocation that holds it still runs.
 */
export const JOBS_VISIBILITY_TIMEOUT = Duration.seconds(6 * JOBS_BATCH_TIMEOUT.toSeconds() + JOBS_BATCH_WINDOW.toSeconds())
