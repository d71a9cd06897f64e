import fp from 'fastify-plugin'
import type { FastifyError, FastifyInstance } from 'fastify'
import { AppError, ERRORS, type ErrorCode } from '../lib/errors.ts'
import { errorBody } from '../lib/envelope.ts'
import { dependencyFailure } from '../lib/dependency-errors.ts'

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE'
}

interface FieldError {
  in: string
  field: string
  message: string
}

/** Turn Ajv's findings into one entry per failing field, named as the client sent it. */
function fieldErrors (err: FastifyError): FieldError[] {
  const location = err.validationContext ?? 'body'
  return (err.validation ?? []).map(v => {
    const params = v.params as Record<string, unknown>
    let path = v.instancePath.split('/').filter(Boolean).join('.')
    if (typeof params.missingProperty === 'string') path = path ? `${path}.${params.missingProperty}` : params.missingProperty
    if (typeof params.additionalProperty === 'string') {
      path = path ? `${path}.${params.additionalProperty}` : params.additionalProperty
      return { in: location, field: path, message: 'is not an allowed field' }
    }
    const message = v.keyword === 'x-finite' ? 'must be a finite number' : v.message ?? 'is not valid'
    return { in: location, field: path || location, message }
  })
}

/** Postgres SQLSTATE class 22: a value it cannot store (NUL bytes, year 0, out of range). */
function isDataException (err: unknown): boolean {
  const code = (err as { code?: unknown }).code
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code) && typeof (err as { severity?: unknown }).severity === 'string'
}

function toAppError (err: FastifyError | AppError): AppError {
  if (err instanceof AppError) return err
  // A database or AWS service that is down, slow or refusing: 503, retry later.
  const unavailable = dependencyFailure(err)
  if (unavailable) return unavailable
  // Validation lets some values through that Postgres refuses; they are the
  // client's to fix, never a 500.
  if (isDataException(err)) return new AppError('BAD_REQUEST', 'A value in the request is malformed or out of range')
  if (err.validation) {
    const fields = fieldErrors(err)
    const summary = fields.map(f => `${f.field} ${f.message}`).join('; ')
    return new AppError('VALIDATION_ERROR', `Invalid request: ${summary}`, { fields })
  }
  const status = err.statusCode ?? 500
  if (status >= 500) {
    return new AppError(status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR')
  }
  // Framework 4xx errors (bad JSON, wrong content type, too large) carry
  // messages written for clients; keep them, under a stable code.
  const code = CODE_BY_STATUS[status] ?? 'BAD_REQUEST'
  return new AppError(code, err.message || ERRORS[code].message)
}

/**
 * RFC 6750 §3: every 401 names the scheme; when a bearer token was sent and
 * refused (bad, expired, its session ended) it says `invalid_token`, and
 * when none was sent it says nothing more.
 */
function wwwAuthenticate (error: AppError, authorization: string | undefined): string {
  const tokenRefused = (error.code === 'UNAUTHORIZED' || error.code === 'SESSION_EXPIRED') && authorization !== undefined
  if (!tokenRefused) return 'Bearer realm="teamtrek"'
  const description = error.message.replace(/["\\]/g, '')
  return `Bearer realm="teamtrek", error="invalid_token", error_description="${description}"`
}

async function errorsPlugin (fastify: FastifyInstance) {
  fastify.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    const appError = toAppError(err)
    if (appError.statusCode >= 500) {
      request.log.error({ err }, 'request failed')
    } else if (!(err instanceof AppError)) {
      request.log.info({ code: appError.code, reason: err.message }, 'request rejected')
    }
    if (appError.statusCode === 401) reply.header('www-authenticate', wwwAuthenticate(appError, request.headers.authorization))
    if (reply.getHeader('retry-after') === undefined && appError.details?.retryAfterSeconds !== undefined) {
      reply.header('retry-after', String(appError.details.retryAfterSeconds))
    } else if (reply.getHeader('retry-after') === undefined && appError.statusCode === 503) {
      // Every 503 is temporary: tell clients when to come back.
      reply.header('retry-after', '5')
    }
    return reply
      .code(appError.statusCode)
      .type('application/json; charset=utf-8')
      .send(errorBody(appError.code, appError.message, appError.details))
  })

  fastify.setNotFoundHandler((request, reply) => {
    return reply.code(404).send(errorBody('NOT_FOUND', `Route ${request.method} ${request.url.split('?')[0]} not found`))
  })

  // Echo the request id (accepted from the client or generated) so a client
  // can quote it and an operator can find every log line of the request.
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    done()
  })
}

export default fp(errorsPlugin, { name: 'errors', fastify: '5.x' })
