import type { ActivityType } from '../../db/schema.ts'
export { localDayOf } from '../../lib/time-zones.ts'

/**
 * The plausibility rules and the score ledger's arithmetic, as plain
 * functions: given one user's activities of one local day and their teams,
 * what each activity credits to each team, and why that differs from what
 * it claimed. Recomputed for the whole day on every change, so the result
 * does not depend on upload order or on deletions.
 */

/** Faster than this is not the activity it says it is (km/h). */
export const SPEED_LIMITS_KMH: Record<ActivityType, number> = {
  walk: 12, hike: 12, steps: 12, run: 30, swim: 10, cycle: 80, other: 80
}
/** The most one person can credit in a day, whatever they do. */
export const DAILY_CEILING_METERS = 250_000
export const DAILY_CEILING_STEPS = 100_000

export type CreditReason = 'duplicate' | 'speed_limit' | 'daily_ceiling' | 'team_daily_cap' | 'outside_team_window' | 'late' | 'superseded_by_source' | 'covered_by_activities'

/**
 * Two timed activities that share more than this fraction of the shorter
 * one's time are the same outing recorded twice (the watch and a manual
 * entry, say): the later-starting one credits nothing.
 */
export const DUPLICATE_OVERLAP = 0.5

function overlapFraction (a: { start: number, end: number }, b: { start: number, end: number }): number {
  const shared = Math.min(a.end, b.end) - Math.max(a.start, b.start)
  const shorter = Math.min(a.end - a.start, b.end - b.start)
  return shared > 0 && shorter > 0 ? shared / shorter : 0
}

export interface DayActivity {
  id: string
  type: ActivityType
  rawMeters: number
  steps: number | null
  durationSeconds: number | null
  startedAt: Date
  /** Uploaded after the back-fill window had closed for its day. */
  late: boolean
  /** Where it came from (manual, app, healthkit, google_health, strava…). */
  source?: string
  /** A source's whole-day step total (phone health store, Google Health), not one outing. */
  dailyTotal?: boolean
}

/** Types whose distance a step counter also counts: a day's step total already includes them. */
export const ON_FOOT = new Set<ActivityType>(['walk', 'run', 'hike', 'steps'])

/**
 * Which of a day's whole-day totals counts. Sources of the same metric are
 * never summed: the user's priority decides (the first listed source that
 * has a total), else the default rule: the highest total (the most
 * complete account of the day: a phone left on a desk or a watch taken off
 * only ever loses steps), then the earliest stored.
 */
export function chooseDailyTotal<T extends Pick<DayActivity, 'id' | 'rawMeters' | 'source'>> (totals: T[], priority: readonly string[] | null): T | undefined {
  if (totals.length === 0) return undefined
  for (const source of priority ?? []) {
    const preferred = totals.filter(t => t.source === source)
    if (preferred.length > 0) return preferred.sort((a, b) => b.rawMeters - a.rawMeters)[0]
  }
  return [...totals].sort((a, b) => b.rawMeters - a.rawMeters || a.id.localeCompare(b.id))[0]
}

export interface TeamWindow {
  teamId: string
  startDate: string
  endDate: string
  dailyCapMeters: number | null
}

export interface Credit {
  activityId: string
  teamId: string
  rawMeters: number
  creditedMeters: number
  reason: CreditReason | null
  /** What the activity counts for the day before any team's rules (window, cap): the same on each of its team lines. */
  eligibleMeters: number
  /** Why `eligibleMeters` differs from the claim (null when it does not). */
  dayReason: CreditReason | null
}

/** Shift a YYYY-MM-DD day by whole days. */
export function addDays (day: string, days: number): string {
  const time = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)) + days)
  return new Date(time).toISOString().slice(0, 10)
}

/** What an activity claims: reported metres, or steps × stride length. */
export function rawMetersOf (input: { type: ActivityType, distanceMeters?: number | null, steps?: number | null }, strideLengthM: number): number {
  if (input.type === 'steps') return (input.steps ?? 0) * strideLengthM
  return input.distanceMeters ?? (input.steps ?? 0) * strideLengthM
}

/**
 * What a day's activities so far have used up, carried from one activity to
 * the next in start order: the two ceilings, the on-foot distance a daily
 * total must not count twice, each team's total against its cap, and the
 * timed outings a later recording of the same outing would duplicate.
 */
export interface DayState {
  dayMeters: number
  daySteps: number
  onFootMeters: number
  teamTotals: Map<string, number>
  counted: Array<{ start: number, end: number }>
}

export function emptyDayState (): DayState {
  return { dayMeters: 0, daySteps: 0, onFootMeters: 0, teamTotals: new Map(), counted: [] }
}

/**
 * Credits of one user's day, in the order the activities started; then the
 * day's whole-day totals. One total counts (chooseDailyTotal; the others are
 * `superseded_by_source`), and only for what the day's on-foot activities
 * did not already credit (`covered_by_activities`): the day's on-foot
 * distance is the greater of the total and the sum of the outings, never
 * both added together.
 */
export function creditDay (activities: DayActivity[], localDay: string, teams: TeamWindow[], strideLengthM: number, sourcePriority: readonly string[] | null = null): Credit[] {
  const byStart = (a: DayActivity, b: DayActivity) => a.startedAt.getTime() - b.startedAt.getTime() || a.id.localeCompare(b.id)
  const totals = activities.filter(a => a.dailyTotal === true)
  const chosen = chooseDailyTotal(totals, sourcePriority)
  const ordered = [
    ...activities.filter(a => a.dailyTotal !== true).sort(byStart),
    ...(chosen ? [chosen] : []),
    ...totals.filter(a => a !== chosen).sort(byStart)
  ]
  const state = emptyDayState()
  return ordered.flatMap(activity => creditNext(state, activity, activity === chosen, localDay, teams, strideLengthM))
}

/**
 * The credits of the day's next activity (in creditDay's order) to each
 * team, given what the earlier ones used; `state` moves past it. A day can
 * be credited one appended activity at a time from a stored state, with the
 * same arithmetic in the same order as a recomputation of the whole day.
 */
export function creditNext (state: DayState, activity: DayActivity, isChosenTotal: boolean, localDay: string, teams: TeamWindow[], strideLengthM: number): Credit[] {
  let eligible = activity.rawMeters
  let reason: CreditReason | null = null
  const interval = activity.durationSeconds === null
    ? null
    : { start: activity.startedAt.getTime(), end: activity.startedAt.getTime() + activity.durationSeconds * 1000 }
  if (interval && state.counted.some(other => overlapFraction(interval, other) > DUPLICATE_OVERLAP)) {
    eligible = 0
    reason = 'duplicate'
  } else if (interval) {
    state.counted.push(interval)
  }
  if (activity.dailyTotal === true) {
    if (!isChosenTotal) {
      eligible = 0
      reason = 'superseded_by_source'
    } else if (state.onFootMeters > 0) {
      const rest = Math.max(0, eligible - state.onFootMeters)
      if (rest < eligible) {
        eligible = rest
        reason = 'covered_by_activities'
      }
    }
  }
  if (activity.late && eligible > 0) {
    eligible = 0
    reason = 'late'
  }
  if (activity.durationSeconds !== null && eligible > 0) {
    const fastest = SPEED_LIMITS_KMH[activity.type] * 1000 * activity.durationSeconds / 3600
    if (eligible > fastest) {
      eligible = fastest
      reason = 'speed_limit'
    }
  }
  if (activity.type === 'steps' && strideLengthM > 0) {
    const stepsLeft = Math.max(0, DAILY_CEILING_STEPS - state.daySteps)
    if (eligible > stepsLeft * strideLengthM) {
      eligible = stepsLeft * strideLengthM
      reason ??= 'daily_ceiling'
    }
  }
  const metersLeft = Math.max(0, DAILY_CEILING_METERS - state.dayMeters)
  if (eligible > metersLeft) {
    eligible = metersLeft
    reason ??= 'daily_ceiling'
  }
  state.dayMeters += eligible
  // The steps the day has counted are those it credited: what is summed
  // from the stored lines when an activity is credited alone.
  if (activity.type === 'steps' && strideLengthM > 0) state.daySteps += eligible / strideLengthM
  if (activity.dailyTotal !== true && ON_FOOT.has(activity.type)) state.onFootMeters += eligible

  const line = { activityId: activity.id, rawMeters: activity.rawMeters, eligibleMeters: eligible, dayReason: reason }
  return teams.map(team => {
    if (localDay < team.startDate || localDay > team.endDate) {
      return { ...line, teamId: team.teamId, creditedMeters: 0, reason: 'outside_team_window' }
    }
    let credited = eligible
    let teamReason: CreditReason | null = reason
    if (team.dailyCapMeters !== null) {
      const left = Math.max(0, team.dailyCapMeters - (state.teamTotals.get(team.teamId) ?? 0))
      if (credited > left) {
        credited = left
        teamReason ??= 'team_daily_cap'
      }
    }
    state.teamTotals.set(team.teamId, (state.teamTotals.get(team.teamId) ?? 0) + credited)
    return { ...line, teamId: team.teamId, creditedMeters: credited, reason: teamReason }
  })
}
