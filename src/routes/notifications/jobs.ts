import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../../db/database.ts'
import type { EmailDeliveryRow } from '../../db/schema.ts'
import type { EventPayloads, EventType } from '../../lib/events.ts'
import { invitationToken, signValue } from '../../lib/signing.ts'
import type { EmailSender } from '../../plugins/email.ts'
import type { Broadcaster } from '../../realtime/port.ts'
import { addDays, localClock, zonedTime } from '../../lib/wall-clock.ts'
import { DIGESTIBLE, quietHoursEnd, resolvePreferences, wants, type NotificationType, type Preferences } from './preferences.ts'
import {
  claimEmail, digestGroups, dueEmailIds, insertEmails, insertNotifications, isSuppressed, markEmailFailed, markEmailSent,
  markEmailSuppressed, preferencesOf, takeDigestItems, teamName, teamRecipients, userByEmail, userRecipient,
  type NewEmail, type NewNotification, type Recipient
} from './repository.ts'
import { inAppText, renderEmail, type Reader } from './templates.ts'

/** Settings of the notification jobs, resolved once from the config (see the domain's index.ts). */
export interface NotificationSettings {
  /** Base of links in emails, no trailing slash. */
  linkBaseUrl: string
  invitationKey: Buffer
  unsubscribeKey: Buffer
  /** Local hour after which yesterday's digest goes out. */
  digestHour: number
  /** Sends of one email before it is given up as failed (each retry later than the last). */
  maxEmailAttempts: number
}

export interface NotificationJobDeps {
  db: Db
  log: FastifyBaseLogger
  email: EmailSender
  /** Real-time pushes; absent where no broadcaster is wired (in-app and email still happen). */
  broadcaster?: Broadcaster | undefined
  notificationSettings: NotificationSettings
  /** The clock (tests control it); the process's otherwise. */
  now?: (() => Date) | undefined
}

const clock = (deps: NotificationJobDeps) => deps.now?.() ?? new Date()

interface Plan {
  type: NotificationType
  teamId: string | null
  data: Record<string, unknown>
  /** People with accounts: in-app and email as they prefer. */
  users: Array<Omit<Recipient, 'role'>>
  /** An address without (or regardless of) an account: email only. */
  address?: { email: string, user: Omit<Recipient, 'role'> | undefined }
}

type Planner<T extends EventType> = (db: Db, payload: EventPayloads[T]) => Promise<Plan | null>

const PLANNERS: { [T in EventType]?: Planner<T> } = {
  'invitation.created': async (db, p) => {
    const inviter = await userRecipient(db, p.invitedBy)
    return {
      type: 'invitation',
      teamId: p.teamId,
      data: { teamName: await teamName(db, p.teamId) ?? 'a team', inviterName: inviter?.displayName ?? 'Someone', invitationId: p.invitationId, expiresAt: p.expiresAt },
      users: [],
      address: { email: p.email, user: await userByEmail(db, p.email) }
    }
  },
  'member.joined': async (db, p) => {
    if (p.via === 'create') return null
    const member = await userRecipient(db, p.userId)
    const people = (await teamRecipients(db, p.teamId)).filter(r => (r.role === 'owner' || r.role === 'admin') && r.userId !== p.userId)
    return { type: 'member_joined', teamId: p.teamId, data: { teamName: await teamName(db, p.teamId) ?? '', memberName: member?.displayName ?? 'Someone', userId: p.userId }, users: people }
  },
  'waypoint.reached': async (db, p) => ({
    type: 'waypoint_reached',
    teamId: p.teamId,
    data: { teamName: await teamName(db, p.teamId) ?? '', waypointId: p.waypointId, waypointName: p.name, position: p.position, totalDistance: p.totalDistance },
    users: await teamRecipients(db, p.teamId)
  }),
  'milestone.reached': async (db, p) => ({
    type: 'milestone',
    teamId: p.teamId,
    data: { teamName: await teamName(db, p.teamId) ?? '', percent: p.percent, totalDistance: p.totalDistance, goalDistance: p.goalDistance },
    users: await teamRecipients(db, p.teamId)
  }),
  'report.ready': async (db, p) => ({
    type: 'report_ready',
    teamId: p.teamId,
    data: { teamName: await teamName(db, p.teamId) ?? '', reportId: p.reportId, week: p.week },
    users: await teamRecipients(db, p.teamId)
  }),
  // Only the connection's owner, and not when they disconnected it here
  // themselves: the DELETE's answer already said what happened.
  'integration.disconnected': async (db, p) => {
    if (p.reason === 'revoked_by_user') return null
    const user = await userRecipient(db, p.userId)
    if (!user) return null
    return {
      type: 'integration_disconnected',
      teamId: null,
      data: { provider: p.provider, providerName: p.providerName ?? p.provider, reason: p.reason, importedActivities: p.importedActivities },
      users: [user]
    }
  },
  'integration.sync_stale': async (db, p) => {
    const user = await userRecipient(db, p.userId)
    if (!user) return null
    return {
      type: 'sync_stale',
      teamId: null,
      data: { provider: p.provider, providerName: p.providerName ?? p.provider, hours: p.hours, lastSuccessAt: p.lastSuccessAt, atRiskHours: p.atRiskHours ?? 36 },
      users: [user]
    }
  }
}

/** The event types that notify anyone (src/workers/event-jobs.ts starts the job for these). */
export const NOTIFYING_EVENTS = Object.keys(PLANNERS) as EventType[]

function emailFor (plan: Plan, eventId: string, to: string, user: Omit<Recipient, 'role'> | undefined, prefs: Preferences, now: Date): NewEmail {
  const folded = user !== undefined && prefs.digest && DIGESTIBLE.has(plan.type)
  const quietEnd = user === undefined ? null : quietHoursEnd(now, user.timezone, prefs.quietHours)
  return {
    dedupeKey: `${eventId}:email:${to}`,
    eventId,
    userId: user?.userId ?? null,
    teamId: plan.teamId,
    to,
    type: plan.type,
    data: plan.data,
    status: folded ? 'digest' : 'pending',
    sendAfter: quietEnd ?? now,
    digestDay: folded ? localClock(now, user.timezone).day : null
  }
}

/**
 * The `send-notifications` job for one event: who is told, on which
 * channels, then the emails that are due now. Runs any number of times and
 * concurrently with the same result: in-app rows and emails have unique
 * keys per (event, recipient), and an email is claimed (`SKIP LOCKED`)
 * before it is sent and marked sent in the same transaction.
 */
export async function sendNotifications (deps: NotificationJobDeps, payload: { eventId: string }) {
  const event = await deps.db.selectFrom('outbox').select(['id', 'type', 'payload']).where('id', '=', payload.eventId).executeTakeFirst()
  if (!event) return { eventId: payload.eventId, skipped: 'event not found' }
  const planner = PLANNERS[event.type as EventType] as Planner<EventType> | undefined
  const plan = planner ? await planner(deps.db, event.payload as EventPayloads[EventType]) : null
  if (!plan) return { eventId: event.id, inApp: 0, emails: 0, sent: 0 }
  const now = clock(deps)

  const stored = await preferencesOf(deps.db, [...plan.users.map(u => u.userId), ...(plan.address?.user ? [plan.address.user.userId] : [])])
  const prefsOf = (userId: string | undefined) => resolvePreferences(userId === undefined ? undefined : stored.get(userId))
  const inApp: NewNotification[] = []
  const emails: NewEmail[] = []
  const text = inAppText(plan.type, plan.data)
  for (const user of plan.users) {
    const prefs = prefsOf(user.userId)
    if (wants(prefs, plan.type, 'inApp')) inApp.push({ userId: user.userId, eventId: event.id, teamId: plan.teamId, type: plan.type, ...text, data: plan.data })
    if (wants(prefs, plan.type, 'email')) emails.push(emailFor(plan, event.id, user.email, user, prefs, now))
  }
  if (plan.address) {
    const { email, user } = plan.address
    const prefs = prefsOf(user?.userId)
    if (wants(prefs, plan.type, 'email') && !(await isSuppressed(deps.db, email, plan.type))) emails.push(emailFor(plan, event.id, email, user, prefs, now))
  }

  const created = await insertNotifications(deps.db, inApp)
  const queued = await insertEmails(deps.db, emails)
  await push(deps, created)
  const delivery = await deliverEmails(deps, { eventId: event.id })
  return { eventId: event.id, inApp: created.length, emails: queued, ...delivery }
}

/** Real-time pushes of new in-app rows: a courtesy to open connections; the inbox has them anyway. */
async function push (deps: NotificationJobDeps, rows: Awaited<ReturnType<typeof insertNotifications>>): Promise<void> {
  const broadcaster = deps.broadcaster
  if (!broadcaster) return
  await Promise.all(rows.map(async (row) => {
    try {
      await broadcaster.toUser(row.user_id, 'notification', {
        id: row.id, type: row.type, teamId: row.team_id, title: row.title, body: row.body, data: row.data, createdAt: row.created_at.toISOString()
      })
    } catch (err) {
      deps.log.warn({ err, userId: row.user_id }, 'notification push failed; it stays in the inbox')
    }
  }))
}

function linksFor (deps: NotificationJobDeps, row: EmailDeliveryRow) {
  const s = deps.notificationSettings
  const unsubscribe = `${s.linkBaseUrl}/unsubscribe?token=${signValue(s.unsubscribeKey, { e: row.to_address, t: row.type })}`
  let action: string | undefined
  if (row.type === 'invitation') action = `${s.linkBaseUrl}/join?token=${invitationToken(s.invitationKey, String(row.data.invitationId))}`
  if (row.type === 'report_ready') action = `${s.linkBaseUrl}/reports/${String(row.data.reportId)}?format=html`
  if (row.type === 'integration_disconnected' || row.type === 'sync_stale') action = `${s.linkBaseUrl}/integrations`
  return { unsubscribe, preferences: `${s.linkBaseUrl}/users/me/notification-preferences`, ...(action !== undefined && { action }) }
}

async function readerOf (deps: NotificationJobDeps, row: EmailDeliveryRow): Promise<Reader> {
  const user = row.user_id === null ? undefined : await userRecipient(deps.db, row.user_id)
  return user ? { displayName: user.displayName, units: user.units, timezone: user.timezone } : { displayName: null, units: 'metric', timezone: 'UTC' }
}

const SEND_CONCURRENCY = 4

/** Minutes before the next try of a failed email: 1, 2, 4 … up to 6 hours. */
const backoffMs = (attempts: number) => Math.min(2 ** (attempts - 1), 360) * 60_000

/**
 * Send one email if it is still pending and nobody else is sending it:
 * claimed under a row lock, sent, marked sent, committed. A failed send is
 * counted and retried later (never dropped); after `maxEmailAttempts` it is
 * marked failed, with the error, for an operator.
 */
async function sendOne (deps: NotificationJobDeps, id: string): Promise<'sent' | 'skipped' | 'failed'> {
  return deps.db.transaction().execute(async (tx) => {
    const row = await claimEmail(tx, id)
    if (!row) return 'skipped'
    if (row.user_id === null && await isSuppressed(tx, row.to_address, row.type)) {
      await markEmailSuppressed(tx, row.id)
      return 'skipped'
    }
    try {
      const links = linksFor(deps, row)
      const rendered = renderEmail(row.type as NotificationType, { data: row.data, reader: await readerOf(deps, row), links })
      const { messageId } = await deps.email.send({
        to: row.to_address,
        ...rendered,
        headers: [
          { name: 'List-Unsubscribe', value: `<${links.unsubscribe}>` },
          { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' }
        ]
      })
      await markEmailSent(tx, row.id, messageId, clock(deps))
      return 'sent'
    } catch (err) {
      const attempts = row.attempts + 1
      const retryAt = attempts >= deps.notificationSettings.maxEmailAttempts ? null : new Date(clock(deps).getTime() + backoffMs(attempts))
      await markEmailFailed(tx, row.id, err instanceof Error ? `${err.name}: ${err.message}` : String(err), retryAt)
      deps.log.warn({ err, emailId: row.id, type: row.type, attempts, retryAt }, 'email send failed')
      return 'failed'
    }
  })
}

/**
 * Send every due pending email (of one event, or all): the `deliver-emails`
 * job sweeps up what quiet hours deferred and what failed before. Throws
 * when any send failed, so the queue retries the job with backoff.
 */
export async function deliverEmails (deps: NotificationJobDeps, opts: { eventId?: string, limit?: number } = {}) {
  const ids = await dueEmailIds(deps.db, clock(deps), opts.limit ?? 500, opts.eventId)
  let sent = 0
  let failed = 0
  // A few at once (each is its own transaction and SES call), well inside the database pool.
  let next = 0
  await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, ids.length) }, async () => {
    while (next < ids.length) {
      const outcome = await sendOne(deps, ids[next++]!)
      if (outcome === 'sent') sent++
      if (outcome === 'failed') failed++
    }
  }))
  if (failed > 0) throw new Error(`${failed} of ${ids.length} emails could not be sent; they are retried`)
  return { sent }
}

/**
 * The `send-digests` job: each person's folded teammate updates of a local
 * day become one email once that day is over (after DIGEST_HOUR local
 * time). One digest per person and day (its key), however often it runs.
 */
export async function sendDigests (deps: NotificationJobDeps) {
  const now = clock(deps)
  let digests = 0
  for (const group of await digestGroups(deps.db)) {
    const dueAt = zonedTime(addDays(group.digest_day, 1), deps.notificationSettings.digestHour * 60, group.timezone)
    if (now < dueAt) continue
    digests += await deps.db.transaction().execute(async (tx) => {
      const items = await takeDigestItems(tx, group.user_id, group.digest_day)
      if (items.length === 0) return 0
      const stored = (await preferencesOf(tx, [group.user_id])).get(group.user_id)
      const quietEnd = quietHoursEnd(now, group.timezone, resolvePreferences(stored).quietHours)
      return insertEmails(tx, [{
        dedupeKey: `digest:${group.user_id}:${group.digest_day}`,
        eventId: null,
        userId: group.user_id,
        teamId: null,
        to: items[0]!.to_address,
        type: 'digest',
        data: { day: group.digest_day, items: items.map(i => ({ type: i.type, data: i.data })) },
        status: 'pending',
        sendAfter: quietEnd ?? now
      }])
    })
  }
  const delivery = await deliverEmails(deps)
  return { digests, ...delivery }
}
