import simplify from 'simplify-js'
import { AppError } from '../../lib/errors.ts'
import { greatCircleMeters } from '../../lib/geo.ts'

/** A named point this close to a vertex of the line is that vertex. */
const SAME_PLACE_METERS = 50
/** Bounds on the work one file can ask for (placing points is points × vertices). */
export const MAX_LINE_VERTICES = 50_000
export const MAX_NAMED_POINTS = 1000

export interface RoutePoint {
  lat: number
  lon: number
  name?: string
  description?: string
}

type Position = number[]
interface Feature { type: 'Feature', geometry: { type: string, coordinates: unknown } | null, properties?: Record<string, unknown> | null }

function invalid (reason: string): never {
  throw new AppError('INVALID_ROUTE_FILE', `The route file could not be read: ${reason}`)
}

function validPosition (p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' &&
    p[1] >= -90 && p[1] <= 90 && p[0] >= -180 && p[0] <= 180
}

function nameOf (properties: Record<string, unknown> | null | undefined): Pick<RoutePoint, 'name' | 'description'> {
  const name = typeof properties?.name === 'string' && properties.name.trim() !== '' ? properties.name.trim().slice(0, 120) : undefined
  const description = typeof properties?.desc === 'string' ? properties.desc : typeof properties?.description === 'string' ? properties.description : undefined
  return { ...(name !== undefined && { name }), ...(description !== undefined && { description: description.slice(0, 2000) }) }
}

/**
 * The route's line (tracks and routes, in document order) plus its named
 * points (GPX <wpt>, GeoJSON Point features), each placed on the line at
 * the nearest vertex so names survive simplification in route order.
 */
function fromFeatures (features: Feature[]): RoutePoint[] {
  const line: RoutePoint[] = []
  const named: RoutePoint[] = []
  for (const feature of features) {
    const geometry = feature.geometry
    if (!geometry) continue
    const lines: unknown[] = geometry.type === 'LineString'
      ? [geometry.coordinates]
      : geometry.type === 'MultiLineString' && Array.isArray(geometry.coordinates) ? geometry.coordinates : []
    for (const coordinates of lines) {
      if (!Array.isArray(coordinates)) continue
      for (const position of coordinates) {
        if (validPosition(position)) line.push({ lat: position[1]!, lon: position[0]! })
      }
    }
    if (geometry.type === 'Point' && validPosition(geometry.coordinates)) {
      const [lon, lat] = geometry.coordinates
      named.push({ lat: lat!, lon: lon!, ...nameOf(feature.properties) })
    }
  }
  if (line.length > MAX_LINE_VERTICES) invalid(`the line has ${line.length} points; at most ${MAX_LINE_VERTICES}`)
  if (named.length > MAX_NAMED_POINTS) invalid(`the file has ${named.length} named points; at most ${MAX_NAMED_POINTS}`)
  if (line.length === 0) {
    // Only points: they are the route, in document order.
    return named
  }
  for (const point of named) {
    let best = 0
    let bestDistance = Infinity
    for (let i = 0; i < line.length; i++) {
      const d = (line[i]!.lat - point.lat) ** 2 + ((line[i]!.lon - point.lon) * Math.cos(point.lat * Math.PI / 180)) ** 2
      if (d < bestDistance) { bestDistance = d; best = i }
    }
    const nearest = line[best]!
    if (nearest.name === undefined && greatCircleMeters(nearest, point) <= SAME_PLACE_METERS) {
      // A named point on the line names that vertex rather than doubling it.
      line[best] = { ...nearest, ...point, lat: nearest.lat, lon: nearest.lon }
    } else {
      line.splice(best + 1, 0, point)
    }
  }
  return line
}

/** GPX needs an XML parser, loaded for the first import (no other request uses it). */
export async function parseGpx (content: string): Promise<RoutePoint[]> {
  const { DOMParser, gpx } = await import('./gpx-parser.ts')
  let document
  try {
    document = new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(message) } })
      .parseFromString(content, 'application/xml')
  } catch (err) {
    invalid(`not well-formed XML (${(err as Error).message.split('\n')[0]})`)
  }
  if (document.documentElement?.nodeName !== 'gpx') invalid('the document is not GPX')
  return fromFeatures(gpx(document as never).features as Feature[])
}

function featuresOf (value: any): Feature[] {
  if (value?.type === 'FeatureCollection' && Array.isArray(value.features)) return value.features
  if (value?.type === 'Feature') return [value]
  if (typeof value?.type === 'string' && 'coordinates' in value) return [{ type: 'Feature', geometry: value, properties: {} }]
  return invalid('expected a GeoJSON FeatureCollection, Feature or geometry')
}

export function parseGeoJson (content: string): RoutePoint[] {
  let value: any
  try {
    value = JSON.parse(content)
  } catch {
    invalid('not valid JSON')
  }
  const features = featuresOf(value)
  return fromFeatures(features.filter(f => f && typeof f === 'object'))
}

/**
 * Reduce a route to at most `max` points with Douglas–Peucker, never
 * dropping a named point, the start or the finish: the line is cut at those
 * points and each stretch simplified with one tolerance, searched for.
 */
export function simplifyRoute (points: RoutePoint[], max: number): RoutePoint[] {
  if (points.length <= max) return points
  const anchors = points.map((p, i) => i === 0 || i === points.length - 1 || p.name !== undefined)
  const anchorCount = anchors.filter(Boolean).length
  if (anchorCount > max) {
    throw new AppError('INVALID_ROUTE_FILE', `The route has ${anchorCount} named points; at most ${max} can be kept`)
  }
  const reduce = (tolerance: number): RoutePoint[] => {
    const result: RoutePoint[] = []
    let start = 0
    for (let i = 1; i < points.length; i++) {
      if (!anchors[i]) continue
      const stretch = points.slice(start, i + 1).map((p, k) => ({ x: p.lon, y: p.lat, k: start + k }))
      const kept = simplify(stretch, tolerance, true) as unknown as Array<{ k: number }>
      for (const { k } of kept.slice(0, -1)) result.push(points[k]!)
      start = i
    }
    result.push(points[points.length - 1]!)
    return result
  }
  let low = 0
  let high = 1
  while (reduce(high).length > max) high *= 2
  for (let i = 0; i < 40; i++) {
    const mid = (low + high) / 2
    if (reduce(mid).length > max) low = mid
    else high = mid
  }
  return reduce(high)
}
