import type { Migration } from 'kysely/migration'
import * as users from './2026-11-21-0001-users.ts'
import * as teams from './2026-11-21-0002-teams.ts'
import * as waypoints from './2026-11-22-0001-waypoints.ts'
import * as activities from './2026-11-22-0002-activities.ts'
import * as progress from './2026-11-22-0003-progress.ts'
import * as creditLookups from './2026-11-22-0004-credit-lookups.ts'
import * as teamContributions from './2026-11-22-0005-team-contributions.ts'
import * as teamEvents from './2026-12-01-0101-team-events.ts'
import * as notifications from './2026-12-01-0201-notifications.ts'
import * as reports from './2026-12-01-0202-reports.ts'
import * as integrations from './2026-12-01-0301-integrations.ts'
import * as memberDayCredits from './2026-12-02-0401-member-day-credits.ts'
import * as creditStartTimes from './2026-12-02-0402-credit-start-times.ts'
import * as creditDayState from './2026-12-02-0403-credit-day-state.ts'
import * as outboxClaims from './2026-12-03-0501-outbox-claims.ts'
import * as creditMemberDayIndex from './2026-12-03-0502-credit-member-day-index.ts'

/**
 * Every migration, by date-prefixed name. Listed here rather than read from
 * disk so bundled builds (Lambda) carry them too. Append only.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-21-0001-users': users,
  '2026-11-21-0002-teams': teams,
  '2026-11-22-0001-waypoints': waypoints,
  '2026-11-22-0002-activities': activities,
  '2026-11-22-0003-progress': progress,
  '2026-11-22-0004-credit-lookups': creditLookups,
  '2026-11-22-0005-team-contributions': teamContributions,
  '2026-12-01-0101-team-events': teamEvents,
  '2026-12-01-0201-notifications': notifications,
  '2026-12-01-0202-reports': reports,
  '2026-12-01-0301-integrations': integrations,
  '2026-12-02-0401-member-day-credits': memberDayCredits,
  '2026-12-02-0402-credit-start-times': creditStartTimes,
  '2026-12-02-0403-credit-day-state': creditDayState,
  '2026-12-03-0501-outbox-claims': outboxClaims,
  '2026-12-03-0502-credit-member-day-index': creditMemberDayIndex
}
