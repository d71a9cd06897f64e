import createClient, { type Client } from 'openapi-fetch'
import type { AuthResult, ErrorResponse, LoginBody, Meta, RegisterBody, TeamEvent, paths } from './schema.ts'

/**
 * The hand-written part of the SDK: only what generation cannot give.
 * Everything else (every path, parameter, body and response type) is the
 * generated `schema.ts`, used through openapi-fetch as `client.api`.
 *
 * - tokens: kept here, sent as `Authorization: Bearer …`, and refreshed once
 *   (for all requests waiting at that moment) when a call answers 401;
 * - `unwrap`: the envelope off, `data` returned, errors thrown as TeamTrekError;
 * - `paginate`: `meta.nextCursor` followed, items yielded as an async iterator;
 * - `teamEvents`: a team's event feed read from a sequence number until caught up.
 */

export interface Tokens {
  accessToken: string
  refreshToken: string
}

export interface TeamTrekOptions {
  /** Where the API is, e.g. `https://api.example.com` or `http://localhost:3000`. */
  baseUrl: string
  /** Tokens from an earlier session (say, from secure storage). */
  tokens?: Tokens | undefined
  /** Called whenever the tokens change (sign-in, refresh) or end (`undefined`): persist them here. */
  onTokens?: ((tokens: Tokens | undefined) => void | Promise<void>) | undefined
  /** A fetch implementation; the global one by default. */
  fetch?: typeof globalThis.fetch | undefined
}

/** An error answer of the API: its stable `code` (UPPER_SNAKE), HTTP status and details. */
export class TeamTrekError extends Error {
  override name = 'TeamTrekError'
  readonly code: string
  readonly status: number
  readonly details: Record<string, unknown> | undefined
  readonly requestId: string | undefined

  constructor (status: number, body: ErrorResponse | undefined, requestId: string | undefined) {
    super(body?.error.message ?? `HTTP ${status}`)
    this.code = body?.error.code ?? 'UNKNOWN'
    this.status = status
    this.details = body?.error.details
    this.requestId = requestId
  }
}

/** What openapi-fetch resolves to: the parsed body on success, the error body otherwise. */
export interface FetchResult<D> {
  data?: D | undefined
  error?: unknown
  response: Response
}

/**
 * What `unwrap` resolves to. Not distributed over a union on purpose: an
 * operation that also answers CSV or HTML (`GET /reports/{id}`) types its
 * body as `Envelope | string`, and the envelope's `data` is what a JSON call
 * gets. A call made with `parseAs: 'text'` has a string body, returned as is.
 */
type DataOf<D> = [D] extends [string]
  ? D
  : [Extract<D, { data: unknown }>] extends [never] ? undefined : Extract<D, { data: unknown }>['data']

/**
 * The envelope's `data`, or a TeamTrekError with the envelope's error code.
 * A 204 resolves to `undefined`; a text body (`parseAs: 'text'`, say CSV) is returned as it came.
 */
export async function unwrap<D> (call: Promise<FetchResult<D>>): Promise<DataOf<D>> {
  const { data, error, response } = await call
  if (!response.ok) {
    const body = isErrorResponse(error) ? error : undefined
    throw new TeamTrekError(response.status, body, response.headers.get('x-request-id') ?? undefined)
  }
  if (typeof data === 'string') return data as DataOf<D>
  return (data as { data?: unknown } | undefined)?.data as DataOf<D>
}

function isErrorResponse (value: unknown): value is ErrorResponse {
  return typeof value === 'object' && value !== null && (value as { success?: unknown }).success === false
}

/** One page of a list: `data` is its items, `meta.nextCursor` the next page's cursor (null on the last). */
export interface Page<T> {
  data: T[]
  meta: Meta
}

/**
 * Every item of a paginated list, page after page, as an async iterator.
 * `fetchPage` gets the cursor to pass as `query.cursor` (undefined for the first page):
 *
 *     for await (const team of paginate(cursor => client.api.GET('/teams', { params: { query: { cursor } } }))) …
 */
export async function * paginate<T> (fetchPage: (cursor: string | undefined) => Promise<FetchResult<Page<T>>>): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined
  do {
    const data = await unwrapPage(fetchPage(cursor))
    yield * data.data
    cursor = data.meta.nextCursor ?? undefined
  } while (cursor !== undefined)
}

/** The REST side of the live event feed (`GET /teams/{id}/events`): the same events the WebSocket pushes. */
export interface TeamEventsOptions {
  /** The last `seq` you have (0, the default: everything still kept). */
  after?: number | undefined
  /** Events per request (1–1,000; the server's default is 100). */
  limit?: number | undefined
}

/**
 * A team's events after `after`, oldest first, request after request until
 * caught up. Keep the last `seq` you saw and pass it as `after` next time
 * (on reconnect, or when polling). Events older than the server keeps end the
 * iteration with a TeamTrekError `RESYNC_REQUIRED`: refetch the team's state,
 * then continue from `err.details.lastSeq`.
 */
export async function * teamEvents (api: Client<paths>, teamId: string, options: TeamEventsOptions = {}): AsyncGenerator<TeamEvent, void, undefined> {
  let after = options.after ?? 0
  for (;;) {
    const page = await unwrapPage(api.GET('/teams/{id}/events', { params: { path: { id: teamId }, query: { after, limit: options.limit } } }))
    yield * page.data
    const next = page.meta.nextCursor
    if (next === null || next === undefined || page.data.length === 0) return
    after = Number(next)
  }
}

async function unwrapPage<T> (call: Promise<FetchResult<Page<T>>>): Promise<Page<T>> {
  const { data, error, response } = await call
  if (!response.ok || data === undefined) {
    throw new TeamTrekError(response.status, isErrorResponse(error) ? error : undefined, response.headers.get('x-request-id') ?? undefined)
  }
  return data
}

export interface TeamTrekClient {
  /** The generated, fully typed client: `api.GET('/teams/{id}', { params: { path: { id } } })`. */
  api: Client<paths>
  /** The current tokens, if signed in. */
  readonly tokens: Tokens | undefined
  setTokens (tokens: Tokens | undefined): Promise<void>
  register (body: RegisterBody): Promise<AuthResult>
  signIn (body: LoginBody): Promise<AuthResult>
  /** Exchange the refresh token now (calls that answer 401 do this by themselves). */
  refresh (): Promise<AuthResult>
  /** End the session on the server and forget the tokens. */
  signOut (): Promise<void>
  unwrap: typeof unwrap
  paginate: typeof paginate
  /** A team's live events after a sequence number, oldest first (see `teamEvents`). */
  teamEvents (teamId: string, options?: TeamEventsOptions): AsyncGenerator<TeamEvent, void, undefined>
}

/** Paths that take no access token, and whose 401 must never trigger a refresh. */
const isAuthPath = (url: URL) => url.pathname.endsWith('/auth/register') || url.pathname.endsWith('/auth/login') ||
  url.pathname.endsWith('/auth/refresh') || url.pathname.endsWith('/auth/logout')

export function createTeamTrekClient (options: TeamTrekOptions): TeamTrekClient {
  const baseFetch = options.fetch ?? globalThis.fetch
  let tokens = options.tokens
  let refreshing: Promise<AuthResult | undefined> | undefined

  async function setTokens (next: Tokens | undefined) {
    tokens = next
    await options.onTokens?.(next)
  }

  // The plain client, with no token handling: refresh itself goes through it.
  const plain = createClient<paths>({ baseUrl: options.baseUrl, fetch: baseFetch })

  async function exchange (): Promise<AuthResult | undefined> {
    const refreshToken = tokens?.refreshToken
    if (refreshToken === undefined) return undefined
    const { data, response } = await plain.POST('/auth/refresh', { body: { refreshToken } })
    if (!response.ok || data === undefined) {
      // Used, expired or revoked: the session is over; the caller signs in again.
      if (response.status === 401) await setTokens(undefined)
      return undefined
    }
    await setTokens({ accessToken: data.data.accessToken, refreshToken: data.data.refreshToken })
    return data.data
  }

  /** One refresh at a time: requests that meet a 401 together share it (refresh tokens are single-use). */
  function refreshOnce (): Promise<AuthResult | undefined> {
    refreshing ??= exchange().finally(() => { refreshing = undefined })
    return refreshing
  }

  function withToken (request: Request, accessToken: string): Request {
    const next = new Request(request)
    next.headers.set('authorization', `Bearer ${accessToken}`)
    return next
  }

  // openapi-fetch calls fetch(request, init): `init` carries only extras the caller configured.
  async function authFetch (input: Request, init?: RequestInit): Promise<Response> {
    const url = new URL(input.url)
    const sent = tokens?.accessToken
    if (sent === undefined || isAuthPath(url) || input.headers.has('authorization')) return baseFetch(input, init)
    // Keep a copy before the body is sent, to retry after a refresh.
    const retry = input.clone()
    const response = await baseFetch(withToken(input, sent), init)
    if (response.status !== 401) return response
    // Another request may have refreshed meanwhile: use its token, else refresh.
    const current = tokens?.accessToken !== sent ? tokens?.accessToken : (await refreshOnce())?.accessToken
    if (current === undefined) return response
    await response.body?.cancel()
    return baseFetch(withToken(retry, current), init)
  }

  const api = createClient<paths>({ baseUrl: options.baseUrl, fetch: authFetch })

  return {
    api,
    get tokens () { return tokens },
    setTokens,
    async register (body) {
      const result = await unwrap(plain.POST('/auth/register', { body }))
      await setTokens({ accessToken: result.accessToken, refreshToken: result.refreshToken })
      return result
    },
    async signIn (body) {
      const result = await unwrap(plain.POST('/auth/login', { body }))
      await setTokens({ accessToken: result.accessToken, refreshToken: result.refreshToken })
      return result
    },
    async refresh () {
      if (tokens === undefined) throw new TeamTrekError(401, undefined, undefined)
      const refreshToken = tokens.refreshToken
      const result = await unwrap(plain.POST('/auth/refresh', { body: { refreshToken } })).catch(async (err: unknown) => {
        if (err instanceof TeamTrekError && err.status === 401) await setTokens(undefined)
        throw err
      })
      await setTokens({ accessToken: result.accessToken, refreshToken: result.refreshToken })
      return result
    },
    async signOut () {
      const refreshToken = tokens?.refreshToken
      await setTokens(undefined)
      if (refreshToken !== undefined) await unwrap(plain.POST('/auth/logout', { body: { refreshToken } }))
    },
    unwrap,
    paginate,
    teamEvents: (teamId, eventOptions) => teamEvents(api, teamId, eventOptions)
  }
}
