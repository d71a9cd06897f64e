import { ConfigError, loadConfig, type ResolvedConfig } from '../lib/config.ts'
import { secretsManagerReader, withSecretSettings } from './secret-settings.ts'

/**
 * Settings on Lambda (the API and the workers): secrets read from Secrets
 * Manager, AWS services the real ones (which also makes loadConfig refuse
 * the public development JWT secret), and outbox events published before
 * the response is returned, since Lambda may freeze the process right after.
 *
 * No load shedding, whatever MAX_EVENT_LOOP_DELAY_MS says. Lambda hands an
 * execution environment one event at a time and scales by adding
 * environments, so there is never a queue to protect, only the one request
 * to refuse. And Lambda freezes an idle environment: on the thaw the clock
 * has jumped by the whole pause, which a delay monitor reads as a stalled
 * event loop (every request after an idle spell answered 503).
 */
export async function loadLambdaConfig (env: NodeJS.ProcessEnv = process.env): Promise<ResolvedConfig> {
  const withSecrets = await withSecretSettings(env, secretsManagerReader(env.AWS_REGION))
  const config = loadConfig({
    ...withSecrets,
    AWS_SERVICES: withSecrets.AWS_SERVICES ?? 'aws',
    OUTBOX_RELAY: withSecrets.OUTBOX_RELAY ?? 'before-response',
    // The client's address is API Gateway's requestContext source IP, which
    // @fastify/aws-lambda passes as the peer address; X-Forwarded-For there
    // starts with whatever the client wrote.
    TRUST_PROXY: '0',
    MAX_EVENT_LOOP_DELAY_MS: '0'
  })
  if (config.DATABASE_URL === undefined) {
    throw new ConfigError('DATABASE_URL is required on Lambda (there is no embedded mode there)')
  }
  return { ...config, DATABASE_URL: config.DATABASE_URL }
}
