import { randomUUID } from 'node:crypto'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify'
import { errorBody } from '../lib/envelope.ts'
import type { ErrorCode } from '../lib/errors.ts'
import { API_HELMET_OPTIONS, securityHeaders } from '../plugins/security/security-headers.ts'

/**
 * Answers Fastify and Node give before any hook runs: a URL that does not
 * decode (`/teams/%zz`), a path segment longer than the router takes, and
 * requests Node's parser refuses (headers too large, a request too slow).
 * They get the same envelope, request id and security headers as every
 * other answer, and never repeat what the client sent (the default 414
 * body echoed the decoded path).
 */
const HEADERS = securityHeaders(API_HELMET_OPTIONS)

// Not `import … from 'node:http'`: an ES import of node:http builds its
// module namespace by reading every export, and the lazy WebSocket getters
// among them load undici (tens of ms of a Lambda cold start, for a table).
const { STATUS_CODES } = process.getBuiltinModule('node:http')

const FRAMEWORK: Record<string, { status: number, code: ErrorCode, message: string }> = {
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_REQUEST', message: 'The URL is not valid (a malformed percent-encoding)' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', message: 'A path segment is too long' }
}

export const frameworkErrors = ((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
  const known = FRAMEWORK[error.code] ?? { status: 400, code: 'BAD_REQUEST', message: 'The request could not be understood' }
  request.log.info({ code: known.code, reason: error.code }, 'request rejected before routing')
  reply
    .code(known.status)
    .headers(HEADERS)
    .header('x-request-id', request.id)
    .type('application/json; charset=utf-8')
    .send(errorBody(known.code, known.message))
  // Fastify types this option as a generic function; this one handles any request.
}) as unknown as NonNullable<FastifyServerOptions['frameworkErrors']>

const CLIENT_ERRORS: Record<string, { status: number, code: ErrorCode, message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'HEADERS_TOO_LARGE', message: 'The request headers are too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT', message: 'The request took too long to arrive' }
}

/** Node's `clientError`: the request never became one, so the answer is written to the socket. */
export const clientErrorHandler: NonNullable<FastifyServerOptions['clientErrorHandler']> = (err, socket: Socket) => {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const known = CLIENT_ERRORS[err.code ?? ''] ?? { status: 400, code: 'BAD_REQUEST', message: 'The request could not be understood' }
  if (socket.writable) {
    const body = JSON.stringify(errorBody(known.code, known.message))
    const headers: Record<string, string | number> = {
      ...HEADERS,
      'x-request-id': randomUUID(),
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      connection: 'close'
    }
    const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')
    socket.write(`HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\n${head}\r\n${body}`)
  }
  socket.destroy(err)
}
