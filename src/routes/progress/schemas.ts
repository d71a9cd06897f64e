import { Type, type Static } from '@sinclair/typebox'
import { Defaulted } from '../../lib/params.ts'

const Uuid = Type.String({ format: 'uuid' })
const Meters = (description: string, example: number) => Type.Number({ description: `${description}, metres`, examples: [example] })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

const WaypointRef = Type.Object({
  id: Uuid,
  name: Type.String(),
  position: Type.Integer({ description: '0-based place in the route' })
}, { additionalProperties: false })

export const TeamProgress = Type.Object({
  teamId: Uuid,
  scoring: Type.Union([Type.Literal('sum'), Type.Literal('average')]),
  totalDistance: Meters('How far the team has come: credited metres, or credited metres per member with average scoring', 412345.6),
  goalDistance: Meters('The route\'s length', 1407031.2),
  distanceRemaining: Meters('Left to the finish', 994685.6),
  percentComplete: Type.Number({ minimum: 0, maximum: 100, description: 'Rounded down to two decimals: 100 only once finished', examples: [29.3] }),
  completed: Type.Boolean(),
  reachedWaypoints: Type.Integer({ description: 'Waypoints after the start that the team has reached' }),
  currentLeg: Nullable(Type.Object({
    index: Type.Integer({ description: 'Position of the leg\'s first waypoint' }),
    from: WaypointRef,
    to: WaypointRef,
    distanceMeters: Type.Number(),
    coveredMeters: Type.Number({ description: 'How far along this leg the team is' })
  }, { additionalProperties: false, description: 'The leg the team is on; null before a route exists or after the finish' })),
  nextWaypoint: Nullable(Type.Object({
    ...WaypointRef.properties,
    cumulativeMeters: Type.Number({ description: 'Its distance from the start' })
  }, { additionalProperties: false })),
  distanceToNextWaypoint: Nullable(Type.Number()),
  position: Nullable(Type.Object({ lat: Type.Number(), lon: Type.Number() }, {
    additionalProperties: false, description: 'Where the team is along the route'
  })),
  pace: Type.Object({
    lastSevenDaysMeters: Meters('Credited over the team\'s last seven local days', 84000),
    dailyMeters: Meters('The seven-day pace per day (fewer days in the first week)', 12000),
    requiredDailyMeters: Nullable(Type.Number({ description: 'Per day from today to the end date to finish in time; null once finished or past the end date' })),
    daysRemaining: Type.Integer({ description: 'Days left including today (0 after the end date)' })
  }, { additionalProperties: false }),
  eta: Type.Object({
    nextWaypoint: Nullable(Type.String({ format: 'date-time' })),
    finish: Nullable(Type.String({ format: 'date-time', description: 'At the seven-day pace; null when the pace is zero' }))
  }, { additionalProperties: false }),
  lastActivity: Nullable(Type.Object({
    activityId: Uuid,
    userId: Uuid,
    displayName: Type.String(),
    type: Type.String(),
    creditedMeters: Type.Number(),
    startedAt: Type.String({ format: 'date-time' }),
    localDay: Type.String({ format: 'date' })
  }, { additionalProperties: false, description: 'The latest activity (by day, then start) that credited the team something' })),
  members: Type.Array(Type.Object({
    userId: Uuid,
    displayName: Type.String(),
    distanceMeters: Meters('Credited to the team', 52310),
    sharePercent: Type.Number(),
    isMember: Type.Boolean({ description: 'False for people who left: their metres still count' })
  }, { additionalProperties: false })),
  computedAt: Type.String({ format: 'date-time', description: 'When the aggregation worker computed this' })
}, { $id: 'TeamProgress', additionalProperties: false })

export const MemberStanding = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  userId: Uuid,
  displayName: Type.String(),
  distanceMeters: Type.Number()
}, { $id: 'MemberStanding', additionalProperties: false })

export const TeamStanding = Type.Object({
  rank: Type.Integer({ minimum: 1, description: 'Place among the teams you can see' }),
  teamId: Uuid,
  name: Type.String(),
  visibility: Type.Union([Type.Literal('private'), Type.Literal('public')]),
  percentComplete: Type.Number(),
  totalDistance: Type.Number(),
  goalDistance: Type.Number(),
  isMember: Type.Boolean({ description: 'You are on this team' })
}, { $id: 'TeamStanding', additionalProperties: false })

export const LeaderboardQuery = Type.Object({
  limit: Defaulted(Type.Integer({ minimum: 1, maximum: 100, default: 20 }))
}, { additionalProperties: false })

export const PROGRESS_SCHEMAS = [TeamProgress, MemberStanding, TeamStanding]

export type TeamProgressView = Static<typeof TeamProgress>
export type MemberStandingView = Static<typeof MemberStanding>
export type TeamStandingView = Static<typeof TeamStanding>
