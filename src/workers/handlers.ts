import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import type { Db } from '../db/database.ts'
import { cleanup } from '../db/retention.ts'
import { checkJob, type JobName, type JobPayload } from '../lib/jobs.ts'
import { recreditTeam } from '../routes/activities/jobs.ts'
import type { ActivityService } from '../routes/activities/service.ts'
import type { IntegrationService } from '../routes/integrations/service.ts'
import { aggregateProgress, rebuildLeaderboards } from '../routes/progress/aggregate.ts'
import { calculateDistances } from '../routes/waypoints/route-totals.ts'
import { deliverEmails, sendDigests, sendNotifications, type NotificationSettings } from '../routes/notifications/jobs.ts'
import { generateReports, type ReportSettings } from '../routes/reports/jobs.ts'
import type { EmailSender } from '../plugins/email.ts'
import type { Broadcaster } from '../realtime/port.ts'
import type { JobQueue } from './queue/port.ts'
import { endTeamSubscriptions, pushTeamEvent } from '../realtime/jobs.ts'
import type { ChatService } from '../routes/chat/service.ts'

/** What every job handler may use; built once per process by the jobs plugin. */
export interface JobDeps {
  db: Db
  redis: Redis | null
  queue: JobQueue
  log: FastifyBaseLogger
  activities: ActivityService
  integrations: IntegrationService
  chat: ChatService
  /** How long published outbox rows and handled-event marks are kept. */
  retentionDays: number
  /** Publish unpublished outbox rows now (a relay pass in this process). */
  publishEvents: () => Promise<number>
  email: EmailSender
  /** Live events to connected clients (whichever runtime's adapter runs). */
  broadcaster: Broadcaster
  notificationSettings: NotificationSettings
  reportSettings: ReportSettings
  /** The clock of jobs that read one (quiet hours, digests, report weeks); tests set it. */
  now?: (() => Date) | undefined
}

type Handler<N extends JobName> = (payload: JobPayload<N>, deps: JobDeps) => Promise<unknown>

/**
 * What each job does, by the name queues, schedules and `npm run job` use
 * (names and payloads: src/lib/jobs.ts). The work lives in its domain;
 * every handler is safe to run more than once: it recomputes rather than
 * increments, or records what it handled.
 */
export const JOB_HANDLERS: { [N in JobName]: Handler<N> } = {
  'aggregate-progress': (p, deps) => aggregateProgress(deps, p.teamId),
  'calculate-distances': (p, deps) => calculateDistances(deps, p),
  'recredit-team': (p, deps) => recreditTeam(deps, p),
  'relay-outbox': async (_p, deps) => ({ published: await deps.publishEvents() }),
  'rebuild-leaderboards': (_p, deps) => rebuildLeaderboards(deps),
  cleanup: (_p, deps) => cleanup(deps.db, deps.retentionDays),
  'send-notifications': (p, deps) => sendNotifications(deps, p),
  'deliver-emails': (_p, deps) => deliverEmails(deps),
  'send-digests': (_p, deps) => sendDigests(deps),
  'generate-reports': (p, deps) => generateReports(deps, p),
  // Its imports record activity events: published at once, so teams move within seconds of a webhook.
  'sync-fitness-data': async (p, deps) => {
    const result = await deps.integrations.sync(p)
    await deps.publishEvents()
    return result
  },
  'push-team-event': (p, deps) => pushTeamEvent(deps, p),
  'end-team-subscriptions': (p, deps) => endTeamSubscriptions(deps, p),
  'purge-team-chat': async (p, deps) => ({ deleted: await deps.chat.purgeTeam(p.teamId) }),
  'purge-user-chat': async (p, deps) => ({ deleted: await deps.chat.purgeAuthor(p.userId) })
}

/** Run one job now, in this process. Throws PoisonJobError for a bad name or payload. */
export async function runJob (name: string, payload: unknown, deps: JobDeps): Promise<unknown> {
  checkJob(name, payload)
  const handler = JOB_HANDLERS[name] as Handler<JobName>
  return handler(payload as JobPayload<JobName>, deps)
}
