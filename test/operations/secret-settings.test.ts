import t from 'tap'
import { withSecretSettings } from '../../src/app/secret-settings.ts'

// Secrets Manager cannot run here: a reader over a fixed map stands in for it.
const secrets: Record<string, string> = {
  'arn:db': JSON.stringify({ username: 'teamtrek', password: 'p@ss/w:rd', host: 'cluster.internal', port: 5432, dbname: 'teamtrek' }),
  'arn:jwt': 'a-generated-secret-of-plenty-of-characters-000'
}
const read = async (id: string) => {
  if (!(id in secrets)) throw new Error(`no secret ${id}`)
  return secrets[id]!
}

t.test('DATABASE_URL and JWT_SECRET are filled in from Secrets Manager ARNs', async (t) => {
  const env = await withSecretSettings({ DATABASE_SECRET_ARN: 'arn:db', DATABASE_HOST: 'proxy.example', JWT_SECRET_ARN: 'arn:jwt' }, read)
  const url = new URL(env.DATABASE_URL!)
  t.equal(url.hostname, 'proxy.example', 'the proxy endpoint wins over the cluster host')
  t.equal(decodeURIComponent(url.password), 'p@ss/w:rd', 'awkward characters survive')
  t.equal(url.pathname, '/teamtrek')
  t.equal(url.searchParams.get('sslmode'), 'verify-full')
  t.equal(env.JWT_SECRET, secrets['arn:jwt'])
})

t.test('settings given directly win, and nothing is read without ARNs', async (t) => {
  const env = await withSecretSettings({ DATABASE_URL: 'postgres://x@y/z', DATABASE_SECRET_ARN: 'arn:missing', JWT_SECRET: 'given-directly-and-long-enough-0000000' }, read)
  t.equal(env.DATABASE_URL, 'postgres://x@y/z')
  t.same(await withSecretSettings({ PORT: '3000' }, read), { PORT: '3000' })
})

t.test('the provider-token keys and provider client secrets come from their ARNs too', async (t) => {
  const keys = `k1:${Buffer.alloc(32, 3).toString('base64')}`
  const reader = async (id: string) => ({ 'arn:keys': keys, 'arn:google': 'google-client-secret', 'arn:strava': 'strava-client-secret' } as Record<string, string>)[id] ?? Promise.reject(new Error(`no secret ${id}`))
  const env = await withSecretSettings({ INTEGRATIONS_TOKEN_KEYS_ARN: 'arn:keys', GOOGLE_CLIENT_SECRET_ARN: 'arn:google', STRAVA_CLIENT_SECRET_ARN: 'arn:strava' }, reader)
  t.equal(env.INTEGRATIONS_TOKEN_KEYS, keys)
  t.equal(env.GOOGLE_CLIENT_SECRET, 'google-client-secret')
  t.equal(env.STRAVA_CLIENT_SECRET, 'strava-client-secret')
})

t.test('the webhook secrets too, and the token key in the JSON form the deployment generates', async (t) => {
  const generated = JSON.stringify({ keyId: 'k1', key: 'Abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' })
  const stored: Record<string, string> = { 'arn:keys': generated, 'arn:gw': 'google-webhook-secret-000000', 'arn:sv': 'strava-verify-token' }
  const reader = async (id: string) => stored[id] ?? Promise.reject(new Error(`no secret ${id}`))
  const env = await withSecretSettings({ INTEGRATIONS_TOKEN_KEYS_ARN: 'arn:keys', GOOGLE_WEBHOOK_TOKEN_ARN: 'arn:gw', STRAVA_WEBHOOK_VERIFY_TOKEN_ARN: 'arn:sv' }, reader)
  t.equal(env.INTEGRATIONS_TOKEN_KEYS, 'k1:Abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG')
  t.equal(Buffer.from(env.INTEGRATIONS_TOKEN_KEYS!.slice(3), 'base64').length, 32, '43 base64 characters are the 32 bytes the cipher needs')
  t.equal(env.GOOGLE_WEBHOOK_TOKEN, 'google-webhook-secret-000000')
  t.equal(env.STRAVA_WEBHOOK_VERIFY_TOKEN, 'strava-verify-token')
  stored['arn:keys'] = '{"keyId":"k1"}'
  await t.rejects(withSecretSettings({ INTEGRATIONS_TOKEN_KEYS_ARN: 'arn:keys' }, reader), /needs "keyId" and "key"/)
})
