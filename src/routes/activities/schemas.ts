import { Type, type Static } from '@sinclair/typebox'
import { Defaulted } from '../../lib/params.ts'
import { TimeZone } from '../users/schemas.ts'

export const ActivityTypeSchema = Type.Union(
  ['walk', 'run', 'cycle', 'swim', 'hike', 'steps', 'other'].map(t => Type.Literal(t)),
  { $id: 'ActivityType', description: '"steps" carries a step count (turned into distance by your stride length); the others carry distance' }
)

const Day = Type.String({ format: 'date' })
const Reason = Type.Union([
  Type.Literal('duplicate'), Type.Literal('speed_limit'), Type.Literal('daily_ceiling'), Type.Literal('team_daily_cap'),
  Type.Literal('outside_team_window'), Type.Literal('late'), Type.Literal('superseded_by_source'), Type.Literal('covered_by_activities'), Type.Null()
], { description: 'Why credited differs from raw: the same outing recorded twice (overlapping times), faster than the activity allows, over the 250 km / 100,000-step daily ceiling, over the team\'s daily cap, outside the team\'s dates, uploaded after the back-fill window, a whole-day total of another source counts for this day (`superseded_by_source`), or the day\'s walks and runs already credited part of this whole-day total (`covered_by_activities`)' })

export const LogActivityBody = Type.Object({
  type: Type.Ref(ActivityTypeSchema),
  distanceMeters: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 })),
  steps: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  durationSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 * 86_400 })),
  startedAt: Type.String({ format: 'date-time' }),
  timezone: Type.Optional(TimeZone),
  clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Your id for this activity: sending it again returns the first copy' })),
  externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'The id in the source (HealthKit, Health Connect…); unique per source' })),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9_.-]+$', description: 'manual, app, healthkit, health_connect… (google_health, strava and garmin are written by provider connections only)' })),
  dailyTotal: Type.Optional(Type.Boolean({ description: 'This is the source\'s whole-day step total for the local day of `startedAt` (type "steps", `source` required): it replaces the source\'s earlier total of that day when higher (GREATEST, so a retried older figure never lowers it) and is merged with the day\'s other sources, never added to them' }))
}, { $id: 'LogActivityBody', additionalProperties: false })

export const ActivityCredit = Type.Object({
  teamId: Type.String({ format: 'uuid' }),
  rawMeters: Type.Number(),
  creditedMeters: Type.Number(),
  reason: Reason
}, { $id: 'ActivityCredit', additionalProperties: false })

export const Activity = Type.Object({
  id: Type.String({ format: 'uuid' }),
  type: Type.Ref(ActivityTypeSchema),
  distanceMeters: Type.Union([Type.Number(), Type.Null()]),
  steps: Type.Union([Type.Integer(), Type.Null()]),
  durationSeconds: Type.Union([Type.Integer(), Type.Null()]),
  startedAt: Type.String({ format: 'date-time' }),
  timezone: Type.String(),
  localDay: Type.String({ format: 'date', description: 'The calendar day it counts for, in its time zone' }),
  source: Type.String(),
  clientId: Type.Union([Type.String(), Type.Null()]),
  externalId: Type.Union([Type.String(), Type.Null()]),
  rawMeters: Type.Number({ description: 'What it claims: distance, or steps × stride' }),
  credits: Type.Array(Type.Ref(ActivityCredit), { description: 'What it credited to each of your teams' }),
  createdAt: Type.String({ format: 'date-time' })
}, { $id: 'Activity', additionalProperties: false })

export const LoggedActivity = Type.Object({
  activity: Type.Ref(Activity),
  duplicate: Type.Boolean({ description: 'True when this clientId/externalId was already uploaded: nothing was added' })
}, { $id: 'LoggedActivity', additionalProperties: false })

export const SyncBody = Type.Object({
  items: Type.Array(Type.Ref(LogActivityBody), { minItems: 1, maxItems: 500 })
}, { $id: 'SyncBody', additionalProperties: false })

export const SyncResult = Type.Object({
  results: Type.Array(Type.Object({
    index: Type.Integer(),
    status: Type.Union([Type.Literal('created'), Type.Literal('updated'), Type.Literal('duplicate'), Type.Literal('rejected')], { description: '`updated`: a higher daily total replaced the source\'s earlier one' }),
    activityId: Type.Optional(Type.String({ format: 'uuid' })),
    error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() }))
  }, { additionalProperties: false })),
  created: Type.Integer(),
  updated: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Integer()
}, { $id: 'SyncResult', additionalProperties: false })

export const ListActivitiesQuery = Type.Object({
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  type: Type.Optional(Type.Ref(ActivityTypeSchema)),
  teamId: Type.Optional(Type.String({ format: 'uuid' })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  limit: Defaulted(Type.Integer({ minimum: 1, maximum: 100, default: 20 }))
}, { additionalProperties: false })

export const LedgerQuery = Type.Object({
  teamId: Type.String({ format: 'uuid' }),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  limit: Defaulted(Type.Integer({ minimum: 1, maximum: 500, default: 100 }))
}, { additionalProperties: false })

export const LedgerLine = Type.Object({
  activityId: Type.String({ format: 'uuid' }),
  userId: Type.String({ format: 'uuid' }),
  displayName: Type.String(),
  type: Type.Union([Type.Ref(ActivityTypeSchema), Type.Null()], { description: 'null when `detailsHidden`' }),
  startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  localDay: Type.String({ format: 'date' }),
  source: Type.Union([Type.String(), Type.Null()], { description: 'Where it came from (manual, healthkit, google_health, strava…)' }),
  rawMeters: Type.Union([Type.Number(), Type.Null()]),
  creditedMeters: Type.Number(),
  reason: Reason,
  detailsHidden: Type.Boolean({ description: 'Another member\'s activity from a source whose terms allow showing it to its owner only (Strava): its credited metres, nothing else' })
}, { $id: 'LedgerLine', additionalProperties: false })

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Retry safely: the same key and body return the first response (kept 24 h)' }))
})

export const ACTIVITY_SCHEMAS = [ActivityTypeSchema, LogActivityBody, ActivityCredit, Activity, LoggedActivity, SyncBody, SyncResult, LedgerLine]

export type LogActivityInput = Static<typeof LogActivityBody>
export type ActivityView = Static<typeof Activity>
export type SyncResultView = Static<typeof SyncResult>
export type ListActivitiesInput = Static<typeof ListActivitiesQuery>
export type LedgerQueryInput = Static<typeof LedgerQuery>
export type LedgerLineView = Static<typeof LedgerLine>
