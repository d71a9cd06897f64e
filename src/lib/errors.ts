/**
 * Every error code the API returns, with its HTTP status and default message.
 * Codes are part of the public contract: clients branch on them, so never
 * rename one. The OpenAPI document lists them per route.
 */
export const ERRORS = {
  VALIDATION_ERROR: { status: 400, message: 'The request is not valid' },
  BAD_REQUEST: { status: 400, message: 'The request could not be understood' },
  ACTIVITY_IN_FUTURE: { status: 400, message: 'The activity starts in the future' },
  WEAK_PASSWORD: { status: 400, message: 'The password does not meet the password policy' },
  INVALID_CURSOR: { status: 400, message: 'The cursor is not valid; start again without one' },
  INVALID_UNSUBSCRIBE_LINK: { status: 400, message: 'This unsubscribe link is not valid' },
  UNAUTHORIZED: { status: 401, message: 'Authentication is required' },
  INVALID_CREDENTIALS: { status: 401, message: 'Email or password is incorrect' },
  INVALID_REFRESH_TOKEN: { status: 401, message: 'The refresh token is not valid' },
  REFRESH_TOKEN_REUSED: { status: 401, message: 'The refresh token was already used; the session has been revoked' },
  SESSION_EXPIRED: { status: 401, message: 'The session has ended; sign in again' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this' },
  INVITATION_EMAIL_MISMATCH: { status: 403, message: 'This invitation was sent to another email address' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  USER_NOT_FOUND: { status: 404, message: 'User not found' },
  TEAM_NOT_FOUND: { status: 404, message: 'Team not found' },
  MEMBER_NOT_FOUND: { status: 404, message: 'That user is not a member of this team' },
  INVITATION_NOT_FOUND: { status: 404, message: 'Invitation not found' },
  INVALID_JOIN_CODE: { status: 404, message: 'No team has this join code' },
  ACTIVITY_NOT_FOUND: { status: 404, message: 'Activity not found' },
  WAYPOINT_NOT_FOUND: { status: 404, message: 'Waypoint not found' },
  NOTIFICATION_NOT_FOUND: { status: 404, message: 'Notification not found' },
  REPORT_NOT_FOUND: { status: 404, message: 'Report not found' },
  MESSAGE_NOT_FOUND: { status: 404, message: 'Message not found' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed' },
  EMAIL_TAKEN: { status: 409, message: 'An account with this email already exists' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, message: 'A request with this Idempotency-Key is still being processed; retry shortly' },
  TEAM_FULL: { status: 409, message: 'The team has no free places' },
  OWNER_MUST_TRANSFER: { status: 409, message: 'Hand ownership to another member before leaving' },
  ROUTE_TOO_LONG: { status: 409, message: 'A route has at most 1,000 waypoints' },
  INVITATION_EXPIRED: { status: 410, message: 'The invitation has expired' },
  INVITATION_USED: { status: 410, message: 'The invitation has already been used' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request took too long to arrive' },
  RESYNC_REQUIRED: { status: 410, message: 'Those events are no longer kept; refetch the team\'s state and continue from details.lastSeq' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  URI_TOO_LONG: { status: 414, message: 'A path segment is too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'The request body must be application/json' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; retry later' },
  HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are too large' },
  INVITATION_LIMIT: { status: 429, message: 'Too many invitations; retry later' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: 'This Idempotency-Key was used with a different request' },
  INVALID_ROUTE_FILE: { status: 422, message: 'The route file could not be read' },
  INTEGRATION_PROVIDER_NOT_FOUND: { status: 404, message: 'No such fitness provider' },
  INTEGRATION_NOT_FOUND: { status: 404, message: 'You have no connection to this provider' },
  INTEGRATION_NOT_AVAILABLE: { status: 409, message: 'This provider cannot be connected on this service' },
  OAUTH_STATE_INVALID: { status: 400, message: 'The authorization request is unknown, expired or already used; connect again' },
  OAUTH_DENIED: { status: 400, message: 'The provider did not grant access' },
  WEBHOOK_FORBIDDEN: { status: 403, message: 'The webhook request is not from the provider' },
  PROVIDER_ERROR: { status: 502, message: 'The provider did not answer as expected; try again later' },
  INTERNAL_ERROR: { status: 500, message: 'Internal server error' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'The service is temporarily unavailable' },
  DATABASE_UNAVAILABLE: { status: 503, message: 'The database is not reachable right now; retry shortly' },
  DATABASE_TIMEOUT: { status: 503, message: 'The database did not answer in time; retry shortly' },
  DEPENDENCY_UNAVAILABLE: { status: 503, message: 'A backing service is not reachable right now; retry shortly' }
} as const satisfies Record<string, { status: number, message: string }>

export type ErrorCode = keyof typeof ERRORS

/** A failure the client can act on: a stable code, an HTTP status, a message. */
export class AppError extends Error {
  override name = 'AppError'
  readonly code: ErrorCode
  readonly statusCode: number
  readonly details: Record<string, unknown> | undefined

  constructor (code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? ERRORS[code].message)
    this.code = code
    this.statusCode = ERRORS[code].status
    this.details = details
  }
}

export function isAppError (err: unknown): err is AppError {
  return err instanceof AppError
}
