import { Type, type Static } from '@sinclair/typebox'
import { isIanaTimeZone } from '../../../lib/time-zones.ts'
import { ProviderHttpError } from '../http.ts'
import { ProviderAuthError, type ProviderActivity, type ProviderAdapter, type ProviderCall, type ProviderTokens } from './types.ts'

export interface StravaSettings {
  clientId: string
  clientSecret: string
  baseUrl: string
}

/** Public activities and the profile; private ones stay private. */
export const STRAVA_SCOPE = 'read,activity:read'

const TokenResponse = Type.Object({
  access_token: Type.String({ minLength: 1, maxLength: 4096 }),
  refresh_token: Type.String({ minLength: 1, maxLength: 4096 }),
  expires_at: Type.Integer({ minimum: 0 }),
  token_type: Type.Optional(Type.String()),
  athlete: Type.Optional(Type.Object({ id: Type.Integer() }))
})

const Activity = Type.Object({
  id: Type.Integer(),
  distance: Type.Number({ minimum: 0, maximum: 10_000_000 }),
  moving_time: Type.Optional(Type.Integer({ minimum: 0 })),
  elapsed_time: Type.Integer({ minimum: 0 }),
  sport_type: Type.Optional(Type.String({ maxLength: 64 })),
  type: Type.Optional(Type.String({ maxLength: 64 })),
  // Value.Check knows no formats: the date is parsed (and refused when unreadable) in activityOf.
  start_date: Type.String({ minLength: 10, maxLength: 40 }),
  timezone: Type.Optional(Type.String({ maxLength: 128 }))
})

const SPORTS: Record<string, ProviderActivity['type']> = {
  Walk: 'walk',
  Run: 'run',
  TrailRun: 'run',
  VirtualRun: 'run',
  Hike: 'hike',
  Swim: 'swim',
  Ride: 'cycle',
  MountainBikeRide: 'cycle',
  GravelRide: 'cycle',
  EBikeRide: 'cycle',
  EMountainBikeRide: 'cycle',
  VirtualRide: 'cycle',
  Velomobile: 'cycle',
  Handcycle: 'cycle'
}

/** Strava's zone is "(GMT+00:00) Europe/London": the IANA name after the offset. */
export function stravaTimeZone (value: string | undefined): string | null {
  const name = value?.replace(/^\(GMT[^)]*\)\s*/, '').trim()
  return name !== undefined && isIanaTimeZone(name) ? name : null
}

function activityOf (a: Static<typeof Activity>): ProviderActivity | null {
  const startedAt = new Date(a.start_date)
  if (Number.isNaN(startedAt.getTime())) return null
  const duration = a.moving_time !== undefined && a.moving_time > 0 ? a.moving_time : a.elapsed_time
  return {
    externalId: String(a.id),
    type: SPORTS[a.sport_type ?? a.type ?? ''] ?? 'other',
    distanceMeters: a.distance,
    durationSeconds: duration > 0 ? duration : null,
    startedAt,
    timezone: stravaTimeZone(a.timezone)
  }
}

async function tokenCall (call: ProviderCall, settings: StravaSettings, form: Record<string, string>): Promise<ProviderTokens> {
  try {
    const { body } = await call({ method: 'POST', url: new URL('/oauth/token', settings.baseUrl), form: { ...form, client_id: settings.clientId, client_secret: settings.clientSecret } }, TokenResponse)
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: new Date(body.expires_at * 1000),
      providerUserId: body.athlete ? String(body.athlete.id) : undefined
    }
  } catch (err) {
    if (err instanceof ProviderHttpError && (err.status === 400 || err.status === 401)) throw new ProviderAuthError('strava refused the grant')
    throw err
  }
}

/**
 * Strava: OAuth 2.0 authorization code (no PKCE: Strava does not take it,
 * so the client secret and the single-use state carry the flow), unsigned
 * webhooks without the sport (so activities are fetched), per-application
 * rate limits, and data shown to its owner only.
 */
export function createStravaProvider (settings: StravaSettings): ProviderAdapter {
  const api = (path: string) => new URL(`/api/v3${path}`, settings.baseUrl)
  return {
    id: 'strava',
    source: 'strava',
    pkce: false,
    displayRestricted: true,
    authorizationUrl ({ state, redirectUri }) {
      const url = new URL('/oauth/authorize', settings.baseUrl)
      url.search = new URLSearchParams({
        client_id: settings.clientId, redirect_uri: redirectUri, response_type: 'code', approval_prompt: 'auto', scope: STRAVA_SCOPE, state
      }).toString()
      return url.toString()
    },
    async exchangeCode (call, { code, grantedScope }) {
      // The athlete may untick scopes on Strava's page: without activity:read there is nothing to sync.
      const granted = (grantedScope ?? '').split(',')
      if (!granted.includes('activity:read') && !granted.includes('activity:read_all')) throw new ProviderAuthError('activity:read was not granted')
      const tokens = await tokenCall(call, settings, { grant_type: 'authorization_code', code })
      return { ...tokens, scopes: grantedScope }
    },
    refresh: (call, refreshToken) => tokenCall(call, settings, { grant_type: 'refresh_token', refresh_token: refreshToken }),
    async revoke (call, tokens) {
      if (tokens.accessToken === null) return
      try {
        await call({ method: 'POST', url: new URL('/oauth/deauthorize', settings.baseUrl), form: { access_token: tokens.accessToken } }, Type.Unknown())
      } catch (err) {
        if (!(err instanceof ProviderHttpError && err.status === 401)) throw err
      }
    },
    async activitiesSince (call, accessToken, after) {
      const out: ProviderActivity[] = []
      for (let page = 1; page <= 10; page++) {
        const url = api('/athlete/activities')
        url.search = new URLSearchParams({ after: String(Math.floor(after.getTime() / 1000)), page: String(page), per_page: '100' }).toString()
        const { body } = await call({ method: 'GET', url, headers: { authorization: `Bearer ${accessToken}` } }, Type.Array(Activity, { maxItems: 200 }))
        for (const a of body) {
          const mapped = activityOf(a)
          if (mapped) out.push(mapped)
        }
        if (body.length < 100) break
      }
      return out
    },
    async activity (call, accessToken, externalId) {
      if (!/^\d{1,20}$/.test(externalId)) return null
      try {
        const { body } = await call({ method: 'GET', url: api(`/activities/${externalId}`), headers: { authorization: `Bearer ${accessToken}` } }, Activity)
        return activityOf(body)
      } catch (err) {
        if (err instanceof ProviderHttpError && err.status === 404) return null
        throw err
      }
    },
    async stillAuthorized (call, accessToken) {
      try {
        await call({ method: 'GET', url: api('/athlete'), headers: { authorization: `Bearer ${accessToken}` } }, Type.Object({ id: Type.Integer() }))
        return true
      } catch (err) {
        if (err instanceof ProviderHttpError && err.status === 401) return false
        throw err
      }
    }
  }
}
