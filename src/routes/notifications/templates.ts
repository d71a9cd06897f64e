import { escapeHtml } from '../../lib/html.ts'
import type { NotificationType } from './preferences.ts'

/**
 * Email and in-app texts. Every value from people (team and display names,
 * waypoint names) is escaped in HTML; distances in the reader's units,
 * times in the reader's zone.
 */

export type Units = 'metric' | 'imperial'

export function formatDistance (meters: number, units: Units): string {
  if (units === 'imperial') return `${(meters / 1609.344).toLocaleString('en-GB', { maximumFractionDigits: 1 })} mi`
  return `${(meters / 1000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} km`
}

export function formatTime (iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso))
}

export interface Reader {
  displayName: string | null
  units: Units
  timezone: string
}

/** What every template gets: the stored data, the reader, and links. */
export interface TemplateInput {
  data: Record<string, unknown>
  reader: Reader
  /** Absolute links, built from the link base URL. */
  links: { action?: string, unsubscribe: string, preferences: string }
}

export interface RenderedEmail { subject: string, text: string, html: string }

interface Content { subject: string, lines: string[], action?: { label: string, url: string } }

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const num = (v: unknown): number => (typeof v === 'number' ? v : 0)

/** Why a tracker was disconnected, in words (the `reason` of integration.disconnected). */
function disconnectedBecause (reason: string, name: string): string {
  switch (reason) {
    case 'deauthorized_at_provider': return `TeamTrek's access was removed in your ${name} settings, so your activities no longer sync.`
    case 'access_revoked': return `${name} no longer accepts TeamTrek's access (it was revoked or has expired), so your activities no longer sync.`
    case 'linked_to_another_account': return `Your ${name} account was connected to another TeamTrek account, so it no longer syncs to this one.`
    default: return `${name} was disconnected from TeamTrek, so your activities no longer sync.`
  }
}

/** The short in-app title and body of a notification. */
export function inAppText (type: NotificationType, data: Record<string, unknown>): { title: string, body: string } {
  const team = str(data.teamName)
  switch (type) {
    case 'member_joined': return { title: `${str(data.memberName)} joined ${team}`, body: `${str(data.memberName)} is now a member of ${team}.` }
    case 'waypoint_reached': return { title: `${team} reached ${str(data.waypointName)}`, body: `Your team has reached waypoint ${num(data.position)}: ${str(data.waypointName)}.` }
    case 'milestone': return num(data.percent) >= 100
      ? { title: `${team} finished the route!`, body: `Your team covered the whole route of ${team}.` }
      : { title: `${team} is ${num(data.percent)}% of the way`, body: `Your team has covered ${num(data.percent)}% of the route.` }
    case 'report_ready': return { title: `Weekly report for ${team}: ${str(data.week)}`, body: `The report for ${str(data.week)} is ready.` }
    case 'integration_disconnected': {
      const name = str(data.providerName)
      return { title: `${name} is disconnected`, body: `${disconnectedBecause(str(data.reason), name)} Reconnect ${name} to keep counting for your teams.` }
    }
    case 'sync_stale': {
      const name = str(data.providerName)
      return {
        title: `No new data from ${name} for ${num(data.hours)} h`,
        body: `Open the ${name} app so your device syncs, or reconnect ${name}. After ${num(data.atRiskHours)} h without a sync, steps can be lost.`
      }
    }
    default: return { title: team, body: '' }
  }
}

function content (type: NotificationType, input: TemplateInput): Content {
  const { data, reader } = input
  const team = str(data.teamName)
  const distance = (m: unknown) => formatDistance(num(m), reader.units)
  switch (type) {
    case 'invitation':
      return {
        subject: `${str(data.inviterName)} invited you to ${team} on TeamTrek`,
        lines: [
          `${str(data.inviterName)} invited you to join the team "${team}" on TeamTrek.`,
          `The invitation is for this address only and expires ${formatTime(str(data.expiresAt), reader.timezone)}.`
        ],
        action: { label: 'Join the team', url: input.links.action! }
      }
    case 'member_joined':
      return { subject: `${str(data.memberName)} joined ${team}`, lines: [`${str(data.memberName)} joined your team "${team}".`] }
    case 'waypoint_reached':
      return {
        subject: `${team} reached ${str(data.waypointName)}`,
        lines: [
          `Your team "${team}" has reached ${str(data.waypointName)}, waypoint ${num(data.position)} of the route.`,
          `Distance covered so far: ${distance(data.totalDistance)}.`
        ]
      }
    case 'milestone':
      return num(data.percent) >= 100
        ? { subject: `${team} finished the route!`, lines: [`Your team "${team}" covered the whole route: ${distance(data.goalDistance)}. Well done!`] }
        : {
            subject: `${team} is ${num(data.percent)}% of the way`,
            lines: [`Your team "${team}" has covered ${num(data.percent)}% of the route: ${distance(data.totalDistance)} of ${distance(data.goalDistance)}.`]
          }
    case 'report_ready':
      return {
        subject: `Weekly report for ${team}: ${str(data.week)}`,
        lines: [`The weekly report of "${team}" for ${str(data.week)} is ready.`],
        action: { label: 'Open the report', url: input.links.action! }
      }
    case 'integration_disconnected': {
      const name = str(data.providerName)
      return {
        subject: `${name} is disconnected from TeamTrek`,
        lines: [
          disconnectedBecause(str(data.reason), name),
          data.importedActivities === 'deleted'
            ? `The ${name} activities imported into TeamTrek were removed, as ${name}'s terms require; reconnecting imports the recent ones again.`
            : `The activities already imported from ${name} stay and keep counting.`,
          `Reconnect ${name} in TeamTrek to keep your steps and activities counting for your teams.`
        ],
        action: { label: `Reconnect ${name}`, url: input.links.action! }
      }
    }
    case 'sync_stale': {
      const name = str(data.providerName)
      const last = typeof data.lastSuccessAt === 'string' ? `last sync ${formatTime(data.lastSuccessAt, reader.timezone)}` : 'no sync yet since you connected'
      return {
        subject: `No new data from ${name} for ${num(data.hours)} hours`,
        lines: [
          `TeamTrek has had no new data from ${name} for ${num(data.hours)} hours (${last}).`,
          `Open the ${name} app on your phone so your device syncs. If that does not help, reconnect ${name} in TeamTrek.`,
          `After ${num(data.atRiskHours)} hours without a sync, some of your steps can be lost.`
        ],
        action: { label: 'Check your connections', url: input.links.action! }
      }
    }
    case 'digest': {
      const items = Array.isArray(data.items) ? data.items as Array<{ type: NotificationType, data: Record<string, unknown> }> : []
      return {
        subject: `Your teams on ${str(data.day)}: ${items.length} update${items.length === 1 ? '' : 's'}`,
        lines: [`What your teams achieved on ${str(data.day)}:`, ...items.map(item => `• ${inAppText(item.type, item.data).title}`)]
      }
    }
  }
}

/** Subject, text and HTML of an email; the unsubscribe link is in both bodies and (by the sender) in the headers. */
export function renderEmail (type: NotificationType, input: TemplateInput): RenderedEmail {
  const c = content(type, input)
  const greeting = input.reader.displayName ? `Hello ${input.reader.displayName},` : 'Hello,'
  const text = [
    greeting,
    '',
    ...c.lines,
    ...(c.action ? ['', `${c.action.label}: ${c.action.url}`] : []),
    '',
    '--',
    `Unsubscribe from these emails: ${input.links.unsubscribe}`,
    `All notification settings: ${input.links.preferences}`
  ].join('\n')
  const p = (s: string) => `<p style="margin:0 0 12px">${escapeHtml(s)}</p>`
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(c.subject)}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2933;max-width:560px;margin:0 auto;padding:16px">
${p(greeting)}
${c.lines.map(p).join('\n')}
${c.action ? `<p style="margin:20px 0"><a href="${escapeHtml(c.action.url)}" style="background:#0b6e4f;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(c.action.label)}</a></p>` : ''}
<hr style="border:none;border-top:1px solid #ddd;margin:24px 0 12px">
<p style="font-size:12px;color:#666"><a href="${escapeHtml(input.links.unsubscribe)}">Unsubscribe from these emails</a> · <a href="${escapeHtml(input.links.preferences)}">Notification settings</a></p>
</body></html>`
  return { subject: c.subject, text, html }
}
