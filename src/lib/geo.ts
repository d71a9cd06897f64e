import LatLon from 'geodesy/latlon-spherical.js'

export interface GeoPoint {
  lat: number
  lon: number
}

export interface Leg {
  /** Index of the leg's start in the point list; the leg ends at fromIndex + 1. */
  fromIndex: number
  distanceMeters: number
  cumulativeMeters: number
}

/** Earth's mean radius (IUGG), the radius great-circle distances use here. */
export const EARTH_RADIUS_M = 6_371_008.8

/** Great-circle distance in metres (haversine, Chris Veness's geodesy library). */
export function greatCircleMeters (a: GeoPoint, b: GeoPoint): number {
  return new LatLon(a.lat, a.lon).distanceTo(new LatLon(b.lat, b.lon), EARTH_RADIUS_M)
}

/** Each leg's length and the running total along an ordered list of points. */
export function legsOf (points: readonly GeoPoint[]): { legs: Leg[], totalMeters: number } {
  const legs: Leg[] = []
  let total = 0
  for (let i = 0; i + 1 < points.length; i++) {
    const distance = greatCircleMeters(points[i]!, points[i + 1]!)
    total += distance
    legs.push({ fromIndex: i, distanceMeters: distance, cumulativeMeters: total })
  }
  return { legs, totalMeters: total }
}
