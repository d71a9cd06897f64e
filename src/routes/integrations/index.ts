import { tokenKeysOf } from '../../lib/config.ts'
import { defineDomain } from '../../plugins/domain.ts'
import { providerSlots } from './providers/index.ts'
import integrationsRoutes from './routes.ts'
import { INTEGRATION_SCHEMAS } from './schemas.ts'
import { createIntegrationService, type IntegrationService } from './service.ts'
import { createTokenCipher } from './token-cipher.ts'
import { webhookPublicKey } from './webhook-signature.ts'

declare module 'fastify' {
  interface FastifyInstance {
    integrations: IntegrationService
  }
}

/** Fitness trackers: Google Health and Strava connections, their webhooks, and the `sync-fitness-data` job. */
export default defineDomain({
  name: 'integrations',
  tags: [{ name: 'integrations', description: 'Fitness-tracker connections (Google Health, Strava), their sync health and webhooks' }],
  schemas: INTEGRATION_SCHEMAS,
  uses: ['activities'],
  services: (fastify, config) => {
    const keys = tokenKeysOf(config)
    fastify.decorate('integrations', createIntegrationService(fastify.db, {
      slots: providerSlots(config),
      cipher: keys === undefined ? null : createTokenCipher(keys),
      callbackBaseUrl: (config.INTEGRATIONS_CALLBACK_BASE_URL ?? config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, ''),
      http: { timeoutMs: config.PROVIDER_TIMEOUT_MS, maxResponseBytes: config.PROVIDER_MAX_RESPONSE_BYTES },
      backfillDays: config.FITNESS_BACKFILL_DAYS,
      staleNoticeHours: config.FITNESS_STALE_NOTICE_HOURS,
      atRiskHours: config.FITNESS_AT_RISK_HOURS,
      googleRequestsPerMinute: config.GOOGLE_REQUESTS_PER_MINUTE_PER_USER,
      googleWebhookToken: config.GOOGLE_WEBHOOK_TOKEN,
      googleWebhookKey: config.GOOGLE_WEBHOOK_PUBLIC_KEY === undefined ? undefined : webhookPublicKey(config.GOOGLE_WEBHOOK_PUBLIC_KEY),
      stravaVerifyToken: config.STRAVA_WEBHOOK_VERIFY_TOKEN,
      stravaSubscriptionId: config.STRAVA_SUBSCRIPTION_ID,
      stravaLimit15Min: config.STRAVA_LIMIT_15_MIN,
      stravaLimitDay: config.STRAVA_LIMIT_DAY,
      activities: () => fastify.activities,
      log: fastify.log.child({ domain: 'integrations' })
    }))
  },
  routes: integrationsRoutes,
  auth: 'public'
})
