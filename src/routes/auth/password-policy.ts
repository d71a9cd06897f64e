/**
 * ASVS 5.0 password rules: 8 to 128 characters, any characters, no
 * composition rules, and not one of the commonly used passwords (the
 * 49,000-entry list that ships with zxcvbn-ts).
 */
export const PASSWORD_MIN_LENGTH = 8
export const PASSWORD_MAX_LENGTH = 128

// The list (~400 KB of code) is loaded when a password is first checked.
let commonPasswords: Promise<Set<string>> | undefined
const loadCommonPasswords = () => (commonPasswords ??= import('./common-passwords.ts').then(({ dictionary }) => new Set(
  (dictionary['passwords-common'] as string[])
    .filter(p => p.length >= PASSWORD_MIN_LENGTH)
    .map(p => p.toLowerCase())
)))

/** The reasons a password is refused; empty when it is acceptable. */
export async function passwordProblems (password: string, context: { email?: string } = {}): Promise<string[]> {
  const problems: string[] = []
  const length = [...password].length
  if (length < PASSWORD_MIN_LENGTH) problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters`)
  if (length > PASSWORD_MAX_LENGTH) problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`)
  const lowered = password.toLowerCase()
  if ((await loadCommonPasswords()).has(lowered)) problems.push('is too common')
  if (context.email !== undefined && lowered === context.email.toLowerCase()) problems.push('must not be your email')
  return problems
}
