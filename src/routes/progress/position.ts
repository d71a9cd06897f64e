import LatLon from 'geodesy/latlon-spherical.js'
import { legsOf, type GeoPoint } from '../../lib/geo.ts'

/**
 * The point `distanceMeters` along the great-circle route through `points`,
 * clamped to the start and the end; null for fewer than two points.
 *
 * `legIndex` is the leg the team is on (it runs from points[legIndex] to
 * points[legIndex + 1]). Standing exactly on a waypoint counts as the start of
 * the next leg, as progress counts that waypoint as reached; at or past the end
 * it is the last leg.
 */
export function positionAlongRoute (points: readonly GeoPoint[], distanceMeters: number): { lat: number, lon: number, legIndex: number } | null {
  if (points.length < 2) return null
  // Leg lengths come from legsOf, so a distance here means what it means on
  // the stored route (same haversine, same earth radius).
  const { legs, totalMeters } = legsOf(points)
  const target = Number.isNaN(distanceMeters) ? 0 : Math.min(Math.max(distanceMeters, 0), totalMeters)

  const last = legs.length - 1
  if (target >= totalMeters) {
    // The end exactly, rather than an interpolation that lands a rounding error short of it.
    const end = points[last + 1]!
    return { lat: end.lat, lon: end.lon, legIndex: last }
  }
  // Zero-length legs (repeated points) are never "the" leg: target < cumulative skips them.
  const leg = legs.find(leg => target < leg.cumulativeMeters) ?? legs[last]!
  const start = leg.cumulativeMeters - leg.distanceMeters
  const fraction = leg.distanceMeters > 0 ? (target - start) / leg.distanceMeters : 0
  const from = points[leg.fromIndex]!
  const to = points[leg.fromIndex + 1]!
  const point = new LatLon(from.lat, from.lon).intermediatePointTo(new LatLon(to.lat, to.lon), fraction)
  return { lat: point.lat, lon: point.lon, legIndex: leg.fromIndex }
}
