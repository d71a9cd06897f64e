import { stringify } from 'csv-stringify/sync'
import { escapeHtml } from '../../lib/html.ts'
import type { WeeklyReport } from './compute.ts'

export type Units = 'metric' | 'imperial'

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
 * return) as a formula: such text gets a leading apostrophe (OWASP's CSV
 * injection advice), so a display name like "=HYPERLINK(…)" stays text.
 */
export function csvSafe (value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

/** One row per person (metres), then the team's total. */
export function reportCsv (report: WeeklyReport): string {
  const rows: Array<Array<string | number>> = [
    ['week', 'user_id', 'display_name', 'current_member', 'week_meters', 'to_date_meters', 'active_days', 'streak_days', 'longest_streak_in_week']
  ]
  for (const m of report.members) {
    rows.push([report.week, m.userId, csvSafe(m.displayName), m.isMember ? 'yes' : 'no', m.weekMeters, m.toDateMeters, m.activeDays, m.streakDays, m.longestStreakInWeek])
  }
  rows.push([report.week, '', 'TOTAL', '', report.totals.weekMeters, report.totals.toDateMeters, '', '', ''])
  return stringify(rows, { record_delimiter: '\r\n' })
}

function distance (meters: number, units: Units, digits = 1): string {
  const value = units === 'imperial' ? meters / 1609.344 : meters / 1000
  return `${value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${units === 'imperial' ? 'mi' : 'km'}`
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

/** A bar chart of the week's daily team distance, as inline SVG (no scripts, fonts or external references). */
export function dailyChart (report: WeeklyReport, units: Units): string {
  const width = 340
  const height = 200
  const top = 24
  const bottom = 28
  const left = 8
  const plot = height - top - bottom
  const max = Math.max(1, ...report.daily.map(d => d.meters))
  const slot = (width - left * 2) / report.daily.length
  const bars = report.daily.map((d, i) => {
    const h = Math.round((d.meters / max) * plot)
    const x = Math.round(left + i * slot + slot * 0.15)
    const w = Math.round(slot * 0.7)
    const label = distance(d.meters, units)
    return `<g><title>${escapeHtml(`${d.day}: ${label}`)}</title>` +
      `<rect class="bar" x="${x}" y="${top + plot - h}" width="${w}" height="${h}" rx="2" fill="#0b6e4f"/>` +
      `<text x="${x + w / 2}" y="${top + plot - h - 4}" font-size="9" text-anchor="middle" fill="#1f2933">${escapeHtml(d.meters > 0 ? distance(d.meters, units, 0) : '')}</text>` +
      `<text x="${x + w / 2}" y="${height - 10}" font-size="11" text-anchor="middle" fill="#52606d">${WEEKDAYS[i] ?? ''}</text></g>`
  }).join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="chart-title">` +
    `<title id="chart-title">Daily team distance, ${escapeHtml(report.from)} to ${escapeHtml(report.to)}</title>` +
    `<line x1="${left}" y1="${top + plot}" x2="${width - left}" y2="${top + plot}" stroke="#9aa5b1"/>${bars}</svg>`
}

/** The HTML report: readable on a phone, printable, self-contained (its CSP allows nothing external). */
export function reportHtml (report: WeeklyReport, units: Units): string {
  const e = escapeHtml
  const pct = `${report.totals.percentComplete.toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`
  const members = report.members.map(m => `<tr><td>${e(m.displayName)}${m.isMember ? '' : ' <small>(left)</small>'}</td>` +
    `<td class="n">${e(distance(m.weekMeters, units))}</td><td class="n">${e(distance(m.toDateMeters, units))}</td>` +
    `<td class="n">${m.activeDays}</td><td class="n">${m.streakDays}</td></tr>`).join('\n')
  const arrivals = report.waypointsReached.length === 0
    ? '<p>No new waypoints this week.</p>'
    : `<ul>${report.waypointsReached.map(w => `<li>${e(w.name)} <small>(waypoint ${w.position})</small></li>`).join('')}</ul>`
  const top = report.topContributors.length === 0
    ? '<p>Nobody moved the team this week.</p>'
    : `<ol>${report.topContributors.map(c => `<li>${e(c.displayName)}: ${e(distance(c.weekMeters, units))}</li>`).join('')}</ol>`
  const required = report.pace.requiredDailyMeters === null
    ? (report.totals.percentComplete >= 100 ? 'Finished!' : 'The challenge has ended.')
    : `${e(distance(report.pace.requiredDailyMeters, units))} a day for ${report.pace.daysRemaining} days to finish on time`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(report.teamName)}: weekly report ${e(report.week)}</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2933;max-width:40rem;margin:0 auto;padding:1rem;line-height:1.4}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1.4rem 0 .4rem}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.5rem}
.stat{border:1px solid #d9e2ec;border-radius:8px;padding:.5rem .7rem}.stat b{display:block;font-size:1.2rem}
table{width:100%;border-collapse:collapse;font-size:.95rem}td:first-child{overflow-wrap:anywhere}th,td{padding:.35rem .3rem;border-bottom:1px solid #e4e7eb;text-align:left}.n{text-align:right;white-space:nowrap}
@media print{body{max-width:none;color:#000}.stat{break-inside:avoid}a{color:#000}}
</style></head><body>
<header><p>${e(report.from)} – ${e(report.to)} · ${e(report.week)}</p><h1>${e(report.teamName)}</h1></header>
<section class="stats">
<div class="stat">This week<b>${e(distance(report.totals.weekMeters, units))}</b></div>
<div class="stat">So far<b>${e(distance(report.totals.progressMeters, units))}</b></div>
<div class="stat">Route complete<b>${e(pct)}</b></div>
<div class="stat">Pace this week<b>${e(distance(report.pace.achievedDailyMeters, units))}/day</b></div>
</section>
<p>Needed: ${required}.</p>
<h2>Daily distance</h2>
<figure style="margin:0">${dailyChart(report, units)}</figure>
<h2>Waypoints reached</h2>
${arrivals}
<h2>Top contributors</h2>
${top}
<h2>Members</h2>
<table><thead><tr><th>Member</th><th class="n">Week</th><th class="n">To date</th><th class="n">Active days</th><th class="n">Streak</th></tr></thead>
<tbody>
${members}
</tbody></table>
</body></html>`
}

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
