import type { Config } from '../../../lib/config.ts'
import { checkBaseUrl } from '../http.ts'
import { createGoogleProvider } from './google.ts'
import { createStravaProvider } from './strava.ts'
import { PROVIDER_IDS, type ProviderAdapter, type ProviderId } from './types.ts'

export * from './types.ts'

export interface ProviderSlot {
  id: ProviderId
  name: string
  /** Null: not configured here (no client id/secret), or nothing built (Garmin). */
  adapter: ProviderAdapter | null
  /** Why it cannot be connected, when it cannot. */
  unavailableReason: string | null
}

/** Every provider slot, with its adapter when its settings allow one. Base URLs come from settings only. */
export function providerSlots (config: Config): Map<ProviderId, ProviderSlot> {
  const slots = new Map<ProviderId, ProviderSlot>()
  const google = config.GOOGLE_CLIENT_ID !== undefined && config.GOOGLE_CLIENT_SECRET !== undefined
    ? createGoogleProvider({
      clientId: config.GOOGLE_CLIENT_ID,
      clientSecret: config.GOOGLE_CLIENT_SECRET,
      authUrl: checkBaseUrl('GOOGLE_AUTH_URL', config.GOOGLE_AUTH_URL).toString(),
      oauthUrl: checkBaseUrl('GOOGLE_OAUTH_URL', config.GOOGLE_OAUTH_URL).toString(),
      healthApiUrl: checkBaseUrl('GOOGLE_HEALTH_API_URL', config.GOOGLE_HEALTH_API_URL).toString()
    })
    : null
  const strava = config.STRAVA_CLIENT_ID !== undefined && config.STRAVA_CLIENT_SECRET !== undefined
    ? createStravaProvider({
      clientId: config.STRAVA_CLIENT_ID,
      clientSecret: config.STRAVA_CLIENT_SECRET,
      baseUrl: checkBaseUrl('STRAVA_BASE_URL', config.STRAVA_BASE_URL).toString()
    })
    : null
  const names: Record<ProviderId, string> = { google: 'Google Health', strava: 'Strava', garmin: 'Garmin' }
  for (const id of PROVIDER_IDS) {
    const adapter = id === 'google' ? google : id === 'strava' ? strava : null
    slots.set(id, {
      id,
      name: names[id],
      adapter,
      unavailableReason: id === 'garmin'
        ? 'Garmin Connect\'s developer program is closed to new sign-ups'
        : adapter === null ? 'not configured on this service' : null
    })
  }
  return slots
}
