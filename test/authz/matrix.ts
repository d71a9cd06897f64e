/**
 * The tenant-isolation matrix: every team-scoped route × every kind of
 * caller → the status they must get. `matrix.test.ts` walks it against a
 * freshly seeded team per cell, and fails when a route tagged teams,
 * members or invitations in the OpenAPI document has no row here.
 * Later domains (waypoints, activities, progress, chat, reports) add rows.
 *
 * Callers: owner, admin and member of team A; `outsider` owns team B and is
 * not in A; anonymous sends no token. Path placeholders: {id} is team A
 * (or, with `id: 'waypoint'`, a waypoint of A); {userId} is `target` (a plain
 * member of A) unless the row says otherwise. Body values '$teamId' and
 * '$joinCode' become team A's id and join code.
 */
export type Caller = 'owner' | 'admin' | 'member' | 'outsider' | 'anonymous'

export interface MatrixRow {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** The OpenAPI path, e.g. /teams/{id}/members/{userId}. */
  path: string
  /** Whose id fills {userId}. */
  userId?: 'target' | 'owner'
  /** What {id} names: team A (default), one of its waypoints, an activity the owner logged, a notification of the owner's, or a report of team A. */
  id?: 'team' | 'waypoint' | 'activity' | 'notification' | 'report'
  /** Whose chat message in team A fills {messageId}. */
  message?: 'member' | 'owner'
  /** A query string; '$teamId' is filled in. */
  query?: string
  /** A body; '$teamId' and '$joinCode' are filled in. */
  body?: Record<string, unknown>
  expect: Record<Caller, number>
  note?: string
  /** The row only reads, or changes only the caller's own data: its cells share one seeded team instead of one each. */
  reuseTeam?: boolean
}

export const matrix: MatrixRow[] = [
  { method: 'POST', path: '/teams', body: { name: 'New team', startDate: '2027-01-01', endDate: '2027-02-01' }, expect: { owner: 201, admin: 201, member: 201, outsider: 201, anonymous: 401 } },
  { method: 'GET', path: '/teams', expect: { owner: 200, admin: 200, member: 200, outsider: 200, anonymous: 401 }, note: 'each caller sees only their own teams (checked separately)' },
  { method: 'GET', path: '/teams/{id}', expect: { owner: 200, admin: 200, member: 200, outsider: 404, anonymous: 401 } },
  { method: 'PUT', path: '/teams/{id}', body: { name: 'Renamed' }, expect: { owner: 200, admin: 200, member: 403, outsider: 404, anonymous: 401 } },
  { method: 'DELETE', path: '/teams/{id}', expect: { owner: 204, admin: 403, member: 403, outsider: 404, anonymous: 401 } },
  { method: 'POST', path: '/teams/{id}/join-code', expect: { owner: 200, admin: 200, member: 403, outsider: 404, anonymous: 401 } },
  { method: 'POST', path: '/teams/{id}/invite', body: { email: 'friend@example.com' }, expect: { owner: 201, admin: 201, member: 403, outsider: 404, anonymous: 401 } },
  { method: 'POST', path: '/teams/join', body: { code: '$joinCode' }, expect: { owner: 200, admin: 200, member: 200, outsider: 201, anonymous: 401 }, note: 'holding the code is the permission to join; members get a no-op' },
  { method: 'POST', path: '/teams/{id}/leave', expect: { owner: 409, admin: 200, member: 200, outsider: 404, anonymous: 401 }, note: 'the owner must hand over first' },
  { method: 'GET', path: '/teams/{id}/members', expect: { owner: 200, admin: 200, member: 200, outsider: 404, anonymous: 401 } },
  { method: 'PATCH', path: '/teams/{id}/members/{userId}', body: { role: 'admin' }, expect: { owner: 200, admin: 200, member: 403, outsider: 404, anonymous: 401 } },
  { method: 'PATCH', path: '/teams/{id}/members/{userId}', userId: 'target', body: { role: 'owner' }, expect: { owner: 200, admin: 403, member: 403, outsider: 404, anonymous: 401 }, note: 'handing over ownership' },
  { method: 'PATCH', path: '/teams/{id}/members/{userId}', userId: 'owner', body: { role: 'member' }, expect: { owner: 409, admin: 403, member: 403, outsider: 404, anonymous: 401 }, note: 'nobody demotes the owner' },
  { method: 'DELETE', path: '/teams/{id}/members/{userId}', expect: { owner: 204, admin: 204, member: 403, outsider: 404, anonymous: 401 } },
  { method: 'DELETE', path: '/teams/{id}/members/{userId}', userId: 'owner', expect: { owner: 409, admin: 403, member: 403, outsider: 404, anonymous: 401 }, note: 'nobody removes the owner; the owner leaving needs a hand-over' },
  { method: 'GET', path: '/teams/{id}/waypoints', expect: { owner: 200, admin: 200, member: 200, outsider: 404, anonymous: 401 } },
  { method: 'POST', path: '/waypoints', body: { teamId: '$teamId', name: 'Checkpoint', lat: 51.5, lon: -0.12 }, expect: { owner: 201, admin: 201, member: 403, outsider: 404, anonymous: 401 } },
  { method: 'POST', path: '/waypoints/calculate-route', body: { teamId: '$teamId' }, expect: { owner: 200, admin: 200, member: 200, outsider: 404, anonymous: 401 } },
  { method: 'POST', path: '/waypoints/calculate-route', body: { points: [{ lat: 0, lon: 0 }, { lat: 1, lon: 1 }] }, expect: { owner: 200, admin: 200, member: 200, outsider: 200, anonymous: 401 }, note: 'ad-hoc points belong to no team' },
  { method: 'PUT', path: '/waypoints/{id}', id: 'waypoint', body: { name: 'Renamed' }, expect: { owner: 200, admin: 200, member: 403, outsider: 404, anonymous: 401 } },
  { method: 'DELETE', path: '/waypoints/{id}', id: 'waypoint', expect: { owner: 204, admin: 204, member: 403, outsider: 404, anonymous: 401 } },
  { method: 'POST', path: '/activities', body: { type: 'walk', distanceMeters: 1000, startedAt: '$now' }, expect: { owner: 201, admin: 201, member: 201, outsider: 201, anonymous: 401 }, note: 'your own activity' },
  { method: 'POST', path: '/activities/sync', body: { items: [{ type: 'run', distanceMeters: 5000, startedAt: '$now' }] }, expect: { owner: 200, admin: 200, member: 200, outsider: 200, anonymous: 401 }, note: 'your own activities' },
  { method: 'GET', path: '/activities', expect: { owner: 200, admin: 200, member: 200, outsider: 200, anonymous: 401 }, note: 'your own activities' },
  { method: 'GET', path: '/activities', query: 'teamId=$teamId', expect: { owner: 200, admin: 200, member: 200, outsider: 404, anonymous: 401 } },
  { method: 'GET', path: '/activities/ledger', query: 'teamId=$teamId', expect: { owner: 200, admin: 200, member: 200, outsider: 404, anonymous: 401 }, note: 'members see their own lines only (checked separately)' },
  { method: 'DELETE', path: '/activities/{id}', id: 'activity', expect: { owner: 204, admin: 404, member: 404, outsider: 404, anonymous: 401 }, note: 'only your own' },
  { method: 'POST', path: '/teams/{id}/waypoints/import', body: { format: 'geojson', content: '{"type":"LineString","coordinates":[[0,0],[1,1],[2,2]]}' }, expect: { owner: 200, admin: 200, member: 403, outsider: 404, anonymous: 401 } },
  { method: 'GET', path: '/teams/{id}/progress', expect: { owner: 200, admin: 200, member: 200, outsider: 404, anonymous: 401 } },
  { method: 'GET', path: '/teams/{id}/progress.svg', expect: { owner: 200, admin: 200, member: 200, outsider: 404, anonymous: 401 } },
  { method: 'GET', path: '/teams/{id}/leaderboard', expect: { owner: 200, admin: 200, member: 200, outsider: 404, anonymous: 401 } },
  { method: 'GET', reuseTeam: true, path: '/teams/{id}/reports', expect: { owner: 200, admin: 200, member: 200, outsider: 404, anonymous: 401 } },
  { method: 'GET', reuseTeam: true, path: '/reports/{id}', id: 'report', expect: { owner: 200, admin: 200, member: 200, outsider: 404, anonymous: 401 } },
  { method: 'GET', reuseTeam: true, path: '/reports/{id}', id: 'report', query: 'format=csv', expect: { owner: 200, admin: 200, member: 200, outsider: 404, anonymous: 401 } },
  { method: 'GET', reuseTeam: true, path: '/reports/{id}', id: 'report', query: 'format=html', expect: { owner: 200, admin: 200, member: 200, outsider: 404, anonymous: 401 } },
  { method: 'GET', reuseTeam: true, path: '/notifications', expect: { owner: 200, admin: 200, member: 200, outsider: 200, anonymous: 401 }, note: 'your own only (checked separately)' },
  { method: 'GET', reuseTeam: true, path: '/notifications/unread-count', expect: { owner: 200, admin: 200, member: 200, outsider: 200, anonymous: 401 }, note: 'your own' },
  { reuseTeam: true, method: 'POST', path: '/notifications/{id}/read', id: 'notification', expect: { owner: 200, admin: 404, member: 404, outsider: 404, anonymous: 401 }, note: 'the owner\'s notification: nobody else\'s to read' },
  { reuseTeam: true, method: 'POST', path: '/notifications/read-all', expect: { owner: 200, admin: 200, member: 200, outsider: 200, anonymous: 401 }, note: 'your own (the owner\'s stay unread: checked separately)' },
  { method: 'GET', reuseTeam: true, path: '/users/me/notification-preferences', expect: { owner: 200, admin: 200, member: 200, outsider: 200, anonymous: 401 }, note: 'your own' },
  { reuseTeam: true, method: 'PATCH', path: '/users/me/notification-preferences', body: { digest: true }, expect: { owner: 200, admin: 200, member: 200, outsider: 200, anonymous: 401 }, note: 'your own' },
  { method: 'GET', reuseTeam: true, path: '/unsubscribe', query: 'token=not-a-signed-token', expect: { owner: 400, admin: 400, member: 400, outsider: 400, anonymous: 400 }, note: 'the signature decides, not the caller' },
  { reuseTeam: true, method: 'POST', path: '/unsubscribe', query: 'token=not-a-signed-token', body: {}, expect: { owner: 400, admin: 400, member: 400, outsider: 400, anonymous: 400 }, note: 'the signature decides, not the caller' },
  { method: 'GET', path: '/teams/{id}/messages', expect: { owner: 200, admin: 200, member: 200, outsider: 404, anonymous: 401 } },
  { method: 'POST', path: '/teams/{id}/messages', body: { text: 'Onwards!' }, expect: { owner: 201, admin: 201, member: 201, outsider: 404, anonymous: 401 } },
  { method: 'DELETE', path: '/teams/{id}/messages/{messageId}', message: 'member', expect: { owner: 204, admin: 204, member: 204, outsider: 404, anonymous: 401 }, note: 'the author, the owner and admins' },
  { method: 'DELETE', path: '/teams/{id}/messages/{messageId}', message: 'owner', expect: { owner: 204, admin: 204, member: 403, outsider: 404, anonymous: 401 }, note: 'not another member\'s' },
  { method: 'GET', path: '/teams/{id}/events', query: 'after=0', expect: { owner: 200, admin: 200, member: 200, outsider: 404, anonymous: 401 } },
  { method: 'GET', path: '/leaderboards/teams', expect: { owner: 200, admin: 200, member: 200, outsider: 200, anonymous: 401 }, note: 'public teams and your own (private team A hidden from the outsider: checked separately)' }
]
