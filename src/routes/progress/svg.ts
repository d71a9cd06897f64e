import LatLon from 'geodesy/latlon-spherical.js'

export interface ProgressPicture {
  teamName: string
  /** The route in order; cumulativeMeters is the distance along the route from the first waypoint. */
  waypoints: Array<{ name: string, lat: number, lon: number, cumulativeMeters: number }>
  /** How far the team has come along the route. */
  totalDistanceMeters: number
  /** The route's length. */
  goalDistanceMeters: number
  /** 0..100 */
  percentComplete: number
  /** Where the team is now along the route (interpolated), or null with fewer than 2 waypoints. */
  position: { lat: number, lon: number } | null
  units: 'metric' | 'imperial'
}

interface Point { lat: number, lon: number }
interface Xy { x: number, y: number }
interface Box { x0: number, x1: number, y0: number, y1: number }

// A phone-sized portrait canvas; the viewBox lets it scale to any width.
const WIDTH = 360
const HEIGHT = 640
const MAP = { x: 12, y: 112, width: 336, height: 436 }
// Room around the route inside the map so end markers and labels stay inside it.
const MAP_PADDING = 30
const METERS_PER_MILE = 1609.344
// Great-circle legs are drawn through points this many degrees apart, so a long
// leg bows like the real route and the position marker (on the great circle) sits on it.
const ARC_STEP_DEGREES = 1
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif'
const COLOUR = {
  page: '#f4f6f8',
  map: '#ffffff',
  border: '#d9e2ec',
  ink: '#1f2933',
  muted: '#52606d',
  covered: '#0b7a6d',
  coveredDark: '#074e45',
  ahead: '#9aa5b1',
  marker: '#e8590c'
}

/**
 * A self-contained SVG of a team's route and how far along it the team is,
 * sized for a phone. Nothing in it loads anything: no images, fonts or scripts.
 */
export function renderProgressSvg (picture: ProgressPicture): string {
  const units = picture.units
  const total = Math.max(0, finite(picture.totalDistanceMeters))
  const goal = Math.max(0, finite(picture.goalDistanceMeters))
  const share = Math.min(100, Math.max(0, finite(picture.percentComplete)))
  const percent = `${share.toFixed(1)}%`
  const waypoints = picture.waypoints.filter(w => Number.isFinite(w.lat) && Number.isFinite(w.lon))
  const next = waypoints.find(w => finite(w.cumulativeMeters) > total)
  const distances = `${formatDistance(total, units)} of ${formatDistance(goal, units)}`
  const status = (nameLength: number) => {
    if (waypoints.length === 0) return 'Add waypoints to plan the journey'
    if (next) return `Next: ${truncate(next.name, nameLength)} in ${formatDistance(finite(next.cumulativeMeters) - total, units)}`
    // One waypoint, or several on one spot, make a route of no length: nothing to complete yet.
    if (waypoints.length === 1 || goal === 0) return 'Add a waypoint further on to make a route'
    return 'Route complete!'
  }
  // What is drawn is cut to fit the screen; what is read out (title, aria-label) need not be.
  const team = truncate(picture.teamName, 26) || 'Your team'
  const summary = `${truncate(picture.teamName, 120) || 'Your team'}: ${percent} complete, ${distances}. ${status(120)}`

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeXml(summary)}" font-family="${FONT}">`,
    `<title>${escapeXml(summary)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="${COLOUR.page}"/>`,
    header(team, percent, share),
    `<rect x="${MAP.x}" y="${MAP.y}" width="${MAP.width}" height="${MAP.height}" rx="16" fill="${COLOUR.map}" stroke="${COLOUR.border}"/>`,
    waypoints.length === 0 ? emptyMap() : routeMap(waypoints, total, picture.position),
    `<text x="24" y="584" font-size="18" font-weight="700" fill="${COLOUR.ink}">${escapeXml(distances)}</text>`,
    `<text x="24" y="610" font-size="14" fill="${COLOUR.muted}">${escapeXml(status(20))}</text>`,
    '</svg>'
  ].join('\n')
}

function header (team: string, percent: string, share: number): string {
  const barWidth = WIDTH - 48
  const filled = barWidth * share / 100
  return [
    `<text x="24" y="38" font-size="20" font-weight="700" fill="${COLOUR.ink}">${escapeXml(team)}</text>`,
    `<text x="24" y="76" font-size="30" font-weight="800" fill="${COLOUR.covered}">${percent}<tspan font-size="16" font-weight="400" fill="${COLOUR.muted}"> complete</tspan></text>`,
    `<rect x="24" y="88" width="${barWidth}" height="10" rx="5" fill="${COLOUR.border}"/>`,
    `<rect x="24" y="88" width="${n(filled)}" height="10" rx="5" fill="${COLOUR.covered}"/>`
  ].join('\n')
}

function emptyMap (): string {
  const cx = MAP.x + MAP.width / 2
  const cy = MAP.y + MAP.height / 2
  return [
    `<path d="M ${cx - 80} ${cy - 20} C ${cx - 20} ${cy - 90}, ${cx + 20} ${cy + 50}, ${cx + 80} ${cy - 20}" fill="none" stroke="${COLOUR.ahead}" stroke-width="3" stroke-dasharray="6 6" stroke-linecap="round"/>`,
    `<circle cx="${cx - 80}" cy="${cy - 20}" r="7" fill="${COLOUR.map}" stroke="${COLOUR.ahead}" stroke-width="3"/>`,
    `<circle cx="${cx + 80}" cy="${cy - 20}" r="7" fill="${COLOUR.map}" stroke="${COLOUR.ahead}" stroke-width="3"/>`,
    `<text x="${cx}" y="${cy + 40}" text-anchor="middle" font-size="20" font-weight="700" fill="${COLOUR.ink}">No route yet</text>`,
    `<text x="${cx}" y="${cy + 64}" text-anchor="middle" font-size="14" fill="${COLOUR.muted}">Waypoints will appear here</text>`
  ].join('\n')
}

function routeMap (waypoints: ProgressPicture['waypoints'], total: number, position: Point | null): string {
  // The drawn path is the waypoints with the team's position slotted in after
  // the last one reached, so the route splits there into covered and ahead.
  const reached = waypoints.filter(w => finite(w.cumulativeMeters) <= total).length
  const stops = unwrap(position ? [...waypoints.slice(0, reached), position, ...waypoints.slice(reached)] : waypoints)
  const split = position ? reached : Math.max(0, reached - 1)
  const stopOf = (i: number) => stops[position && i >= reached ? i + 1 : i]!
  const covered = densify(stops.slice(0, split + 1))
  const ahead = densify(stops.slice(split))
  const project = projection([...covered, ...ahead])

  // On a long route the stops shrink to beads on the line so the line still reads
  // as a line; the start and finish stay big.
  const dense = waypoints.length > 25
  const circles = waypoints.map((_, i) => {
    const { x, y } = project(stopOf(i))
    const end = i === 0 || i === waypoints.length - 1
    const small = dense && !end
    const style = i < reached
      ? (small ? `fill="${COLOUR.coveredDark}"` : `fill="${COLOUR.covered}" stroke="${COLOUR.map}" stroke-width="1.5"`)
      : `fill="${COLOUR.map}" stroke="${COLOUR.ahead}" stroke-width="${small ? 1.5 : 2.5}"`
    return `<circle cx="${n(x)}" cy="${n(y)}" r="${end ? 7 : small ? 2.2 : 5}" ${style}/>`
  })

  const here = position && project(stops[split]!)
  // Labels keep clear of each other and of the marker; the marker goes in first.
  const taken: Box[] = here ? [{ x0: here.x - 12, x1: here.x + 12, y0: here.y - 12, y1: here.y + 12 }] : []
  const nextIndex = reached < waypoints.length ? reached : -1
  // Keyed by name and spot: a loop's finish is its start, and gets one label, not two stacked copies.
  const labelled = new Map<string, number>()
  for (const i of [nextIndex, 0, waypoints.length - 1].filter(i => i >= 0)) {
    const at = project(stopOf(i))
    const key = `${waypoints[i]!.name}@${n(at.x)},${n(at.y)}`
    if (!labelled.has(key)) labelled.set(key, i)
  }
  const labels = [...labelled.values()].map(i => label(project(stopOf(i)), waypoints[i]!.name, i === nextIndex, taken))

  return [
    polyline(ahead.map(project), `stroke="${COLOUR.ahead}" stroke-width="3" stroke-dasharray="6 6"`),
    polyline(covered.map(project), `stroke="${COLOUR.covered}" stroke-width="5"`),
    ...circles,
    here
      ? `<circle cx="${n(here.x)}" cy="${n(here.y)}" r="15" fill="${COLOUR.marker}" fill-opacity="0.22"/>\n` +
        `<circle cx="${n(here.x)}" cy="${n(here.y)}" r="8" fill="${COLOUR.marker}" stroke="${COLOUR.map}" stroke-width="3"/>`
      : '',
    ...labels
  ].filter(Boolean).join('\n')
}

function polyline (points: Xy[], style: string): string {
  if (points.length < 2) return ''
  const coordinates = points.map(p => `${n(p.x)},${n(p.y)}`).join(' ')
  return `<polyline points="${coordinates}" fill="none" ${style} stroke-linecap="round" stroke-linejoin="round"/>`
}

/**
 * A name beside its point, on the side towards the middle of the map so it never
 * runs off the edge, nudged up or down when it would overlap a label already placed.
 */
function label (at: Xy, name: string, isNext: boolean, taken: Box[]): string {
  const text = truncate(name, 18)
  const left = at.x > MAP.x + MAP.width / 2
  const width = [...text].length * 8.6 + 4
  const x = left ? at.x - 11 : at.x + 11
  const boxAt = (y: number): Box => ({ x0: left ? x - width : x, x1: left ? x : x + width, y0: y - 13, y1: y + 4 })
  const top = MAP.y + 20
  const bottom = MAP.y + MAP.height - 10
  let y = Math.min(bottom, Math.max(top, at.y + 5))
  for (const shift of [0, -18, 18, -36, 36, -54, 54]) {
    const candidate = Math.min(bottom, Math.max(top, at.y + 5 + shift))
    if (!taken.some(box => overlaps(box, boxAt(candidate)))) {
      y = candidate
      break
    }
  }
  taken.push(boxAt(y))
  // A white halo under the letters keeps them legible where they cross the route.
  return `<text x="${n(x)}" y="${n(y)}" text-anchor="${left ? 'end' : 'start'}" font-size="14" font-weight="${isNext ? 700 : 600}" ` +
    `fill="${isNext ? COLOUR.marker : COLOUR.ink}" stroke="${COLOUR.map}" stroke-width="4" stroke-linejoin="round" paint-order="stroke">${escapeXml(text)}</text>`
}

function overlaps (a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

/**
 * Longitudes made continuous: each is moved by whole turns to within 180° of the
 * one before, so a route from 179° to -179° takes the short way, not across the map.
 */
function unwrap (points: readonly Point[]): Point[] {
  const out: Point[] = []
  for (const p of points) {
    const previous = out.at(-1)
    out.push({ lat: p.lat, lon: previous ? nearestTurn(p.lon, previous.lon) : p.lon })
  }
  return out
}

function nearestTurn (lon: number, reference: number): number {
  return lon + 360 * Math.round((reference - lon) / 360)
}

/** Extra points along each great-circle leg longer than ARC_STEP_DEGREES. */
function densify (points: readonly Point[]): Point[] {
  const out: Point[] = []
  points.forEach((to, i) => {
    const from = points[i - 1]
    if (from) {
      const a = new LatLon(from.lat, from.lon)
      const b = new LatLon(to.lat, to.lon)
      // A radius of 180/π makes the distance come out in degrees of arc.
      const steps = Math.min(64, Math.ceil(a.distanceTo(b, 180 / Math.PI) / ARC_STEP_DEGREES))
      for (let step = 1; step < steps; step++) {
        const p = a.intermediatePointTo(b, step / steps)
        out.push({ lat: p.lat, lon: nearestTurn(p.lon, from.lon) })
      }
    }
    out.push(to)
  })
  return out
}

/**
 * Equirectangular projection, longitudes shrunk by the cosine of the mean
 * latitude so shapes look right away from the equator, fitted and centred in
 * the map. A route with no extent (one point, or every point the same) has
 * scale 0 and sits in the middle rather than dividing by zero.
 */
function projection (points: readonly Point[]): (p: Point) => Xy {
  const lats = points.map(p => p.lat)
  const lons = points.map(p => p.lon)
  const [south, north] = [Math.min(...lats), Math.max(...lats)]
  const [west, east] = [Math.min(...lons), Math.max(...lons)]
  // Near the poles the cosine heads to zero; a floor keeps the route from collapsing to a line.
  const shrink = Math.max(0.1, Math.cos((south + north) / 2 * Math.PI / 180))
  const spanX = (east - west) * shrink
  const spanY = north - south
  const fit = Math.min(
    spanX > 0 ? (MAP.width - 2 * MAP_PADDING) / spanX : Infinity,
    spanY > 0 ? (MAP.height - 2 * MAP_PADDING) / spanY : Infinity
  )
  const scale = Number.isFinite(fit) ? fit : 0
  const midLon = (west + east) / 2
  const midLat = (south + north) / 2
  return (p) => ({
    x: MAP.x + MAP.width / 2 + (p.lon - midLon) * shrink * scale,
    y: MAP.y + MAP.height / 2 - (p.lat - midLat) * scale
  })
}

function formatDistance (meters: number, units: ProgressPicture['units']): string {
  const value = Math.max(0, finite(meters)) / (units === 'imperial' ? METERS_PER_MILE : 1000)
  const digits = value < 100 ? 1 : 0
  const number = new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value)
  return `${number} ${units === 'imperial' ? 'mi' : 'km'}`
}

/** Whitespace collapsed, then cut to `max` characters (whole graphemes, so no emoji is split) with an ellipsis. */
function truncate (text: string, max: number): string {
  const graphemes = Array.from(new Intl.Segmenter().segment(String(text).replace(/\s+/g, ' ').trim()), s => s.segment)
  return graphemes.length <= max ? graphemes.join('') : `${graphemes.slice(0, max - 1).join('').trimEnd()}…`
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

/**
 * Text safe in both element content and attributes. Characters XML 1.0 does
 * not allow at all (most control characters, lone surrogates) cannot be
 * escaped, so they are dropped rather than making the document unparseable.
 */
function escapeXml (text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, c => ENTITIES[c]!)
}

function finite (value: number): number {
  return Number.isFinite(value) ? value : 0
}

/** A coordinate with one decimal: enough for a 360-wide picture, and never NaN in the output. */
function n (value: number): string {
  return String(Math.round(finite(value) * 10) / 10)
}
