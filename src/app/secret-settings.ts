import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { loadConfig, type Config } from '../lib/config.ts'

export type SecretReader = (secretId: string) => Promise<string>

/** Read a secret's string from AWS Secrets Manager (the SDK is loaded on first use: most starts read nothing). */
export function secretsManagerReader (region?: string): SecretReader {
  let client: SecretsManagerClient | undefined
  return async (secretId) => {
    const { GetSecretValueCommand, SecretsManagerClient } = await import('../lib/aws/secrets-manager-sdk.ts')
    client ??= new SecretsManagerClient(region === undefined ? {} : { region })
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }))
    if (SecretString === undefined) throw new Error(`secret ${secretId} has no string value`)
    return SecretString
  }
}

/**
 * On AWS the database credentials and the JWT key live in Secrets Manager,
 * and a Lambda function cannot receive a secret as an environment variable
 * without writing its value into the function's configuration. So the
 * deployment passes their ARNs (DATABASE_SECRET_ARN with DATABASE_HOST /
 * DATABASE_NAME, JWT_SECRET_ARN, INTEGRATIONS_TOKEN_KEYS_ARN,
 * GOOGLE_CLIENT_SECRET_ARN, GOOGLE_WEBHOOK_TOKEN_ARN, STRAVA_CLIENT_SECRET_ARN,
 * STRAVA_WEBHOOK_VERIFY_TOKEN_ARN), and this fills in the settings from
 * them at start, unless those are set directly.
 */
export async function withSecretSettings (env: Record<string, string | undefined>, read: SecretReader): Promise<Record<string, string | undefined>> {
  const resolved = { ...env }
  if (!resolved.DATABASE_URL && resolved.DATABASE_SECRET_ARN) {
    // The RDS-generated secret: {"username","password","host","port","dbname",…}
    const secret = JSON.parse(await read(resolved.DATABASE_SECRET_ARN)) as Record<string, unknown>
    const host = resolved.DATABASE_HOST ?? String(secret.host ?? '')
    const port = String(secret.port ?? 5432)
    const database = resolved.DATABASE_NAME ?? String(secret.dbname ?? 'postgres')
    if (!host || typeof secret.username !== 'string' || typeof secret.password !== 'string') {
      throw new Error('DATABASE_SECRET_ARN: the secret needs username and password, and a host (or DATABASE_HOST)')
    }
    const url = new URL(`postgres://${host}:${port}/${encodeURIComponent(database)}`)
    url.username = encodeURIComponent(secret.username)
    url.password = encodeURIComponent(secret.password)
    // RDS Proxy requires TLS; its certificate chains to a public CA.
    url.searchParams.set('sslmode', 'verify-full')
    resolved.DATABASE_URL = url.toString()
  }
  if (!resolved.JWT_SECRET && resolved.JWT_SECRET_ARN) {
    resolved.JWT_SECRET = await read(resolved.JWT_SECRET_ARN)
  }
  // The provider-token keys, the providers' client secrets and our webhook secrets.
  for (const name of ['INTEGRATIONS_TOKEN_KEYS', 'GOOGLE_CLIENT_SECRET', 'GOOGLE_WEBHOOK_TOKEN', 'STRAVA_CLIENT_SECRET', 'STRAVA_WEBHOOK_VERIFY_TOKEN']) {
    const arn = resolved[`${name}_ARN`]
    if (!resolved[name] && arn) resolved[name] = await read(arn)
  }
  if (resolved.INTEGRATIONS_TOKEN_KEYS?.trimStart().startsWith('{') === true) {
    resolved.INTEGRATIONS_TOKEN_KEYS = tokenKeysOfJson(resolved.INTEGRATIONS_TOKEN_KEYS)
  }
  return resolved
}

/**
 * The deployment generates the first token key as `{"keyId":"k1","key":"<43
 * base64 characters>"}` (Secrets Manager generates JSON, not `keyId:base64`).
 * A rotated value is written by hand in the plain form (`k2:…,k1:…`).
 */
function tokenKeysOfJson (value: string): string {
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    throw new Error('INTEGRATIONS_TOKEN_KEYS_ARN: the secret is neither keyId:base64 nor JSON')
  }
  const { keyId, key } = (parsed ?? {}) as { keyId?: unknown, key?: unknown }
  if (typeof keyId !== 'string' || typeof key !== 'string' || keyId === '' || key === '') {
    throw new Error('INTEGRATIONS_TOKEN_KEYS_ARN: a JSON secret needs "keyId" and "key"')
  }
  return `${keyId}:${key}`
}

/**
 * The settings of a process started from a shell or a container (the
 * server, the worker, the job CLI): the environment, with the secrets
 * behind any ARNs it names filled in.
 */
export async function loadConfigWithSecrets (env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  return loadConfig(await withSecretSettings(env, secretsManagerReader(env.AWS_REGION)))
}
