import { legsOf } from '../../lib/geo.ts'
import { addDays } from '../activities/crediting.ts'
import { positionAlongRoute } from './position.ts'

/** Everything progress is computed from, read from Postgres in one go. */
export interface ProgressInputs {
  team: {
    id: string
    startDate: string
    endDate: string
    scoring: 'sum' | 'average'
  }
  waypoints: Array<{ id: string, name: string, position: number, lat: number, lon: number }>
  /** Every user with credits on the team (current members or not), plus current members without any. */
  contributors: Array<{ userId: string, displayName: string, creditedMeters: number, isMember: boolean }>
  /** Credited metres of the last seven local days (the team's today and the six before). */
  lastSevenDaysMeters: number
  lastActivity: LastActivity | null
  /** The team's local calendar day now. */
  today: string
  now: Date
}

export interface LastActivity {
  activityId: string
  userId: string
  displayName: string
  type: string
  creditedMeters: number
  startedAt: string
  localDay: string
}

interface WaypointRef { id: string, name: string, position: number }

export interface ProgressView {
  teamId: string
  scoring: 'sum' | 'average'
  totalDistance: number
  goalDistance: number
  distanceRemaining: number
  percentComplete: number
  completed: boolean
  reachedWaypoints: number
  currentLeg: { index: number, from: WaypointRef, to: WaypointRef, distanceMeters: number, coveredMeters: number } | null
  nextWaypoint: (WaypointRef & { cumulativeMeters: number }) | null
  distanceToNextWaypoint: number | null
  position: { lat: number, lon: number } | null
  pace: {
    lastSevenDaysMeters: number
    dailyMeters: number
    /** Per day, from today to the end date inclusive; null once finished or past the end date. */
    requiredDailyMeters: number | null
    daysRemaining: number
  }
  eta: { nextWaypoint: string | null, finish: string | null }
  lastActivity: LastActivity | null
  members: Array<{ userId: string, displayName: string, distanceMeters: number, sharePercent: number, isMember: boolean }>
  computedAt: string
}

const DAY_MS = 86_400_000

function daysBetween (from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

/** A day count at the current pace, as an instant; null when the pace is zero. */
function etaAt (now: Date, meters: number, dailyMeters: number): string | null {
  if (meters <= 0) return now.toISOString()
  if (dailyMeters <= 0) return null
  return new Date(now.getTime() + (meters / dailyMeters) * DAY_MS).toISOString()
}

const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places

/**
 * A team's progress from its credits and route. Pure: the same inputs give
 * the same view, so the worker can run it any number of times.
 * With `average` scoring the team moves by the credited metres per current
 * member; member contributions are always their own credited metres.
 */
export function computeProgress (inputs: ProgressInputs): ProgressView {
  const { team, waypoints, contributors, now, today } = inputs
  const memberCount = Math.max(1, contributors.filter(c => c.isMember).length)
  const scale = team.scoring === 'average' ? 1 / memberCount : 1
  const credited = contributors.reduce((sum, c) => sum + c.creditedMeters, 0)

  const { legs, totalMeters: goal } = legsOf(waypoints)
  const total = credited * scale
  const along = Math.min(total, goal)
  const completed = goal > 0 && total >= goal
  const remaining = Math.max(0, goal - total)

  // The first waypoint is the start; each later one is reached when the
  // distance covered reaches its cumulative distance.
  const reached = legs.filter(leg => leg.cumulativeMeters <= total).length
  const nextLeg = legs.find(leg => leg.cumulativeMeters > total)
  const ref = (i: number): WaypointRef => ({ id: waypoints[i]!.id, name: waypoints[i]!.name, position: waypoints[i]!.position })
  const currentLeg = nextLeg
    ? {
        index: nextLeg.fromIndex,
        from: ref(nextLeg.fromIndex),
        to: ref(nextLeg.fromIndex + 1),
        distanceMeters: round(nextLeg.distanceMeters),
        coveredMeters: round(along - (nextLeg.cumulativeMeters - nextLeg.distanceMeters))
      }
    : null
  const toNext = nextLeg ? nextLeg.cumulativeMeters - total : null

  // A challenge in its first week has fewer than seven days of pace.
  const paceDays = Math.min(7, Math.max(1, daysBetween(team.startDate, today) + 1))
  const dailyMeters = (inputs.lastSevenDaysMeters * scale) / paceDays
  const lastDay = team.endDate
  const firstDay = today < team.startDate ? team.startDate : today
  const daysRemaining = today > lastDay ? 0 : daysBetween(firstDay, lastDay) + 1
  const requiredDailyMeters = completed || daysRemaining === 0 || goal === 0 ? null : round(remaining / daysRemaining)

  return {
    teamId: team.id,
    scoring: team.scoring,
    totalDistance: round(total),
    goalDistance: round(goal),
    distanceRemaining: round(remaining),
    // Rounded down, so 100 means finished and never "almost".
    percentComplete: completed ? 100 : goal > 0 ? Math.floor((total / goal) * 10_000) / 100 : 0,
    completed,
    reachedWaypoints: reached,
    currentLeg,
    nextWaypoint: nextLeg ? { ...ref(nextLeg.fromIndex + 1), cumulativeMeters: round(nextLeg.cumulativeMeters) } : null,
    distanceToNextWaypoint: toNext === null ? null : round(toNext),
    position: waypoints.length >= 2 ? pick(positionAlongRoute(waypoints, along)) : (waypoints[0] ? { lat: waypoints[0].lat, lon: waypoints[0].lon } : null),
    pace: {
      lastSevenDaysMeters: round(inputs.lastSevenDaysMeters * scale),
      dailyMeters: round(dailyMeters),
      requiredDailyMeters,
      daysRemaining
    },
    eta: {
      nextWaypoint: toNext === null ? null : etaAt(now, toNext, dailyMeters),
      finish: goal === 0 ? null : etaAt(now, remaining, dailyMeters)
    },
    lastActivity: inputs.lastActivity,
    members: contributors
      .map(c => ({
        userId: c.userId,
        displayName: c.displayName,
        distanceMeters: round(c.creditedMeters),
        sharePercent: credited > 0 ? round((c.creditedMeters / credited) * 100) : 0,
        isMember: c.isMember
      }))
      .sort((a, b) => b.distanceMeters - a.distanceMeters || a.userId.localeCompare(b.userId)),
    computedAt: now.toISOString()
  }
}

function pick (point: { lat: number, lon: number } | null) {
  return point && { lat: round(point.lat, 6), lon: round(point.lon, 6) }
}

/** The first of the seven days that make up the team's recent pace. */
export function paceWindowStart (today: string): string {
  return addDays(today, -6)
}
