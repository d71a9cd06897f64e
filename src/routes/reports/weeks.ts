/** ISO-8601 weeks (Monday to Sunday; week 1 holds the year's first Thursday) on calendar days. */

const DAY_MS = 86_400_000
const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`)
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export function addDays (day: string, n: number): string {
  return toDay(toMs(day) + n * DAY_MS)
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday (day: string): number {
  return ((new Date(toMs(day)).getUTCDay() + 6) % 7) + 1
}

/** The ISO week of a day, as "2026-W47". */
export function isoWeekOf (day: string): string {
  const thursday = addDays(day, 4 - isoWeekday(day))
  const year = Number(thursday.slice(0, 4))
  const week = Math.floor((toMs(thursday) - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** Monday and Sunday of an ISO week ("2026-W47" → 2026-11-16 … 2026-11-22); undefined for a week the year does not have. */
export function weekRange (week: string): { from: string, to: string } | undefined {
  const match = /^(\d{4})-W(\d{2})$/.exec(week)
  if (!match) return undefined
  const year = Number(match[1])
  const n = Number(match[2])
  // 4 January is always in week 1.
  const jan4 = toDay(Date.UTC(year, 0, 4))
  const from = addDays(addDays(jan4, 1 - isoWeekday(jan4)), (n - 1) * 7)
  if (n < 1 || isoWeekOf(from) !== week) return undefined
  return { from, to: addDays(from, 6) }
}

/** Every day from `from` to `to` inclusive. */
export function daysBetween (from: string, to: string): string[] {
  const days: string[] = []
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day)
  return days
}
