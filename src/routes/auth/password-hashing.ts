import argon2 from 'argon2'

// OWASP Password Storage Cheat Sheet, argon2id first option:
// 19 MiB memory, 2 iterations, 1 lane.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

/** A full PHC string ($argon2id$v=19$m=19456,p=1,t=2$salt$hash). */
export function hashPassword (password: string): Promise<string> {
  return argon2.hash(password, OPTIONS)
}

export function verifyPassword (hash: string, password: string): Promise<boolean> {
  return argon2.verify(hash, password)
}

let dummyHash: Promise<string> | undefined

/**
 * Spend the same work as a real verification when the email is unknown, so
 * response time does not reveal which emails have accounts.
 */
export async function verifyAgainstDummy (password: string): Promise<false> {
  dummyHash ??= hashPassword('teamtrek-timing-equaliser')
  await argon2.verify(await dummyHash, password)
  return false
}
