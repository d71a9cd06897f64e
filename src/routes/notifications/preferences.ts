/**
 * Notification types, channels and what each person wants. Defaults live
 * here; the table stores only what a person changed.
 */
import { addDays as addDay, localClock, zonedTime } from '../../lib/wall-clock.ts'

export const NOTIFICATION_TYPES = ['invitation', 'member_joined', 'waypoint_reached', 'milestone', 'report_ready', 'integration_disconnected', 'sync_stale', 'digest'] as const
export type NotificationType = typeof NOTIFICATION_TYPES[number]

/** The types a person can set (digest is a way of receiving the others, switched on with `digest`). */
export const SETTABLE_TYPES = ['invitation', 'member_joined', 'waypoint_reached', 'milestone', 'report_ready', 'integration_disconnected', 'sync_stale'] as const satisfies readonly NotificationType[]
export type SettableType = typeof SETTABLE_TYPES[number]

export interface ChannelChoice { inApp: boolean, email: boolean }

const DEFAULTS: Record<SettableType, ChannelChoice> = {
  invitation: { inApp: false, email: true },
  member_joined: { inApp: true, email: false },
  waypoint_reached: { inApp: true, email: true },
  milestone: { inApp: true, email: true },
  report_ready: { inApp: true, email: true },
  // A tracker that stopped feeding the team needs the person to act (reconnect,
  // open the provider's app) within hours, and each is sent once per ending or
  // quiet spell: both channels, so someone who has not opened the app hears of it.
  integration_disconnected: { inApp: true, email: true },
  sync_stale: { inApp: true, email: true }
}

/** Teammates' progress, which a daily digest may fold into one email. */
export const DIGESTIBLE: ReadonlySet<NotificationType> = new Set(['waypoint_reached', 'milestone'])

export interface StoredPreferences {
  channels: Partial<Record<string, Partial<ChannelChoice>>>
  quietStart: string | null
  quietEnd: string | null
  digest: boolean
}

export interface Preferences {
  types: Record<SettableType, ChannelChoice>
  quietHours: { start: string, end: string } | null
  digest: boolean
}

export function resolvePreferences (stored: StoredPreferences | undefined): Preferences {
  const types = {} as Record<SettableType, ChannelChoice>
  for (const type of SETTABLE_TYPES) types[type] = { ...DEFAULTS[type], ...stored?.channels[type] }
  return {
    types,
    quietHours: stored?.quietStart && stored.quietEnd ? { start: stored.quietStart, end: stored.quietEnd } : null,
    digest: stored?.digest ?? false
  }
}

export function wants (prefs: Preferences, type: NotificationType, channel: keyof ChannelChoice): boolean {
  // Digest emails are sent only to people who asked for them.
  if (type === 'digest') return channel === 'email' && prefs.digest
  return prefs.types[type][channel]
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/**
 * When quiet hours that contain `now` end, in the person's zone; null when
 * `now` is outside them. Hours may span midnight (22:00–07:00).
 */
export function quietHoursEnd (now: Date, timeZone: string, quiet: { start: string, end: string } | null): Date | null {
  if (quiet === null) return null
  const start = minutesOf(quiet.start)
  const end = minutesOf(quiet.end)
  if (start === end) return null
  const { day, minutes } = localClock(now, timeZone)
  if (start < end) {
    return minutes >= start && minutes < end ? zonedTime(day, end, timeZone) : null
  }
  if (minutes >= start) return zonedTime(addDay(day, 1), end, timeZone)
  if (minutes < end) return zonedTime(day, end, timeZone)
  return null
}
