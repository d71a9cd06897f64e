import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * Provider tokens at rest: AES-256-GCM with a key id, so keys rotate (the
 * first key encrypts, every listed key decrypts). The associated data binds
 * a ciphertext to its row (user and provider): a token copied into another
 * user's row does not decrypt.
 *
 * Stored form: `v1.<keyId>.<nonce b64url>.<ciphertext b64url>.<tag b64url>`.
 */
export interface TokenCipher {
  encrypt: (plaintext: string, context: string) => string
  decrypt: (envelope: string, context: string) => string
  /** The key id new envelopes use. */
  currentKeyId: string
}

export class TokenKeyError extends Error {
  override name = 'TokenKeyError'
}

/** Parse `kid:base64,kid2:base64` into keys (32 bytes each). */
export function parseTokenKeys (spec: string): Array<{ id: string, key: Buffer }> {
  const keys = spec.split(',').map(s => s.trim()).filter(Boolean).map((entry) => {
    const at = entry.indexOf(':')
    if (at <= 0) throw new TokenKeyError('each token key is keyId:base64')
    const id = entry.slice(0, at)
    if (!/^[\w-]{1,32}$/.test(id)) throw new TokenKeyError(`token key id "${id}" must be 1-32 letters, digits, _ or -`)
    const key = Buffer.from(entry.slice(at + 1), 'base64')
    if (key.length !== 32) throw new TokenKeyError(`token key "${id}" must be 32 bytes (base64)`)
    return { id, key }
  })
  if (keys.length === 0) throw new TokenKeyError('no token key')
  return keys
}

export function createTokenCipher (spec: string): TokenCipher {
  const keys = parseTokenKeys(spec)
  const byId = new Map(keys.map(k => [k.id, k.key]))
  const current = keys[0]!
  return {
    currentKeyId: current.id,
    encrypt (plaintext, context) {
      const nonce = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', current.key, nonce)
      cipher.setAAD(Buffer.from(context))
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return ['v1', current.id, nonce.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.')
    },
    decrypt (envelope, context) {
      const [version, keyId, nonce, body, tag] = envelope.split('.')
      if (version !== 'v1' || keyId === undefined || nonce === undefined || body === undefined || tag === undefined) throw new TokenKeyError('not a token envelope')
      const key = byId.get(keyId)
      if (!key) throw new TokenKeyError(`token key "${keyId}" is not configured`)
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'))
      decipher.setAAD(Buffer.from(context))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
    }
  }
}
