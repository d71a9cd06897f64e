import { createPublicKey, verify, type KeyObject } from 'node:crypto'

/**
 * Google Health signs every webhook request: an ECDSA (NIST P-256)
 * signature of the JSON body in the X-HEALTHAPI-SIGNATURE header, checked
 * with Google's public key. The header is base64 (standard or URL-safe) of
 * either a DER signature or the raw 64-byte r‖s form; both are tried.
 */
export function webhookPublicKey (pem: string): KeyObject {
  let key: KeyObject
  try {
    key = createPublicKey(pem.replace(/\\n/g, '\n'))
  } catch {
    throw new Error('GOOGLE_WEBHOOK_PUBLIC_KEY is not a PEM public key')
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('GOOGLE_WEBHOOK_PUBLIC_KEY must be an ECDSA P-256 key')
  }
  return key
}

/** True when `signature` (the header) signs exactly `body` (the bytes received). */
export function signedBy (key: KeyObject, body: string, signature: string | undefined): boolean {
  if (signature === undefined || signature.length === 0 || signature.length > 512) return false
  const bytes = Buffer.from(signature.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
  if (bytes.length === 0) return false
  const data = Buffer.from(body, 'utf8')
  for (const dsaEncoding of ['der', 'ieee-p1363'] as const) {
    try {
      if (verify('sha256', data, { key, dsaEncoding }, bytes)) return true
    } catch {
      // Not this encoding.
    }
  }
  return false
}
