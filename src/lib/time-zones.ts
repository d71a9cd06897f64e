/** True for IANA zone names the runtime knows ("Europe/London", "UTC"). */
export function isIanaTimeZone (value: string): boolean {
  if (value.length === 0 || value.length > 64) return false
  try {
    // eslint-disable-next-line no-new
    new Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false
  }
}

/** The canonical spelling of a valid zone ("europe/london" → "Europe/London"). */
export function canonicalTimeZone (value: string): string {
  return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone
}
