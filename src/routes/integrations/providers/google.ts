import { Type } from '@sinclair/typebox'
import { ProviderHttpError } from '../http.ts'
import { ProviderAuthError, type DailySteps, type ProviderAdapter, type ProviderCall, type ProviderTokens } from './types.ts'

export interface GoogleSettings {
  clientId: string
  clientSecret: string
  authUrl: string
  oauthUrl: string
  healthApiUrl: string
}

export const GOOGLE_HEALTH_SCOPE = 'https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly'

const TokenResponse = Type.Object({
  access_token: Type.String({ minLength: 1, maxLength: 4096 }),
  expires_in: Type.Integer({ minimum: 0 }),
  refresh_token: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
  scope: Type.Optional(Type.String()),
  token_type: Type.String(),
  id_token: Type.Optional(Type.String())
})

const CivilDate = Type.Object({ year: Type.Integer({ minimum: 1970, maximum: 9999 }), month: Type.Integer({ minimum: 1, maximum: 12 }), day: Type.Integer({ minimum: 1, maximum: 31 }) })
const CivilDateTime = Type.Object({ date: CivilDate, time: Type.Optional(Type.Object({})) })
const Count = Type.Union([Type.String({ pattern: '^\\d{1,9}$' }), Type.Integer({ minimum: 0, maximum: 999_999_999 })])
// DailyRollUpDataPointsResponse: one point per civil day of the range.
const RollUpResponse = Type.Object({
  rollupDataPoints: Type.Optional(Type.Array(Type.Object({
    civilStartTime: CivilDateTime,
    civilEndTime: Type.Optional(CivilDateTime),
    steps: Type.Optional(Type.Object({ countSum: Count }))
  }), { maxItems: 10000 })),
  nextPageToken: Type.Optional(Type.String({ maxLength: 2048 }))
})

const pad = (n: number) => String(n).padStart(2, '0')
const dayOf = (d: { year: number, month: number, day: number }) => `${d.year}-${pad(d.month)}-${pad(d.day)}`
function civil (day: string) {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  return { date: { year, month, day: date }, time: { hours: 0, minutes: 0, seconds: 0, nanos: 0 } }
}
function nextDay (day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/** The `sub` of an ID token received straight from the token endpoint over TLS (OIDC §3.1.3.7: no signature check needed there). */
function subjectOf (idToken: string | undefined): string | undefined {
  if (idToken === undefined) return undefined
  try {
    const payload = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown }
    return typeof payload.sub === 'string' && payload.sub.length <= 255 ? payload.sub : undefined
  } catch {
    return undefined
  }
}

function tokensOf (body: typeof TokenResponse.static): ProviderTokens {
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    expiresAt: new Date(Date.now() + body.expires_in * 1000),
    scopes: body.scope,
    providerUserId: subjectOf(body.id_token)
  }
}

async function tokenCall (call: ProviderCall, settings: GoogleSettings, form: Record<string, string>): Promise<ProviderTokens> {
  try {
    const { body } = await call({ method: 'POST', url: new URL('/token', settings.oauthUrl), form: { ...form, client_id: settings.clientId, client_secret: settings.clientSecret } }, TokenResponse)
    return tokensOf(body)
  } catch (err) {
    if (err instanceof ProviderHttpError && (err.oauthError === 'invalid_grant' || err.status === 401)) throw new ProviderAuthError('google refused the grant')
    throw err
  }
}

/**
 * Google Health API v4 (the successor of Fitbit's Web API): OAuth 2.0 with
 * PKCE, daily step roll-ups in the user's civil time (Google already merges
 * the user's devices), at most 90 days per call.
 */
export function createGoogleProvider (settings: GoogleSettings): ProviderAdapter {
  return {
    id: 'google',
    source: 'google_health',
    pkce: true,
    displayRestricted: false,
    authorizationUrl ({ state, redirectUri, codeChallenge }) {
      const url = new URL(settings.authUrl)
      url.search = new URLSearchParams({
        client_id: settings.clientId,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: `openid ${GOOGLE_HEALTH_SCOPE}`,
        state,
        access_type: 'offline',
        // Tokens of the Fitbit era do not carry over: consent is asked again.
        prompt: 'consent',
        include_granted_scopes: 'true',
        ...(codeChallenge !== undefined && { code_challenge: codeChallenge, code_challenge_method: 'S256' })
      }).toString()
      return url.toString()
    },
    exchangeCode: (call, { code, redirectUri, codeVerifier }) => tokenCall(call, settings, {
      grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...(codeVerifier !== undefined && { code_verifier: codeVerifier })
    }),
    refresh: (call, refreshToken) => tokenCall(call, settings, { grant_type: 'refresh_token', refresh_token: refreshToken }),
    async revoke (call, tokens) {
      const token = tokens.refreshToken ?? tokens.accessToken
      if (token === null) return
      try {
        // In the body, not the query string: URLs end up in logs.
        await call({ method: 'POST', url: new URL('/revoke', settings.oauthUrl), form: { token } }, Type.Unknown())
      } catch (err) {
        // Already invalid at Google: revoked is revoked.
        if (!(err instanceof ProviderHttpError && err.status === 400)) throw err
      }
    },
    async dailySteps (call, accessToken, from, to) {
      const out: DailySteps[] = []
      // Up to 90 days a call; the range is closed-open, aligned to days.
      for (let start = from; start <= to;) {
        let end = start
        for (let i = 1; i < 90 && end < to; i++) end = nextDay(end)
        let pageToken: string | undefined
        for (let page = 0; page < 20; page++) {
          const { body } = await call({
            method: 'POST',
            url: new URL('/v4/users/me/dataTypes/steps/dataPoints:dailyRollUp', settings.healthApiUrl),
            headers: { authorization: `Bearer ${accessToken}` },
            json: { range: { start: civil(start), end: civil(nextDay(end)) }, windowSizeDays: 1, ...(pageToken !== undefined && { pageToken }) }
          }, RollUpResponse)
          for (const point of body.rollupDataPoints ?? []) {
            const localDay = dayOf(point.civilStartTime.date)
            if (localDay < start || localDay > end) continue
            out.push({ localDay, steps: Number(point.steps?.countSum ?? 0) })
          }
          pageToken = body.nextPageToken || undefined
          if (pageToken === undefined) break
        }
        start = nextDay(end)
      }
      return out
    }
  }
}
