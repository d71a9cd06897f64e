import type { EventBridgeEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { buildApp } from './app.ts'
import { loadLambdaConfig } from './lambda-config.ts'
import { runJob } from '../workers/handlers.ts'
import { scheduledJobOfRule } from '../workers/schedules.ts'
import { createSqsHandler } from '../workers/sqs-handler.ts'
import { visibilityBackoff } from '../workers/sqs-poller.ts'
import { coalescingRate, localWindow } from '../workers/coalescing-window.ts'

/**
 * The worker entrypoints on Lambda, from the same image as the API:
 * - `handler`: the jobs queue's event source mapping (ReportBatchItemFailures);
 * - `scheduled`: EventBridge schedules, dispatched by rule name.
 * The app (without HTTP routes) is built once per execution environment.
 */
const loadedAt = performance.now()
const config = await loadLambdaConfig()
const app = await buildApp(config, { routes: 'none' })
await app.ready()
app.log.info({ loadMs: Math.round(loadedAt), buildMs: Math.round(performance.now() - loadedAt) }, 'lambda init')
const deps = app.jobDeps

const handleBatch = createSqsHandler(deps, {
  delayRetry: app.jobQueue.driver === 'sqs' ? visibilityBackoff(app.aws.sqs, app.jobQueue.queueUrl) : undefined,
  // Per execution environment: concurrent environments each keep their own window.
  window: localWindow(coalescingRate(config))
})

/** Jobs that record events (aggregate-progress: waypoint.reached) publish them themselves. */
export const handler: (event: SQSEvent) => Promise<SQSBatchResponse> = handleBatch

export async function scheduled (event: EventBridgeEvent<'Scheduled Event', unknown>): Promise<unknown> {
  const ruleName = event.resources[0]?.split('/').at(-1) ?? ''
  const job = scheduledJobOfRule(ruleName)
  if (job === undefined) throw new Error(`no scheduled job for rule "${ruleName}"`)
  deps.log.info({ job, rule: ruleName }, 'scheduled job')
  return runJob(job, {}, deps)
}
