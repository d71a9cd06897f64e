/**
 * Intl.DateTimeFormat is costly to build (tens of microseconds) and there
 * are only a few hundred zones: build each zone's formatter once.
 */
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor (timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** True for IANA zone names the runtime knows ("Europe/London", "UTC"). */
export function isIanaTimeZone (value: string): boolean {
  if (value.length === 0 || value.length > 64) return false
  if (formatters.has(value)) return true
  try {
    formatterFor(value)
    return true
  } catch {
    return false
  }
}

/** The canonical spelling of a valid zone ("europe/london" → "Europe/London"). */
export function canonicalTimeZone (value: string): string {
  return formatterFor(value).resolvedOptions().timeZone
}

/** The local calendar day of an instant in an IANA zone, as YYYY-MM-DD. */
export function localDayOf (instant: Date, timeZone: string): string {
  return formatterFor(timeZone).format(instant)
}
