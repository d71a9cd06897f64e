import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'

/**
 * Local stand-ins for the two third-party HTTP APIs the service calls, as
 * documented by their owners:
 *
 * - Google: the OAuth 2.0 authorization endpoint (redirects back with a
 *   code; PKCE S256 checked at the token endpoint), `POST /token`
 *   (authorization_code, refresh_token; `invalid_grant` on a bad or
 *   revoked grant), `POST /revoke`, and the Google Health API v4
 *   `POST /v4/users/me/dataTypes/steps/dataPoints:dailyRollUp` (civil-time
 *   range, closed-open, at most 90 days, one point per day).
 * - Strava: `/oauth/authorize`, `POST /oauth/token` (rotating refresh
 *   tokens, `athlete` in the first answer), `POST /oauth/deauthorize`,
 *   `GET /api/v3/athlete`, `/api/v3/athlete/activities`,
 *   `/api/v3/activities/{id}` with per-application rate-limit headers
 *   (`X-RateLimit-Limit`/`-Usage` "15-min,day") and 429 beyond them, and
 *   `POST /api/v3/push_subscriptions`, which runs Strava's subscription
 *   check (GET callback_url with hub.challenge) before answering.
 *
 * Tests shape the data (steps per day, activities) and inject faults
 * (`inject`: the next responses of a path, e.g. 429 with headers, 500, a
 * malformed or an oversized body).
 */

export interface Injected {
  status: number
  headers?: Record<string, string>
  /** A raw body (malformed JSON, say); `bytes` sends that many bytes instead. */
  body?: string
  bytes?: number
}

interface Grant {
  provider: 'google' | 'strava'
  subject: string
  redirectUri: string
  codeChallenge?: string | undefined
  scope: string
}

interface Token {
  provider: 'google' | 'strava'
  subject: string
  kind: 'access' | 'refresh'
  expiresAt: number
  revoked: boolean
}

export interface StravaActivity {
  id: number
  athleteId: number
  sport_type: string
  distance: number
  moving_time: number
  elapsed_time: number
  start_date: string
  timezone: string
  name?: string
  private?: boolean
}

export interface MockProviders {
  url: string
  google: {
    clientId: string
    clientSecret: string
    /** steps[sub][YYYY-MM-DD] */
    steps: Map<string, Map<string, number>>
    /** The Google user the next consent signs in as. */
    nextSubject: string
    /** Access-token lifetime in seconds for new tokens. */
    accessTtlSeconds: number
    /** Subjects whose roll-ups answer 500 until removed (an outage for one user, unlike `inject`, which hits whoever calls next). */
    failing: Set<string>
  }
  strava: {
    clientId: string
    clientSecret: string
    nextAthleteId: number
    /** Scope the athlete grants on the next consent. */
    nextScope: string
    activities: Map<number, StravaActivity>
    limit15: number
    limitDay: number
    usage15: number
    usageDay: number
    deauthorized: Set<number>
  }
  /** Requests seen, as "METHOD /path" (no query); with `authorization` of each. */
  requests: Array<{ route: string, authorization: string | undefined, body: string, query: URLSearchParams }>
  inject: (route: string, ...responses: Injected[]) => void
  /** Expire every access token now (refresh must happen on the next call). */
  expireAccessTokens: () => void
  /** Revoke every token of a Google subject (as the user would in their Google account). */
  revokeGoogleSubject: (sub: string) => void
  /** Follow the authorization URL as the user's browser would; returns the callback query the provider sends back. */
  consent: (authorizationUrl: string, options?: { deny?: boolean }) => Promise<URLSearchParams>
  tokensIssued: () => string[]
  /** Issue a token directly, as a past consent would have (the benchmark seeds connections this way). */
  issueToken: (provider: 'google' | 'strava', subject: string, kind: 'access' | 'refresh', ttlSeconds: number) => string
  close: () => Promise<void>
}

function send (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

async function readBody (req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const pad = (n: number) => String(n).padStart(2, '0')
function civilDay (value: unknown): string | undefined {
  const d = (value as { date?: { year?: number, month?: number, day?: number } } | undefined)?.date
  if (!d || typeof d.year !== 'number' || typeof d.month !== 'number' || typeof d.day !== 'number') return undefined
  return `${d.year}-${pad(d.month)}-${pad(d.day)}`
}
function nextDay (day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}
function civil (day: string) {
  const [year, month, date] = day.split('-').map(Number)
  return { date: { year, month, day: date }, time: {} }
}

export async function startMockProviders (t: Pick<Test, 'teardown'>): Promise<MockProviders> {
  const grants = new Map<string, Grant>()
  const tokens = new Map<string, Token>()
  const injected = new Map<string, Injected[]>()
  const requests: MockProviders['requests'] = []
  const issued: string[] = []

  const mock: Omit<MockProviders, 'url' | 'close'> = {
    google: { clientId: 'google-client', clientSecret: 'google-secret', steps: new Map(), nextSubject: 'google-user-1', accessTtlSeconds: 3600, failing: new Set() },
    strava: {
      clientId: '4242',
      clientSecret: 'strava-secret',
      nextAthleteId: 1001,
      nextScope: 'read,activity:read',
      activities: new Map(),
      limit15: 100,
      limitDay: 1000,
      usage15: 0,
      usageDay: 0,
      deauthorized: new Set()
    },
    requests,
    inject: (route, ...responses) => injected.set(route, [...(injected.get(route) ?? []), ...responses]),
    expireAccessTokens: () => { for (const token of tokens.values()) if (token.kind === 'access') token.expiresAt = 0 },
    revokeGoogleSubject: (sub) => { for (const token of tokens.values()) if (token.provider === 'google' && token.subject === sub) token.revoked = true },
    async consent (authorizationUrl, options = {}) {
      const res = await fetch(authorizationUrl + (options.deny === true ? '&deny=1' : ''), { redirect: 'manual' })
      const location = res.headers.get('location')
      if (res.status !== 302 || location === null) throw new Error(`consent failed: ${res.status} ${await res.text()}`)
      return new URL(location).searchParams
    },
    tokensIssued: () => [...issued],
    issueToken: (provider, subject, kind, ttlSeconds) => issue(provider, subject, kind, ttlSeconds)
  }

  function issue (provider: 'google' | 'strava', subject: string, kind: 'access' | 'refresh', ttlSeconds: number): string {
    const value = `${provider}-${kind}-${randomBytes(16).toString('hex')}`
    tokens.set(value, { provider, subject, kind, expiresAt: Date.now() + ttlSeconds * 1000, revoked: false })
    issued.push(value)
    return value
  }

  function bearerToken (req: IncomingMessage, provider: 'google' | 'strava'): Token | undefined {
    const header = req.headers.authorization
    const value = header?.startsWith('Bearer ') === true ? header.slice(7) : undefined
    const token = value === undefined ? undefined : tokens.get(value)
    if (!token || token.provider !== provider || token.kind !== 'access' || token.revoked || token.expiresAt < Date.now()) return undefined
    if (provider === 'strava' && mock.strava.deauthorized.has(Number(token.subject))) return undefined
    return token
  }

  function stravaRateHeaders (): Record<string, string> {
    const limit = `${mock.strava.limit15},${mock.strava.limitDay}`
    const usage = `${mock.strava.usage15},${mock.strava.usageDay}`
    return { 'x-ratelimit-limit': limit, 'x-ratelimit-usage': usage, 'x-readratelimit-limit': limit, 'x-readratelimit-usage': usage }
  }

  function authorize (provider: 'google' | 'strava', url: URL, res: ServerResponse) {
    const q = url.searchParams
    const clientId = provider === 'google' ? mock.google.clientId : mock.strava.clientId
    const redirectUri = q.get('redirect_uri')
    if (q.get('client_id') !== clientId || redirectUri === null || q.get('response_type') !== 'code' || !q.get('state')) {
      return send(res, 400, { error: 'invalid_request' })
    }
    if (provider === 'google' && (q.get('code_challenge_method') !== 'S256' || !/^[\w-]{43}$/.test(q.get('code_challenge') ?? ''))) {
      return send(res, 400, { error: 'invalid_request', error_description: 'PKCE S256 required' })
    }
    const back = new URL(redirectUri)
    back.searchParams.set('state', q.get('state')!)
    if (q.get('deny') === '1') {
      back.searchParams.set('error', 'access_denied')
    } else {
      const code = randomBytes(12).toString('hex')
      const subject = provider === 'google' ? mock.google.nextSubject : String(mock.strava.nextAthleteId)
      grants.set(code, { provider, subject, redirectUri, codeChallenge: q.get('code_challenge') ?? undefined, scope: provider === 'google' ? q.get('scope') ?? '' : mock.strava.nextScope })
      back.searchParams.set('code', code)
      if (provider === 'strava') back.searchParams.set('scope', mock.strava.nextScope)
    }
    res.writeHead(302, { location: back.toString() })
    res.end()
  }

  async function handle (req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://mock')
    const route = `${req.method} ${url.pathname}`
    const body = await readBody(req)
    requests.push({ route, authorization: req.headers.authorization, body, query: url.searchParams })
    const queued = injected.get(route)
    if (queued && queued.length > 0) {
      const fault = queued.shift()!
      if (fault.bytes !== undefined) {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers })
        res.end(`{"rollupDataPoints":[${'{"x":1},'.repeat(Math.ceil(fault.bytes / 8))}{}]}`)
        return
      }
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers })
      res.end(fault.body ?? JSON.stringify({ error: { code: fault.status, message: 'injected' } }))
      return
    }
    const form = new URLSearchParams(body)

    // ---- Google OAuth ----
    if (route === 'GET /o/oauth2/v2/auth') return authorize('google', url, res)
    if (route === 'POST /token') {
      if (form.get('client_id') !== mock.google.clientId || form.get('client_secret') !== mock.google.clientSecret) return send(res, 401, { error: 'invalid_client' })
      if (form.get('grant_type') === 'authorization_code') {
        const grant = grants.get(form.get('code') ?? '')
        grants.delete(form.get('code') ?? '')
        if (!grant || grant.provider !== 'google' || grant.redirectUri !== form.get('redirect_uri')) return send(res, 400, { error: 'invalid_grant' })
        const verifier = form.get('code_verifier') ?? ''
        if (createHash('sha256').update(verifier).digest('base64url') !== grant.codeChallenge) return send(res, 400, { error: 'invalid_grant', error_description: 'code_verifier' })
        const idToken = ['e30', Buffer.from(JSON.stringify({ sub: grant.subject, iss: 'https://accounts.google.com' })).toString('base64url'), 'sig'].join('.')
        return send(res, 200, {
          access_token: issue('google', grant.subject, 'access', mock.google.accessTtlSeconds),
          expires_in: mock.google.accessTtlSeconds,
          refresh_token: issue('google', grant.subject, 'refresh', 86_400 * 180),
          scope: grant.scope,
          token_type: 'Bearer',
          id_token: idToken
        })
      }
      if (form.get('grant_type') === 'refresh_token') {
        const token = tokens.get(form.get('refresh_token') ?? '')
        if (!token || token.provider !== 'google' || token.kind !== 'refresh' || token.revoked) return send(res, 400, { error: 'invalid_grant' })
        return send(res, 200, { access_token: issue('google', token.subject, 'access', mock.google.accessTtlSeconds), expires_in: mock.google.accessTtlSeconds, token_type: 'Bearer' })
      }
      return send(res, 400, { error: 'unsupported_grant_type' })
    }
    if (route === 'POST /revoke') {
      const token = tokens.get(form.get('token') ?? '')
      if (!token || token.provider !== 'google') return send(res, 400, { error: 'invalid_token' })
      mock.revokeGoogleSubject(token.subject)
      return send(res, 200, {})
    }
    // ---- Google Health API v4 ----
    if (route === 'POST /v4/users/me/dataTypes/steps/dataPoints:dailyRollUp') {
      const token = bearerToken(req, 'google')
      if (!token) return send(res, 401, { error: { code: 401, status: 'UNAUTHENTICATED' } })
      if (mock.google.failing.has(token.subject)) return send(res, 500, { error: { code: 500, status: 'INTERNAL' } })
      let parsed: { range?: { start?: unknown, end?: unknown }, windowSizeDays?: number }
      try {
        parsed = JSON.parse(body)
      } catch {
        return send(res, 400, { error: { code: 400, status: 'INVALID_ARGUMENT' } })
      }
      const start = civilDay(parsed.range?.start)
      const end = civilDay(parsed.range?.end)
      const days = start && end ? (Date.parse(end) - Date.parse(start)) / 86_400_000 : NaN
      if (!start || !end || !(days >= 1 && days <= 90) || (parsed.windowSizeDays ?? 1) !== 1) return send(res, 400, { error: { code: 400, status: 'INVALID_ARGUMENT', message: 'range' } })
      const steps = mock.google.steps.get(token.subject) ?? new Map<string, number>()
      const points = []
      for (let day = start; day < end; day = nextDay(day)) {
        const count = steps.get(day)
        // Days without data have no point ("data presence"), like the real API.
        if (count !== undefined) points.push({ civilStartTime: civil(day), civilEndTime: civil(nextDay(day)), steps: { countSum: String(count) } })
      }
      return send(res, 200, { rollupDataPoints: points })
    }

    // ---- Strava OAuth ----
    if (route === 'GET /oauth/authorize') return authorize('strava', url, res)
    if (route === 'POST /oauth/token') {
      if (form.get('client_id') !== mock.strava.clientId || form.get('client_secret') !== mock.strava.clientSecret) return send(res, 401, { message: 'Authorization Error' })
      const grantType = form.get('grant_type')
      let subject: string
      if (grantType === 'authorization_code') {
        const grant = grants.get(form.get('code') ?? '')
        grants.delete(form.get('code') ?? '')
        if (!grant || grant.provider !== 'strava') return send(res, 400, { message: 'Bad Request', errors: [{ resource: 'AuthorizationCode', code: 'invalid' }] })
        subject = grant.subject
        mock.strava.deauthorized.delete(Number(subject))
      } else if (grantType === 'refresh_token') {
        const token = tokens.get(form.get('refresh_token') ?? '')
        if (!token || token.provider !== 'strava' || token.kind !== 'refresh' || token.revoked || mock.strava.deauthorized.has(Number(token.subject))) {
          return send(res, 400, { message: 'Bad Request', errors: [{ resource: 'RefreshToken', code: 'invalid' }] })
        }
        token.revoked = true // Strava rotates refresh tokens
        subject = token.subject
      } else {
        return send(res, 400, { message: 'Bad Request' })
      }
      const expiresIn = 21_600
      return send(res, 200, {
        token_type: 'Bearer',
        expires_at: Math.floor(Date.now() / 1000) + expiresIn,
        expires_in: expiresIn,
        refresh_token: issue('strava', subject, 'refresh', 86_400 * 365),
        access_token: issue('strava', subject, 'access', expiresIn),
        ...(grantType === 'authorization_code' && { athlete: { id: Number(subject), firstname: 'Ada' } })
      })
    }
    if (route === 'POST /oauth/deauthorize') {
      const token = tokens.get(form.get('access_token') ?? '')
      if (!token || token.provider !== 'strava') return send(res, 401, { message: 'Authorization Error' })
      mock.strava.deauthorized.add(Number(token.subject))
      return send(res, 200, { access_token: form.get('access_token') })
    }
    if (route === 'POST /api/v3/push_subscriptions') {
      if (form.get('client_id') !== mock.strava.clientId || form.get('client_secret') !== mock.strava.clientSecret) return send(res, 401, { message: 'Authorization Error' })
      const challenge = randomBytes(8).toString('hex')
      const check = new URL(form.get('callback_url') ?? '')
      check.search = new URLSearchParams({ 'hub.verify_token': form.get('verify_token') ?? '', 'hub.challenge': challenge, 'hub.mode': 'subscribe' }).toString()
      const answer = await fetch(check, { signal: AbortSignal.timeout(2000) })
      const echoed = answer.ok ? (await answer.json() as Record<string, unknown>)['hub.challenge'] : undefined
      if (echoed !== challenge) return send(res, 400, { message: 'Bad Request', errors: [{ resource: 'PushSubscription', field: 'callback url', code: 'GET to callback URL does not return 200' }] })
      return send(res, 201, { id: 120475 })
    }
    // ---- Strava API v3 (rate-limited per application) ----
    if (url.pathname.startsWith('/api/v3/')) {
      if (mock.strava.usage15 >= mock.strava.limit15 || mock.strava.usageDay >= mock.strava.limitDay) {
        return send(res, 429, { message: 'Rate Limit Exceeded', errors: [{ resource: 'Application', field: 'rate limit', code: 'exceeded' }] }, stravaRateHeaders())
      }
      mock.strava.usage15++
      mock.strava.usageDay++
      const token = bearerToken(req, 'strava')
      if (!token) return send(res, 401, { message: 'Authorization Error', errors: [{ resource: 'Athlete', field: 'access_token', code: 'invalid' }] }, stravaRateHeaders())
      const athleteId = Number(token.subject)
      if (route === 'GET /api/v3/athlete') return send(res, 200, { id: athleteId, firstname: 'Ada' }, stravaRateHeaders())
      const detail = /^GET \/api\/v3\/activities\/(\d+)$/.exec(route)
      if (detail) {
        const activity = mock.strava.activities.get(Number(detail[1]))
        if (!activity || activity.athleteId !== athleteId) return send(res, 404, { message: 'Record Not Found' }, stravaRateHeaders())
        return send(res, 200, stravaActivityJson(activity), stravaRateHeaders())
      }
      if (route === 'GET /api/v3/athlete/activities') {
        const after = Number(url.searchParams.get('after') ?? '0') * 1000
        const page = Number(url.searchParams.get('page') ?? '1')
        const perPage = Number(url.searchParams.get('per_page') ?? '30')
        const mine = [...mock.strava.activities.values()]
          .filter(a => a.athleteId === athleteId && Date.parse(a.start_date) > after)
          .sort((a, b) => Date.parse(a.start_date) - Date.parse(b.start_date))
        return send(res, 200, mine.slice((page - 1) * perPage, page * perPage).map(stravaActivityJson), stravaRateHeaders())
      }
    }
    send(res, 404, { error: 'not found', route })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { error: String(err) }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const close = () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()) })
  t.teardown(close)
  return { ...mock, url, close }
}

/** A summary/detailed activity as Strava's API returns it (the fields the service reads, and some it does not). */
function stravaActivityJson (a: StravaActivity) {
  return {
    resource_state: 2,
    athlete: { id: a.athleteId, resource_state: 1 },
    name: a.name ?? 'Morning activity',
    distance: a.distance,
    moving_time: a.moving_time,
    elapsed_time: a.elapsed_time,
    total_elevation_gain: 12,
    type: a.sport_type,
    sport_type: a.sport_type,
    id: a.id,
    start_date: a.start_date,
    start_date_local: a.start_date,
    timezone: a.timezone,
    private: a.private ?? false,
    map: { id: `a${a.id}`, summary_polyline: 'ki{eFvqfiVqAWQIGEEKAYJgBVqDJ{BHa@jAkNJw@Pw@V{APs@' }
  }
}
