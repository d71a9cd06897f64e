import type { Db, DbOrTx } from '../../db/database.ts'
import type { WaypointRow } from '../../db/schema.ts'
import { recordEvent } from '../../db/outbox.ts'
import { AppError } from '../../lib/errors.ts'
import { legsOf, type GeoPoint } from '../../lib/geo.ts'
import { lockTeam } from '../teams/repository.ts'
import { requireMember } from '../teams/service.ts'
import {
  countWaypoints, deleteAllWaypoints, deleteWaypoint, findWaypoint, insertWaypoint, insertWaypoints,
  listWaypoints, setGoalDistance, shiftPositions, updateWaypoint
} from './repository.ts'
import { parseGeoJson, parseGpx, simplifyRoute } from './route-file.ts'
import {
  MAX_WAYPOINTS, type CalculateRouteInput, type CreateWaypointInput, type ImportRouteInput,
  type RouteCalculationView, type UpdateWaypointInput, type WaypointView
} from './schemas.ts'

const EDITORS = ['owner', 'admin'] as const

function positionError (position: number, count: number): AppError {
  return new AppError('VALIDATION_ERROR', `position must be between 0 and ${count}`, {
    fields: [{ in: 'body', field: 'position', message: `must be <= ${count}, the number of waypoints` }]
  })
}

/** Views with each leg's length and the distance along the route. */
function toViews (rows: WaypointRow[]): WaypointView[] {
  const { legs } = legsOf(rows)
  return rows.map((row, i) => ({
    id: row.id,
    teamId: row.team_id,
    position: row.position,
    name: row.name,
    description: row.description,
    lat: row.lat,
    lon: row.lon,
    distanceFromPreviousMeters: i === 0 ? 0 : legs[i - 1]!.distanceMeters,
    cumulativeMeters: i === 0 ? 0 : legs[i - 1]!.cumulativeMeters
  }))
}

function calculation (points: Array<GeoPoint & { name?: string | null }>): RouteCalculationView {
  const { legs, totalMeters } = legsOf(points)
  return {
    legs: legs.map(leg => ({
      from: { index: leg.fromIndex, name: points[leg.fromIndex]!.name ?? null },
      to: { index: leg.fromIndex + 1, name: points[leg.fromIndex + 1]!.name ?? null },
      distanceMeters: leg.distanceMeters,
      cumulativeMeters: leg.cumulativeMeters
    })),
    totalDistanceMeters: totalMeters
  }
}

/**
 * The team's goal distance follows its route: recomputed from the stored
 * waypoints after every change, in the change's transaction, with its event.
 */
async function routeChanged (tx: DbOrTx, teamId: string, userId: string, change: string): Promise<WaypointRow[]> {
  const rows = await listWaypoints(tx, teamId)
  const { totalMeters } = legsOf(rows)
  await setGoalDistance(tx, teamId, totalMeters)
  await recordEvent(tx, {
    type: 'route.changed',
    teamId,
    payload: { teamId, change, by: userId, waypointCount: rows.length, totalDistanceMeters: totalMeters }
  })
  return rows
}

/** Waypoint routes see other teams' waypoints as missing, like their teams. */
async function requireWaypointEditor (tx: DbOrTx, waypointId: string, userId: string): Promise<WaypointRow> {
  const waypoint = await findWaypoint(tx, waypointId)
  if (!waypoint) throw new AppError('WAYPOINT_NOT_FOUND')
  await lockTeam(tx, waypoint.team_id)
  try {
    await requireMember(tx, waypoint.team_id, userId, EDITORS)
  } catch (err) {
    if ((err as AppError).code === 'TEAM_NOT_FOUND') throw new AppError('WAYPOINT_NOT_FOUND')
    throw err
  }
  // Re-read under the lock: another edit may have moved it meanwhile.
  const current = await findWaypoint(tx, waypointId)
  if (!current) throw new AppError('WAYPOINT_NOT_FOUND')
  return current
}

export function createWaypointService (db: Db) {
  return {
    async list (userId: string, teamId: string): Promise<WaypointView[]> {
      await requireMember(db, teamId, userId)
      return toViews(await listWaypoints(db, teamId))
    },

    async create (userId: string, input: CreateWaypointInput): Promise<WaypointView> {
      return db.transaction().execute(async (tx) => {
        await lockTeam(tx, input.teamId)
        await requireMember(tx, input.teamId, userId, EDITORS)
        const count = await countWaypoints(tx, input.teamId)
        if (count >= MAX_WAYPOINTS) throw new AppError('ROUTE_TOO_LONG')
        const position = input.position ?? count
        if (position > count) throw positionError(position, count)
        await shiftPositions(tx, input.teamId, 1, position)
        const row = await insertWaypoint(tx, {
          team_id: input.teamId,
          position,
          name: input.name.trim(),
          description: input.description ?? '',
          lat: input.lat,
          lon: input.lon
        })
        const rows = await routeChanged(tx, input.teamId, userId, 'waypoint.added')
        return toViews(rows).find(w => w.id === row.id)!
      })
    },

    async update (userId: string, waypointId: string, input: UpdateWaypointInput): Promise<WaypointView> {
      return db.transaction().execute(async (tx) => {
        const waypoint = await requireWaypointEditor(tx, waypointId, userId)
        const teamId = waypoint.team_id
        if (input.position !== undefined && input.position !== waypoint.position) {
          const count = await countWaypoints(tx, teamId)
          if (input.position >= count) throw positionError(input.position, count - 1)
          if (input.position > waypoint.position) await shiftPositions(tx, teamId, -1, waypoint.position + 1, input.position + 1)
          else await shiftPositions(tx, teamId, 1, input.position, waypoint.position)
        }
        await updateWaypoint(tx, waypointId, {
          ...(input.name !== undefined && { name: input.name.trim() }),
          ...(input.description !== undefined && { description: input.description }),
          ...(input.lat !== undefined && { lat: input.lat }),
          ...(input.lon !== undefined && { lon: input.lon }),
          ...(input.position !== undefined && { position: input.position })
        })
        const rows = await routeChanged(tx, teamId, userId, 'waypoint.updated')
        return toViews(rows).find(w => w.id === waypointId)!
      })
    },

    async remove (userId: string, waypointId: string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const waypoint = await requireWaypointEditor(tx, waypointId, userId)
        await deleteWaypoint(tx, waypointId)
        await shiftPositions(tx, waypoint.team_id, -1, waypoint.position + 1)
        await routeChanged(tx, waypoint.team_id, userId, 'waypoint.removed')
      })
    },

    async calculate (userId: string, input: CalculateRouteInput): Promise<RouteCalculationView> {
      if ('points' in input) return calculation(input.points)
      await requireMember(db, input.teamId, userId)
      return calculation(await listWaypoints(db, input.teamId))
    },

    /** Replace the route with a GPX or GeoJSON document's, simplified; all or nothing. */
    async importRoute (userId: string, teamId: string, input: ImportRouteInput): Promise<WaypointView[]> {
      // Who may import is settled before any parsing work is spent.
      await requireMember(db, teamId, userId, EDITORS)
      const parsed = input.format === 'gpx' ? await parseGpx(input.content) : parseGeoJson(input.content)
      if (parsed.length < 2) throw new AppError('INVALID_ROUTE_FILE', 'The route file has fewer than two points')
      const points = simplifyRoute(parsed, input.maxWaypoints)
      // Checked again under the lock: the role may have changed meanwhile.
      return db.transaction().execute(async (tx) => {
        await lockTeam(tx, teamId)
        await requireMember(tx, teamId, userId, EDITORS)
        await deleteAllWaypoints(tx, teamId)
        await insertWaypoints(tx, points.map((p, position) => ({
          team_id: teamId,
          position,
          name: p.name ?? (position === 0 ? 'Start' : position === points.length - 1 ? 'Finish' : `Waypoint ${position}`),
          description: p.description ?? '',
          lat: p.lat,
          lon: p.lon
        })))
        return toViews(await routeChanged(tx, teamId, userId, 'route.imported'))
      })
    }
  }
}

export type WaypointService = ReturnType<typeof createWaypointService>
