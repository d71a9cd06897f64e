/**
 * Intl.DateTimeFormat is costly to build (tens of microseconds) and there
 * are only a few hundred zones: build each zone's formatter once, keyed by
 * its canonical name only. Other spellings ("europe/LONDON") are checked
 * without caching, so the cache cannot be grown by inventing spellings.
 */
const formatters = new Map<string, Intl.DateTimeFormat>()

// Region/City names and UTC-style names; not "+05:00" offsets, which Intl
// also accepts but which are not IANA zones.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/

function build (timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
}

function formatterFor (timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone)
  if (cached) return cached
  const formatter = build(timeZone)
  const canonical = formatter.resolvedOptions().timeZone
  if (!formatters.has(canonical)) formatters.set(canonical, canonical === timeZone ? formatter : build(canonical))
  return formatters.get(canonical)!
}

/** True for IANA zone names the runtime knows ("Europe/London", "UTC"). */
export function isIanaTimeZone (value: string): boolean {
  if (value.length === 0 || value.length > 64 || !ZONE_NAME.test(value)) return false
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
