import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { SessionEndReason, TeamEvent } from './port.ts'

/**
 * The WebSocket protocol (openapi/asyncapi.yaml describes it for clients),
 * shared by the `/ws` gateway and the API Gateway WebSocket handlers so a
 * client behaves the same on every runtime.
 */

/** API Gateway's frame limit, held in every mode. */
export const MAX_FRAME_BYTES = 128 * 1024

const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' })
const Token = Type.String({ minLength: 1, maxLength: 4096 })
const Seq = Type.Integer({ minimum: 0 })

const strict = { additionalProperties: false }
export const ClientFrameSchema = Type.Union([
  Type.Object({ action: Type.Literal('auth'), token: Token }, strict),
  Type.Object({ action: Type.Literal('subscribe'), teamId: Uuid, token: Type.Optional(Token), after: Type.Optional(Seq) }, strict),
  Type.Object({ action: Type.Literal('unsubscribe'), teamId: Uuid }, strict),
  Type.Object({ action: Type.Literal('resume'), teamId: Uuid, after: Seq }, strict),
  Type.Object({
    action: Type.Literal('sendMessage'),
    teamId: Uuid,
    text: Type.String(),
    clientMessageId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 }))
  }, strict),
  Type.Object({ action: Type.Literal('ping') }, strict)
])
export type ClientFrame = Static<typeof ClientFrameSchema>
export type ClientAction = ClientFrame['action']
const ACTIONS = new Set<string>(['auth', 'subscribe', 'unsubscribe', 'resume', 'sendMessage', 'ping'])

/** Stable error codes of error frames (clients branch on them: never rename one). */
export type ProtocolErrorCode =
  | 'BAD_FRAME' // not JSON, unknown action, or fields that do not fit
  | 'FRAME_TOO_LARGE'
  | 'UNAUTHORIZED' // no token yet, or one that does not verify
  | 'TOKEN_EXPIRED' // the access token ran out: the connection closes (4401) unless renewed before
  | 'SESSION_EXPIRED' // the login behind the token has ended
  | 'USER_MISMATCH' // `auth` with another person's token
  | 'TEAM_NOT_FOUND' // not a member (or no such team): the same answer either way
  | 'NOT_SUBSCRIBED'
  | 'TOO_MANY_SUBSCRIPTIONS'
  | 'RATE_LIMITED'
  | 'VALIDATION_ERROR' // chat text empty or too long
  | 'FORBIDDEN'
  | 'INTERNAL_ERROR'

export class ProtocolError extends Error {
  override name = 'ProtocolError'
  readonly code: ProtocolErrorCode
  constructor (code: ProtocolErrorCode, message: string) {
    super(message)
    this.code = code
  }
}

/** Why a subscription ended without the client asking. */
export type EndReason = 'left' | 'removed' | 'team_deleted'

/** Why a member_left event ends the subscription of the member who went. */
export function endReasonOf (reason: unknown): EndReason {
  if (reason === 'removed') return 'removed'
  if (reason === 'team_deleted') return 'team_deleted'
  return 'left'
}

/** Every frame the server sends. Team events carry `id` and `seq`. */
export type ServerFrame =
  | { type: 'authenticated', userId: string, expiresAt: string }
  | { type: 'subscribed', teamId: string, seq: number }
  | { type: 'unsubscribed', teamId: string }
  | { type: 'subscription_ended', teamId: string, reason: EndReason }
  | { type: 'session_ended', reason: SessionEndReason }
  | { type: 'resync_required', teamId: string, seq: number }
  | { type: 'message_sent', teamId: string, clientMessageId?: string, messageId: string, duplicate: boolean }
  | { type: 'pong', at: string }
  | { type: 'notification', data: Record<string, unknown> }
  | { type: 'reconnect', reason: 'server_shutdown' | 'max_connection_age' }
  | { type: 'error', code: ProtocolErrorCode, message: string, action?: string, teamId?: string }
  | (TeamEvent & { type: TeamEvent['type'] })

/** Parse one client frame; a ProtocolError says exactly what is wrong. */
export function parseFrame (raw: string | Buffer): ClientFrame {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length
  if (size > MAX_FRAME_BYTES) throw new ProtocolError('FRAME_TOO_LARGE', `frames are at most ${MAX_FRAME_BYTES} bytes`)
  let value: unknown
  try {
    value = JSON.parse(raw.toString())
  } catch {
    throw new ProtocolError('BAD_FRAME', 'frames are JSON objects with an "action"')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProtocolError('BAD_FRAME', 'frames are JSON objects with an "action"')
  const action = (value as { action?: unknown }).action
  if (typeof action !== 'string' || !ACTIONS.has(action)) {
    throw new ProtocolError('BAD_FRAME', `unknown action; one of ${[...ACTIONS].join(', ')}`)
  }
  if (!Value.Check(ClientFrameSchema, value)) {
    const schema = ClientFrameSchema.anyOf.find(s => s.properties.action.const === action)!
    const first = Value.Errors(schema, value).First()
    throw new ProtocolError('BAD_FRAME', first ? `${action}: ${first.path || '/'} ${first.message}` : `${action}: invalid`)
  }
  return value
}

/** The action named by a frame that failed to parse, when there is one (for the error frame). */
export function actionOf (raw: string | Buffer): string | undefined {
  try {
    const action = (JSON.parse(raw.toString()) as { action?: unknown }).action
    return typeof action === 'string' && ACTIONS.has(action) ? action : undefined
  } catch {
    return undefined
  }
}

export function errorFrame (err: unknown, context: { action?: string | undefined, teamId?: string | undefined } = {}): ServerFrame {
  const base = { ...(context.action !== undefined && { action: context.action }), ...(context.teamId !== undefined && { teamId: context.teamId }) }
  if (err instanceof ProtocolError) return { type: 'error', code: err.code, message: err.message, ...base }
  // AppErrors from the domains (chat) keep their code when the protocol knows it.
  const code = (err as { code?: string }).code
  if (code !== undefined && KNOWN_DOMAIN_CODES.has(code)) {
    return { type: 'error', code: code as ProtocolErrorCode, message: (err as Error).message, ...base }
  }
  return { type: 'error', code: 'INTERNAL_ERROR', message: 'Something went wrong; retry', ...base }
}

const KNOWN_DOMAIN_CODES = new Set(['TEAM_NOT_FOUND', 'RATE_LIMITED', 'VALIDATION_ERROR', 'FORBIDDEN', 'UNAUTHORIZED', 'SESSION_EXPIRED'])

/** WebSocket close codes the server uses (4000–4999 are the application's). */
export const CLOSE = {
  /** Going away: server shutdown or the 2-hour limit; reconnect and resume. */
  reconnect: 1012,
  idle: 4000,
  unauthorized: 4401,
  tokenExpired: 4401,
  /** Signed out, session revoked or account deleted: sign in again rather than reconnect. */
  sessionEnded: 4001,
  slowReader: 4008,
  forbiddenOrigin: 4403
} as const
