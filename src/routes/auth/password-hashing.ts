// The native addon is loaded when a password is first hashed or checked:
// most requests (and every cold start) never touch one.
let loaded: Promise<typeof import('argon2')> | undefined
const argon2 = () => (loaded ??= import('argon2').then(m => m.default))

// OWASP Password Storage Cheat Sheet, argon2id first option:
// 19 MiB memory, 2 iterations, 1 lane.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

/** A full PHC string ($argon2id$v=19$m=19456,p=1,t=2$salt$hash). */
export async function hashPassword (password: string): Promise<string> {
  const { hash, argon2id } = await argon2()
  return hash(password, { ...OPTIONS, type: argon2id })
}

export async function verifyPassword (hash: string, password: string): Promise<boolean> {
  return (await argon2()).verify(hash, password)
}

let dummyHash: Promise<string> | undefined

/**
 * Spend the same work as a real verification when the email is unknown, so
 * response time does not reveal which emails have accounts.
 */
export async function verifyAgainstDummy (password: string): Promise<false> {
  dummyHash ??= hashPassword('teamtrek-timing-equaliser')
  await (await argon2()).verify(await dummyHash, password)
  return false
}
