import type { JobName } from '../lib/jobs.ts'

/**
 * Recurring jobs. Containers run them as BullMQ job schedulers (or timers
 * with an SQS queue) every `everyMs`; on AWS, EventBridge rules whose names
 * end with the job name call the `scheduled` Lambda handler at `rate`
 * (EventBridge's finest rate is one minute).
 */
export const SCHEDULES: ReadonlyArray<{ job: JobName, everyMs: number, rate: string }> = [
  // The outbox sweeper: republishes what the API could not publish after commit.
  { job: 'relay-outbox', everyMs: 5_000, rate: 'rate(1 minute)' },
  // Heals the Redis leaderboards after Redis lost data or missed updates.
  { job: 'rebuild-leaderboards', everyMs: 600_000, rate: 'rate(10 minutes)' },
  { job: 'cleanup', everyMs: 3_600_000, rate: 'rate(1 hour)' },
  // Emails deferred by quiet hours, and failed sends whose retry is due.
  { job: 'deliver-emails', everyMs: 60_000, rate: 'rate(1 minute)' },
  // Each person's digest of yesterday, once their DIGEST_HOUR has come.
  { job: 'send-digests', everyMs: 900_000, rate: 'rate(15 minutes)' },
  // Last week's report of each team whose Monday REPORT_HOUR has come in its
  // time zone (hourly, since Monday morning comes at a different hour in each
  // zone); a team's report is generated once per week, a rerun replaces it.
  { job: 'generate-reports', everyMs: 3_600_000, rate: 'rate(1 hour)' },
  // Pulls every due fitness connection (Google Health, Strava); webhooks sync one at once.
  { job: 'sync-fitness-data', everyMs: 3_600_000, rate: 'rate(1 hour)' }
]

/** The job of an EventBridge rule: the scheduled job whose name ends the rule's name. */
export function scheduledJobOfRule (ruleName: string): JobName | undefined {
  return SCHEDULES.map(s => s.job).find(job => ruleName === job || ruleName.endsWith(`-${job}`))
}
