import type { Db } from '../../db/database.ts'
import { recordEvent } from '../../db/outbox.ts'
import { computeReport } from './compute.ts'
import { localClock, zonedTime } from '../../lib/wall-clock.ts'
import { findTeamForReport, reportExists, reportInputs, teamsActiveBetween, upsertReport, type TeamForReport } from './repository.ts'
import { addDays, isoWeekday, isoWeekOf, weekRange } from './weeks.ts'

export interface ReportSettings {
  /** Local hour on Monday from which last week's report is due. */
  reportHour: number
}

export interface ReportJobDeps {
  db: Db
  reportSettings: ReportSettings
  publishEvents: () => Promise<unknown>
  now?: (() => Date) | undefined
}

/** The week that last ended for a team, and whether its report is due (Monday REPORT_HOUR has come). */
function lastWeekOf (team: TeamForReport, now: Date, reportHour: number): { week: string, due: boolean } {
  const today = localClock(now, team.timezone).day
  const monday = addDays(today, 1 - isoWeekday(today))
  const week = isoWeekOf(addDays(monday, -7))
  return { week, due: now >= zonedTime(monday, reportHour * 60, team.timezone) }
}

async function generate (deps: ReportJobDeps, team: TeamForReport, week: string): Promise<{ teamId: string, week: string, reportId: string, replaced: boolean }> {
  const range = weekRange(week)!
  const stored = await deps.db.transaction().execute(async (tx) => {
    const report = computeReport(await reportInputs(tx, team, week, range.from, range.to))
    const { id, inserted } = await upsertReport(tx, { teamId: team.id, week, from: range.from, to: range.to, data: report })
    // Told once per team and week: a rerun replaces the numbers quietly.
    if (inserted) await recordEvent(tx, { type: 'report.ready', teamId: team.id, payload: { teamId: team.id, reportId: id, week } })
    return { id, inserted }
  })
  return { teamId: team.id, week, reportId: stored.id, replaced: !stored.inserted }
}

/**
 * The `generate-reports` job. With a team and a week: that report, now
 * (replacing an earlier one). With a team: its last full week. With
 * neither (the hourly schedule): every team's last full week once its
 * Monday REPORT_HOUR has come in the team's time zone, if not generated yet.
 */
export async function generateReports (deps: ReportJobDeps, payload: { teamId?: string | undefined, week?: string | undefined }) {
  const now = deps.now?.() ?? new Date()
  const results: Array<Awaited<ReturnType<typeof generate>>> = []
  if (payload.teamId !== undefined) {
    const team = await findTeamForReport(deps.db, payload.teamId)
    if (!team) return { reports: [], skipped: 'team not found' }
    const week = payload.week ?? lastWeekOf(team, now, deps.reportSettings.reportHour).week
    if (!weekRange(week)) return { reports: [], skipped: `no such week ${week}` }
    results.push(await generate(deps, team, week))
  } else {
    // Any team whose dates touch the last two weeks (each zone's "last week" differs by at most a day).
    const today = now.toISOString().slice(0, 10)
    for (const team of await teamsActiveBetween(deps.db, addDays(today, -15), addDays(today, 1))) {
      const { week, due } = lastWeekOf(team, now, deps.reportSettings.reportHour)
      const range = weekRange(week)!
      if (!due || team.start_date > range.to || team.end_date < range.from) continue
      if (payload.week !== undefined && payload.week !== week) continue
      if (await reportExists(deps.db, team.id, week)) continue
      results.push(await generate(deps, team, week))
    }
  }
  if (results.some(r => !r.replaced)) await deps.publishEvents()
  return { reports: results }
}
