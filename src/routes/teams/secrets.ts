import { createHash, randomInt } from 'node:crypto'

// No 0/O, 1/I/L: codes are read aloud and typed on phones.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
const CODE_LENGTH = 8

/** A join code: 8 characters from 31, about 8.5e11 possibilities. */
export function newJoinCode (): string {
  let code = ''
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]
  return code
}

/** Codes are case-insensitive and forgiving of spaces and dashes. */
export function normaliseJoinCode (input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '')
}

/** Invitation tokens are stored hashed; only the email carries the token (derived: src/lib/signing.ts). */
export function hashInvitationToken (token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
