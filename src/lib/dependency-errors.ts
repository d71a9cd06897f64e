import { AppError } from './errors.ts'

/**
 * Failures of a backing service (Postgres, DynamoDB and the other AWS
 * services) that say nothing about the request: the client should retry
 * later, so they are 503 with Retry-After, never a 500 and never a hang.
 */

/** Seconds a client should wait before retrying, per kind of failure. */
export const RETRY_AFTER_SECONDS = { database: 5, timeout: 2, dependency: 5 } as const

// Socket-level failures, whoever raised them (pg, the AWS SDK's HTTP handler, Node's DNS).
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH',
  'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_SOCKET_CONNECTION_TIMEOUT'
])

// What pg says when the connection itself went away or never came.
const PG_CONNECTION_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/

/** SQLSTATEs: statement_timeout (57014 query_canceled) and lock_timeout (55P03). */
const PG_TIMEOUT_STATES = new Set(['57014', '55P03'])
/**
 * The server is going away or refusing work: admin_shutdown, crash_shutdown,
 * cannot_connect_now (starting up or shutting down), too_many_connections,
 * and class 08 (connection exceptions).
 */
const PG_UNAVAILABLE_STATES = /^(57P0[123]|53300|08[0-9A-Z]{3})$/

// AWS SDK v3: throttling and server-side faults, after the SDK's own retries.
const AWS_RETRYABLE_NAMES = new Set([
  'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ThrottlingException', 'Throttling',
  'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'ServiceUnavailable',
  'InternalServerError', 'InternalFailure', 'ServiceUnavailableException'
])

interface ErrorLike {
  code?: unknown
  name?: unknown
  message?: unknown
  severity?: unknown
  $metadata?: unknown
  $fault?: unknown
  errors?: unknown
}

function networkCode (err: ErrorLike): boolean {
  if (typeof err.code === 'string' && NETWORK_CODES.has(err.code)) return true
  // Node's happy-eyeballs connect reports every address it tried in an AggregateError.
  return Array.isArray(err.errors) && err.errors.some(e => typeof e === 'object' && e !== null && networkCode(e as ErrorLike))
}

/** An error from the AWS SDK (it attaches `$metadata` to everything it throws). */
function fromAwsSdk (err: ErrorLike): boolean {
  return typeof err.$metadata === 'object' && err.$metadata !== null
}

/** The AppError a backing-service failure stands for, or null when `err` is something else. */
export function dependencyFailure (error: unknown): AppError | null {
  if (typeof error !== 'object' || error === null) return null
  const err = error as ErrorLike
  const pgState = typeof err.severity === 'string' && typeof err.code === 'string' ? err.code : undefined
  if (pgState !== undefined && PG_TIMEOUT_STATES.has(pgState)) {
    return new AppError('DATABASE_TIMEOUT', undefined, { retryAfterSeconds: RETRY_AFTER_SECONDS.timeout })
  }
  if (pgState !== undefined && PG_UNAVAILABLE_STATES.test(pgState)) {
    return new AppError('DATABASE_UNAVAILABLE', undefined, { retryAfterSeconds: RETRY_AFTER_SECONDS.database })
  }
  if (fromAwsSdk(err)) {
    const name = typeof err.name === 'string' ? err.name : ''
    if (networkCode(err) || AWS_RETRYABLE_NAMES.has(name) || err.$fault === 'server') {
      return new AppError('DEPENDENCY_UNAVAILABLE', undefined, { retryAfterSeconds: RETRY_AFTER_SECONDS.dependency })
    }
    return null
  }
  if (err.name === 'TimeoutError' && typeof err.message === 'string' && /socket|connection|request/i.test(err.message)) {
    return new AppError('DEPENDENCY_UNAVAILABLE', undefined, { retryAfterSeconds: RETRY_AFTER_SECONDS.dependency })
  }
  // What is left is Postgres: the one other service requests wait on (Redis
  // failures are absorbed where Redis is used).
  if (networkCode(err) || (typeof err.message === 'string' && PG_CONNECTION_MESSAGES.test(err.message))) {
    return new AppError('DATABASE_UNAVAILABLE', undefined, { retryAfterSeconds: RETRY_AFTER_SECONDS.database })
  }
  return null
}
