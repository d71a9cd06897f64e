/**
 * Wall-clock time in IANA zones: the local day and minute of an instant, and
 * the instant of a local time (quiet hours, digests, Monday-morning reports).
 */

export function addDays (day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
}

/** The wall-clock parts of an instant in a zone. */
function partsIn (instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit'
  }).formatToParts(instant)
  const get = (type: string) => Number(parts.find(p => p.type === type)!.value)
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') }
}

/** The zone's offset from UTC at an instant, in ms. */
function offsetAt (instant: Date, timeZone: string): number {
  const p = partsIn(instant, timeZone)
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant.getTime() / 1000) * 1000
}

/** The instant a local wall-clock time happens in a zone (a time skipped by DST lands just after the gap). */
export function zonedTime (day: string, minutes: number, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const guess = Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60)
  let instant = guess - offsetAt(new Date(guess), timeZone)
  instant = guess - offsetAt(new Date(instant), timeZone)
  return new Date(instant)
}

/** The local calendar day and minute of the day of an instant. */
export function localClock (instant: Date, timeZone: string): { day: string, minutes: number } {
  const p = partsIn(instant, timeZone)
  const day = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`
  return { day, minutes: p.hour * 60 + p.minute }
}
