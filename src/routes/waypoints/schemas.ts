import { Type, type Static } from '@sinclair/typebox'
import { Defaulted } from '../../lib/params.ts'

export const MAX_WAYPOINTS = 1000

const Lat = Type.Number({ minimum: -90, maximum: 90, description: 'Latitude, WGS84 degrees' })
const Lon = Type.Number({ minimum: -180, maximum: 180, description: 'Longitude, WGS84 degrees' })
const Name = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' })
const Description = Type.String({ maxLength: 2000 })
const Position = Type.Integer({ minimum: 0, maximum: MAX_WAYPOINTS - 1, description: '0-based place in the route; the waypoints from there on move one place down' })

export const Waypoint = Type.Object({
  id: Type.String({ format: 'uuid' }),
  teamId: Type.String({ format: 'uuid' }),
  position: Type.Integer({ description: '0-based, contiguous' }),
  name: Type.String(),
  description: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  distanceFromPreviousMeters: Type.Number({ description: 'Great-circle length of the leg that ends here; 0 for the start' }),
  cumulativeMeters: Type.Number({ description: 'Distance along the route from the start to here' })
}, { $id: 'Waypoint', additionalProperties: false })

export const CreateWaypointBody = Type.Object({
  teamId: Type.String({ format: 'uuid' }),
  name: Name,
  lat: Lat,
  lon: Lon,
  position: Type.Optional(Position),
  description: Type.Optional(Description)
}, { $id: 'CreateWaypointBody', additionalProperties: false })

export const UpdateWaypointBody = Type.Object({
  name: Type.Optional(Name),
  lat: Type.Optional(Lat),
  lon: Type.Optional(Lon),
  position: Type.Optional(Position),
  description: Type.Optional(Description)
}, { $id: 'UpdateWaypointBody', additionalProperties: false, minProperties: 1 })

const PointInput = Type.Object({
  lat: Lat,
  lon: Lon,
  name: Type.Optional(Type.String({ maxLength: 120 }))
}, { additionalProperties: false })

export const CalculateRouteBody = Type.Union([
  Type.Object({ teamId: Type.String({ format: 'uuid', description: 'A team you belong to: its stored route' }) }, { additionalProperties: false }),
  Type.Object({ points: Type.Array(PointInput, { minItems: 2, maxItems: MAX_WAYPOINTS, description: 'An ad-hoc route' }) }, { additionalProperties: false })
], { $id: 'CalculateRouteBody' })

export const RouteCalculation = Type.Object({
  legs: Type.Array(Type.Object({
    from: Type.Object({ index: Type.Integer(), name: Type.Union([Type.String(), Type.Null()]) }),
    to: Type.Object({ index: Type.Integer(), name: Type.Union([Type.String(), Type.Null()]) }),
    distanceMeters: Type.Number(),
    cumulativeMeters: Type.Number()
  }, { additionalProperties: false })),
  totalDistanceMeters: Type.Number({ description: 'For a stored route, the team\'s goal distance' })
}, { $id: 'RouteCalculation', additionalProperties: false })

export const ImportRouteBody = Type.Object({
  format: Type.Union([Type.Literal('gpx'), Type.Literal('geojson')]),
  content: Type.String({ minLength: 1, description: 'The GPX (XML) or GeoJSON document, as text' }),
  maxWaypoints: Defaulted(Type.Integer({ minimum: 2, maximum: MAX_WAYPOINTS, default: 200, description: 'Simplify the track to at most this many waypoints; named points are always kept' }))
}, { $id: 'ImportRouteBody', additionalProperties: false })

export const WAYPOINT_SCHEMAS = [Waypoint, CreateWaypointBody, UpdateWaypointBody, CalculateRouteBody, RouteCalculation, ImportRouteBody]

export type WaypointView = Static<typeof Waypoint>
export type CreateWaypointInput = Static<typeof CreateWaypointBody>
export type UpdateWaypointInput = Static<typeof UpdateWaypointBody>
export type CalculateRouteInput = Static<typeof CalculateRouteBody>
export type RouteCalculationView = Static<typeof RouteCalculation>
export type ImportRouteInput = Static<typeof ImportRouteBody>
