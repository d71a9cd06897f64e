import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'

/**
 * Keys derived from the server secret, one per purpose, so a value signed
 * for one purpose (an unsubscribe link) never passes for another (an
 * invitation). Changing JWT_SECRET invalidates outstanding invitation links
 * and unsubscribe links along with sessions.
 */
/** The purposes keys are derived for. */
export const INVITATION_KEY = 'invitation-tokens'
export const UNSUBSCRIBE_KEY = 'unsubscribe-links'

export function deriveKey (secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'teamtrek', purpose, 32))
}

function mac (key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url')
}

/**
 * An invitation's token, derived from its id: the email job rebuilds it
 * when it sends, so the plaintext never sits in an event, a job, Redis or a
 * log, and only its hash is stored.
 */
export function invitationToken (key: Buffer, invitationId: string): string {
  return mac(key, `invitation:${invitationId}`)
}

/** A signed value: base64url(JSON) + "." + HMAC. No expiry: unsubscribing must work from old mail too. */
export function signValue (key: Buffer, value: Record<string, string>): string {
  const body = Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${body}.${mac(key, body)}`
}

/** The value of a signed token, or undefined if it was not signed with `key` (or is malformed). */
export function verifyValue (key: Buffer, token: string): Record<string, string> | undefined {
  const dot = token.indexOf('.')
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return undefined
  const body = token.slice(0, dot)
  const given = Buffer.from(token.slice(dot + 1))
  const expected = Buffer.from(mac(key, body))
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
  try {
    const value: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    if (!Object.values(value).every(v => typeof v === 'string')) return undefined
    return value as Record<string, string>
  } catch {
    return undefined
  }
}
