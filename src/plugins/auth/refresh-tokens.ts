import { createHash, randomBytes } from 'node:crypto'

/**
 * Refresh tokens are opaque 256-bit random strings. Only their SHA-256 is
 * stored: they carry enough entropy that a slow hash adds nothing, and a
 * leaked table does not yield usable tokens.
 */
export function newRefreshToken (): string {
  return randomBytes(32).toString('base64url')
}

export function hashRefreshToken (token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
