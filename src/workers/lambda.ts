import type { EventBridgeEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { buildApp } from '../app/app.ts'
import { loadLambdaConfig } from '../app/lambda-config.ts'
import { runJob } from './jobs.ts'
import { scheduledJobOfRule } from './schedules.ts'
import { createSqsHandler } from './sqs-handler.ts'
import { visibilityBackoff } from './sqs-poller.ts'

/**
 * The worker entrypoints on Lambda, from the same image as the API:
 * - `handler`: the jobs queue's event source mapping (ReportBatchItemFailures);
 * - `scheduled`: EventBridge schedules, dispatched by rule name.
 * The app (without HTTP routes) is built once per execution environment.
 */
const config = await loadLambdaConfig()
const app = await buildApp(config, { routes: 'none' })
await app.ready()
const deps = app.jobDeps

const handleBatch = createSqsHandler(deps, {
  delayRetry: config.JOBS_QUEUE_URL === undefined ? undefined : visibilityBackoff(app.aws.sqs, config.JOBS_QUEUE_URL)
})

export async function handler (event: SQSEvent): Promise<SQSBatchResponse> {
  const response = await handleBatch(event)
  // Jobs record events too (waypoint.reached): publish them before freezing.
  await app.outboxRelay.kick()
  return response
}

export async function scheduled (event: EventBridgeEvent<'Scheduled Event', unknown>): Promise<unknown> {
  const ruleName = event.resources[0]?.split('/').at(-1) ?? ''
  const job = scheduledJobOfRule(ruleName)
  if (job === undefined) throw new Error(`no scheduled job for rule "${ruleName}"`)
  deps.log.info({ job, rule: ruleName }, 'scheduled job')
  return runJob(job, {}, deps)
}
