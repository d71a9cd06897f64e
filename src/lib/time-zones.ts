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
  // A zone already in its canonical spelling is its own answer (the common case).
  if (formatters.has(value)) return value
  return formatterFor(value).resolvedOptions().timeZone
}

/**
 * The zone's offset from UTC is constant between its transitions, which
 * fall at most once in an hour: per zone and UTC hour, the offset is
 * computed once (when it is the same at both ends of the hour) and the
 * local day is then plain arithmetic. Bounded: the table is emptied when full.
 */
const offsets = new Map<string, number>()
const MAX_OFFSETS = 50_000
const HOUR = 3_600_000

function offsetAt (instant: number, timeZone: string): number {
  const parts = offsetFormatterFor(timeZone).formatToParts(instant)
  const get = (type: string) => Number(parts.find(p => p.type === type)?.value)
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'))
  return local - Math.floor(instant / 1000) * 1000
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>()
function offsetFormatterFor (timeZone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    offsetFormatters.set(timeZone, formatter)
  }
  return formatter
}

/** The local calendar day of an instant in an IANA zone, as YYYY-MM-DD. */
export function localDayOf (instant: Date, timeZone: string): string {
  const time = instant.getTime()
  // Only canonical spellings are cached (the formatters' rule), so the table cannot be grown by inventing spellings.
  if (!formatters.has(timeZone) || !Number.isFinite(time)) return formatterFor(timeZone).format(instant)
  const hour = Math.floor(time / HOUR)
  const key = `${timeZone}|${hour}`
  let offset = offsets.get(key)
  if (offset === undefined) {
    const start = offsetAt(hour * HOUR, timeZone)
    // A transition inside this hour: no shortcut for it.
    if (start !== offsetAt(hour * HOUR + HOUR - 1000, timeZone)) return formatterFor(timeZone).format(instant)
    if (offsets.size >= MAX_OFFSETS) offsets.clear()
    offsets.set(key, start)
    offset = start
  }
  return new Date(time + offset).toISOString().slice(0, 10)
}
