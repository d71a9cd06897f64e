import type { App } from '../../src/app/app.ts'
import { bearer, type Account } from './api.ts'

/** Poll `read` until `done` holds for its value; fails with the last value after `timeoutMs`. */
export async function eventually<T> (read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000, label = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: T
  for (;;) {
    last = await read()
    if (done(last)) return last
    if (Date.now() > deadline) throw new Error(`${label} not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`)
    await new Promise(resolve => setTimeout(resolve, 25))
  }
}

/** A calendar day `offset` days from today (UTC). */
export function dayFromToday (offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
}

/** London → Oxford → Birmingham → Manchester: legs of about 82, 94 and 113 km. */
export const ENGLAND = [
  { name: 'London', lat: 51.5074, lon: -0.1278 },
  { name: 'Oxford', lat: 51.752, lon: -1.2577 },
  { name: 'Birmingham', lat: 52.4862, lon: -1.8904 },
  { name: 'Manchester', lat: 53.4808, lon: -2.2426 }
]

export async function addRoute (app: App, owner: Account, teamId: string, points = ENGLAND): Promise<void> {
  for (const point of points) {
    const res = await app.inject({ method: 'POST', url: '/waypoints', headers: bearer(owner.accessToken), payload: { teamId, ...point } })
    if (res.statusCode !== 201) throw new Error(`add waypoint failed: ${res.statusCode} ${res.body}`)
  }
}

/** Log a ride of `meters` started an hour ago (well inside every plausibility limit up to 80 km/h). */
export async function logRide (app: App, account: Account, meters: number, extra: Record<string, unknown> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/activities',
    headers: bearer(account.accessToken),
    payload: {
      type: 'cycle',
      distanceMeters: meters,
      durationSeconds: Math.ceil(meters / 10),
      startedAt: new Date(Date.now() - 3_600_000).toISOString(),
      timezone: 'UTC',
      ...extra
    }
  })
  if (res.statusCode !== 201) throw new Error(`log activity failed: ${res.statusCode} ${res.body}`)
  return res.json().data as { id: string }
}

export async function getProgress (app: App, account: Account, teamId: string) {
  const res = await app.inject({ method: 'GET', url: `/teams/${teamId}/progress`, headers: bearer(account.accessToken) })
  if (res.statusCode !== 200) throw new Error(`progress failed: ${res.statusCode} ${res.body}`)
  return res.json().data as { totalDistance: number, percentComplete: number, reachedWaypoints: number, [key: string]: any }
}
