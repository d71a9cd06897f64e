import type { Db } from '../../db/database.ts'
import type { ReportRow } from '../../db/schema.ts'
import { AppError } from '../../lib/errors.ts'
import { decodeCursor, pageOf } from '../../lib/pagination.ts'
import type { WeeklyReport } from './compute.ts'
import { findReportForMember, isMember, listReports, userUnits } from './repository.ts'

const view = (row: ReportRow) => ({
  id: row.id,
  teamId: row.team_id,
  week: row.week,
  from: row.from_day,
  to: row.to_day,
  generatedAt: row.generated_at.toISOString()
})

/** Weekly reports, for members of their team only. */
export function createReportService (db: Db) {
  return {
    async list (userId: string, teamId: string, query: { cursor?: string | undefined, limit: number }) {
      if (!(await isMember(db, teamId, userId))) throw new AppError('TEAM_NOT_FOUND')
      const after = decodeCursor(query.cursor, { fromDay: 'day' })
      const rows = await listReports(db, teamId, query.limit, after?.fromDay)
      const { page, nextCursor } = pageOf(rows, query.limit, r => ({ fromDay: r.from_day }))
      return {
        data: page.map(row => {
          const report = row.data as WeeklyReport
          return { ...view(row), weekMeters: report.totals.weekMeters, percentComplete: report.totals.percentComplete }
        }),
        nextCursor
      }
    },

    async get (userId: string, reportId: string) {
      const row = await findReportForMember(db, reportId, userId)
      if (!row) throw new AppError('REPORT_NOT_FOUND')
      return { ...view(row), report: row.data as WeeklyReport, units: await userUnits(db, userId) }
    }
  }
}

export type ReportService = ReturnType<typeof createReportService>
