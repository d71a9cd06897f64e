import { Type, type TSchema } from '@sinclair/typebox'
import { ERRORS, type ErrorCode } from './errors.ts'

export const API_VERSION = '1.0'

export const Meta = Type.Object({
  timestamp: Type.String({ format: 'date-time' }),
  version: Type.String({ examples: [API_VERSION] }),
  nextCursor: Type.Optional(Type.Union([Type.String(), Type.Null()], {
    description: 'Opaque cursor of the next page; null on the last page. Lists only.'
  }))
}, { $id: 'Meta', additionalProperties: false })

export const ErrorResponse = Type.Object({
  success: Type.Literal(false),
  error: Type.Object({
    code: Type.String({ description: 'Stable UPPER_SNAKE error code', examples: ['VALIDATION_ERROR'] }),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown()))
  }, { additionalProperties: false }),
  meta: Type.Ref(Meta)
}, { $id: 'ErrorResponse', additionalProperties: false })

/** The seed's success envelope around `data`; `description` says what the response means. */
export function Envelope<T extends TSchema> (data: T, description: string) {
  return Type.Object({
    success: Type.Literal(true),
    data,
    meta: Type.Ref(Meta)
  }, { additionalProperties: false, description })
}

/** Errors of every route that needs a signed-in caller. */
export const AUTH_ERRORS = ['UNAUTHORIZED', 'SESSION_EXPIRED'] as const

/** The OpenAPI security requirement of those routes. */
export const BEARER = [{ bearerAuth: [] }]

/** Errors any request with a JSON body can meet before its handler runs. */
export const BODY_ERRORS = ['VALIDATION_ERROR', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] as const

// Formatting a date costs about a microsecond; under load many responses
// share each millisecond, so format each millisecond once.
let lastMillis = 0
let lastTimestamp = ''
function timestamp (): string {
  const now = Date.now()
  if (now !== lastMillis) {
    lastMillis = now
    lastTimestamp = new Date(now).toISOString()
  }
  return lastTimestamp
}

export function meta (extra?: { nextCursor?: string | null }) {
  return { timestamp: timestamp(), version: API_VERSION, ...extra }
}

export function ok<T> (data: T, extra?: { nextCursor?: string | null }) {
  return { success: true as const, data, meta: meta(extra) }
}

export function errorBody (code: string, message: string, details?: Record<string, unknown>) {
  return {
    success: false as const,
    error: details === undefined ? { code, message } : { code, message, details },
    meta: meta()
  }
}

/** How an error response's description starts; the codes follow, comma-separated (SDK tooling reads them). */
export const ERROR_CODES_PREFIX = 'Error codes: '

/**
 * Response schemas for the error statuses a route can return, each described
 * with the codes it may carry, so SDKs and readers of /docs see them.
 */
export function errorResponses (...codes: ErrorCode[]) {
  // Any route can fail unexpectedly, be shed under overload, or meet a
  // database or AWS service that is down or slow (503 with Retry-After).
  const all: ErrorCode[] = [...new Set<ErrorCode>([...codes, 'INTERNAL_ERROR', 'SERVICE_UNAVAILABLE', 'DATABASE_UNAVAILABLE', 'DATABASE_TIMEOUT', 'DEPENDENCY_UNAVAILABLE'])]
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of all) {
    const status = ERRORS[code].status
    byStatus.set(status, [...(byStatus.get(status) ?? []), code])
  }
  const responses: Record<number, TSchema> = {}
  for (const [status, list] of byStatus) {
    responses[status] = Type.Ref(ErrorResponse, { description: `${ERROR_CODES_PREFIX}${list.join(', ')}` })
  }
  return responses
}
