import type { App } from '../../src/app/app.ts'
import { runJob } from '../../src/workers/handlers.ts'
import { bearer, type Account } from './api.ts'
import type { MockProviders } from './mock-providers.ts'

/** A test key (not the public development key). */
export const TEST_TOKEN_KEYS = `test1:${Buffer.alloc(32, 7).toString('base64')}`
export const STRAVA_VERIFY_TOKEN = 'verify-me-please'
export const GOOGLE_WEBHOOK_TOKEN = 'google-webhook-shared-token'
export const STRAVA_SUBSCRIPTION_ID = 120475

/** Settings that point both providers at the local mock servers. */
export function providerSettings (mock: MockProviders, extra: Record<string, string> = {}): Record<string, string> {
  return {
    INTEGRATIONS_TOKEN_KEYS: TEST_TOKEN_KEYS,
    INTEGRATIONS_CALLBACK_BASE_URL: 'http://127.0.0.1:3000',
    GOOGLE_CLIENT_ID: mock.google.clientId,
    GOOGLE_CLIENT_SECRET: mock.google.clientSecret,
    GOOGLE_AUTH_URL: `${mock.url}/o/oauth2/v2/auth`,
    GOOGLE_OAUTH_URL: mock.url,
    GOOGLE_HEALTH_API_URL: mock.url,
    GOOGLE_WEBHOOK_TOKEN,
    STRAVA_CLIENT_ID: mock.strava.clientId,
    STRAVA_CLIENT_SECRET: mock.strava.clientSecret,
    STRAVA_BASE_URL: mock.url,
    STRAVA_WEBHOOK_VERIFY_TOKEN: STRAVA_VERIFY_TOKEN,
    STRAVA_SUBSCRIPTION_ID: String(STRAVA_SUBSCRIPTION_ID),
    PROVIDER_TIMEOUT_MS: '2000',
    ...extra
  }
}

export async function startConnect (app: App, account: Account, provider: string) {
  return app.inject({ method: 'POST', url: `/integrations/${provider}/connect`, headers: bearer(account.accessToken) })
}

export async function callback (app: App, provider: string, query: URLSearchParams, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url: `/integrations/${provider}/callback?${query.toString()}`, headers })
}

/** The whole consent dance against the mock: connect → provider → callback. Returns the connection id. */
export async function connect (app: App, mock: MockProviders, account: Account, provider: 'google' | 'strava', as?: string | number): Promise<string> {
  if (provider === 'google' && as !== undefined) mock.google.nextSubject = String(as)
  if (provider === 'strava' && as !== undefined) mock.strava.nextAthleteId = Number(as)
  const started = await startConnect(app, account, provider)
  if (started.statusCode !== 200) throw new Error(`connect: ${started.statusCode} ${started.body}`)
  const back = await mock.consent(started.json().data.authorizationUrl)
  const res = await callback(app, provider, back)
  if (res.statusCode !== 200) throw new Error(`callback: ${res.statusCode} ${res.body}`)
  return res.json().data.connectionId
}

export async function sync (app: App, connectionId?: string): Promise<Record<string, number>> {
  return runJob('sync-fitness-data', connectionId === undefined ? {} : { connectionId }, app.jobDeps) as Promise<Record<string, number>>
}

export async function integrationsOf (app: App, account: Account) {
  const res = await app.inject({ method: 'GET', url: '/integrations', headers: bearer(account.accessToken) })
  if (res.statusCode !== 200) throw new Error(`list: ${res.statusCode} ${res.body}`)
  return Object.fromEntries(res.json().data.map((c: any) => [c.provider, c]))
}

/** Local calendar day `d` days from today in UTC. */
export const utcDay = (d = 0) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)
