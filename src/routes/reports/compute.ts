import { addDays, daysBetween } from './weeks.ts'

/** What a weekly report is computed from (read by repository.ts). */
export interface ReportInputs {
  team: { id: string, name: string, timezone: string, startDate: string, endDate: string, scoring: 'sum' | 'average', goalMeters: number }
  week: string
  from: string
  to: string
  /** Current members and everyone else with credits up to `to`. */
  people: Array<{ userId: string, displayName: string, isMember: boolean }>
  /** Credited metres per person and local day, for every day up to `to`. */
  credits: Array<{ userId: string, day: string, meters: number }>
  /** Waypoints first reached inside the week (in the team's time zone). */
  arrivals: Array<{ waypointId: string, name: string, position: number, reachedAt: string }>
}

export interface MemberLine {
  userId: string
  displayName: string
  isMember: boolean
  weekMeters: number
  toDateMeters: number
  activeDays: number
  /** Consecutive active days ending on the week's last day, counting back before the week too (0 if Sunday was idle). */
  streakDays: number
  /** The longest run of consecutive active days inside the week. */
  longestStreakInWeek: number
}

export interface WeeklyReport {
  teamId: string
  teamName: string
  week: string
  from: string
  to: string
  timezone: string
  scoring: 'sum' | 'average'
  goalDistance: number
  totals: {
    /** Credited this week, all members. */
    weekMeters: number
    /** Credited from the start up to the end of the week. */
    toDateMeters: number
    /** How far the team has come (per member with average scoring). */
    progressMeters: number
    percentComplete: number
  }
  pace: {
    /** Per day over the week, as the team moves (average scoring divides by members). */
    achievedDailyMeters: number
    /** Per day from the day after the week to the end date; null once finished or past the end date. */
    requiredDailyMeters: number | null
    daysRemaining: number
  }
  daily: Array<{ day: string, meters: number }>
  members: MemberLine[]
  topContributors: Array<{ userId: string, displayName: string, weekMeters: number }>
  waypointsReached: ReportInputs['arrivals']
}

const round = (n: number) => Math.round(n * 100) / 100

/** The report, from its inputs only: the same inputs, the same report. */
export function computeReport (inputs: ReportInputs): WeeklyReport {
  const { team, from, to } = inputs
  const days = daysBetween(from, to)
  const inWeek = (day: string) => day >= from && day <= to
  const byPerson = new Map<string, Map<string, number>>()
  for (const c of inputs.credits) {
    if (c.day > to) continue
    const daysOf = byPerson.get(c.userId) ?? new Map<string, number>()
    daysOf.set(c.day, (daysOf.get(c.day) ?? 0) + c.meters)
    byPerson.set(c.userId, daysOf)
  }

  const members: MemberLine[] = inputs.people.map(person => {
    const daysOf = byPerson.get(person.userId) ?? new Map<string, number>()
    let week = 0
    let toDate = 0
    let activeDays = 0
    for (const [day, meters] of daysOf) {
      toDate += meters
      if (inWeek(day)) {
        week += meters
        if (meters > 0) activeDays++
      }
    }
    let streak = 0
    for (let day = to; (daysOf.get(day) ?? 0) > 0; day = addDays(day, -1)) streak++
    let longest = 0
    let run = 0
    for (const day of days) {
      run = (daysOf.get(day) ?? 0) > 0 ? run + 1 : 0
      longest = Math.max(longest, run)
    }
    return {
      userId: person.userId,
      displayName: person.displayName,
      isMember: person.isMember,
      weekMeters: round(week),
      toDateMeters: round(toDate),
      activeDays,
      streakDays: streak,
      longestStreakInWeek: longest
    }
  }).sort((a, b) => b.weekMeters - a.weekMeters || b.toDateMeters - a.toDateMeters || a.displayName.localeCompare(b.displayName))

  const memberCount = Math.max(1, inputs.people.filter(p => p.isMember).length)
  const scale = team.scoring === 'average' ? 1 / memberCount : 1
  const weekMeters = inputs.credits.filter(c => inWeek(c.day)).reduce((s, c) => s + c.meters, 0)
  const toDateMeters = inputs.credits.filter(c => c.day <= to).reduce((s, c) => s + c.meters, 0)
  const progress = toDateMeters * scale
  const goal = team.goalMeters
  const completed = goal > 0 && progress >= goal
  const firstLeft = addDays(to, 1) < team.startDate ? team.startDate : addDays(to, 1)
  const daysRemaining = firstLeft > team.endDate ? 0 : daysBetween(firstLeft, team.endDate).length

  return {
    teamId: team.id,
    teamName: team.name,
    week: inputs.week,
    from,
    to,
    timezone: team.timezone,
    scoring: team.scoring,
    goalDistance: round(goal),
    totals: {
      weekMeters: round(weekMeters),
      toDateMeters: round(toDateMeters),
      progressMeters: round(progress),
      percentComplete: completed ? 100 : goal > 0 ? Math.floor((progress / goal) * 10_000) / 100 : 0
    },
    pace: {
      achievedDailyMeters: round((weekMeters * scale) / 7),
      requiredDailyMeters: completed || daysRemaining === 0 || goal === 0 ? null : round((goal - progress) / daysRemaining),
      daysRemaining
    },
    daily: days.map(day => ({ day, meters: round(inputs.credits.filter(c => c.day === day).reduce((s, c) => s + c.meters, 0)) })),
    members,
    topContributors: members.filter(m => m.weekMeters > 0).slice(0, 3).map(m => ({ userId: m.userId, displayName: m.displayName, weekMeters: m.weekMeters })),
    waypointsReached: inputs.arrivals
  }
}
