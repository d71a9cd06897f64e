import { Type } from '@sinclair/typebox'
import { PageQuery } from '../../lib/pagination.ts'

const Uuid = Type.String({ format: 'uuid' })
const Day = Type.String({ format: 'date' })
const Meters = (description: string) => Type.Number({ description: `${description}, metres` })

const MemberLine = Type.Object({
  userId: Uuid,
  displayName: Type.String(),
  isMember: Type.Boolean({ description: 'False for people who have left (their metres stay with the team)' }),
  weekMeters: Meters('Credited this week'),
  toDateMeters: Meters('Credited from the start to the end of the week'),
  activeDays: Type.Integer({ minimum: 0, maximum: 7 }),
  streakDays: Type.Integer({ minimum: 0, description: 'Consecutive active days ending on the week\'s Sunday' }),
  longestStreakInWeek: Type.Integer({ minimum: 0, maximum: 7 })
}, { additionalProperties: false })

export const WeeklyReport = Type.Object({
  teamId: Uuid,
  teamName: Type.String(),
  week: Type.String({ examples: ['2026-W47'], description: 'ISO week' }),
  from: Day,
  to: Day,
  timezone: Type.String(),
  scoring: Type.Union([Type.Literal('sum'), Type.Literal('average')]),
  goalDistance: Meters('The route\'s length'),
  totals: Type.Object({
    weekMeters: Meters('Credited this week, all members'),
    toDateMeters: Meters('Credited up to the end of the week'),
    progressMeters: Meters('How far the team has come (per member with average scoring)'),
    percentComplete: Type.Number({ minimum: 0, maximum: 100 })
  }, { additionalProperties: false }),
  pace: Type.Object({
    achievedDailyMeters: Meters('Per day this week, as the team moves'),
    requiredDailyMeters: Type.Union([Type.Number(), Type.Null()], { description: 'Per day from the next day to the end date to finish on time; null once finished or past the end' }),
    daysRemaining: Type.Integer({ minimum: 0 })
  }, { additionalProperties: false }),
  daily: Type.Array(Type.Object({ day: Day, meters: Type.Number() }, { additionalProperties: false }), { description: 'Team distance per day, Monday to Sunday' }),
  members: Type.Array(MemberLine),
  topContributors: Type.Array(Type.Object({ userId: Uuid, displayName: Type.String(), weekMeters: Type.Number() }, { additionalProperties: false })),
  waypointsReached: Type.Array(Type.Object({ waypointId: Uuid, name: Type.String(), position: Type.Integer(), reachedAt: Type.String({ format: 'date-time' }) }, { additionalProperties: false }))
}, { $id: 'WeeklyReport', additionalProperties: false })

/** What a report and its line in the team's list both say of it. */
const reportHeading = {
  id: Uuid,
  teamId: Uuid,
  week: Type.String({ examples: ['2026-W47'] }),
  from: Day,
  to: Day,
  generatedAt: Type.String({ format: 'date-time' })
}

export const Report = Type.Object({
  ...reportHeading,
  report: Type.Ref(WeeklyReport)
}, { $id: 'Report', additionalProperties: false })

export const ReportSummary = Type.Object({
  ...reportHeading,
  weekMeters: Type.Number(),
  percentComplete: Type.Number()
}, { $id: 'ReportSummary', additionalProperties: false })

export const ReportsQuery = PageQuery

export const ReportFormatQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('html')], {
    description: 'Overrides the Accept header (text/csv, text/html, application/json)'
  }))
}, { additionalProperties: false })

export const REPORT_SCHEMAS = [WeeklyReport, Report, ReportSummary]
