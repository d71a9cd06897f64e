import type { TSchema, Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/**
 * Outbound calls to providers (OWASP API10, SSRF): base URLs come from
 * settings only and are https unless they point at this machine (the local
 * test servers); every call has a timeout and a response size cap, follows
 * no redirect, and its JSON is checked against a schema before use. Errors
 * carry the status and the provider's headers, never a token or a URL's
 * query string.
 */
export interface HttpOptions {
  timeoutMs: number
  maxResponseBytes: number
}

export class ProviderHttpError extends Error {
  override name = 'ProviderHttpError'
  readonly status: number
  readonly headers: Headers | undefined
  /** The provider's OAuth error code (`invalid_grant`…), when it sent one. */
  readonly oauthError: string | undefined
  constructor (message: string, status: number, headers?: Headers, oauthError?: string) {
    super(message)
    this.status = status
    this.headers = headers
    this.oauthError = oauthError
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** Refuse a base URL that is not https (or loopback http). */
export function checkBaseUrl (name: string, value: string): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`${name} is not a URL`)
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new Error(`${name} must be https (plain http only to this machine)`)
  }
  return url
}

export interface ProviderResponse<T> {
  status: number
  headers: Headers
  body: T
}

async function readCapped (response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0')
  if (declared > maxBytes) {
    await response.body?.cancel()
    throw new ProviderHttpError(`response of ${declared} bytes is over the ${maxBytes}-byte cap`, response.status, response.headers)
  }
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel()
      throw new ProviderHttpError(`response is over the ${maxBytes}-byte cap`, response.status, response.headers)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export interface RequestSpec {
  method: 'GET' | 'POST'
  url: URL
  headers?: Record<string, string>
  /** Form-encoded (OAuth) or JSON body. */
  form?: Record<string, string>
  json?: unknown
}

/**
 * One call. A 2xx answer is parsed and validated against `schema`;
 * anything else (3xx included: redirects are not followed) is a
 * ProviderHttpError with the status and headers, so callers can back off.
 */
export async function callProvider<S extends TSchema> (spec: RequestSpec, schema: S, options: HttpOptions): Promise<ProviderResponse<Static<S>>> {
  const headers: Record<string, string> = { accept: 'application/json', ...spec.headers }
  let body: string | undefined
  if (spec.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    body = new URLSearchParams(spec.form).toString()
  } else if (spec.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(spec.json)
  }
  const where = `${spec.method} ${spec.url.origin}${spec.url.pathname}`
  let response: Response
  try {
    response = await fetch(spec.url, { method: spec.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs) })
  } catch (err) {
    const reason = (err as Error).name === 'TimeoutError' ? `timed out after ${options.timeoutMs} ms` : 'could not connect'
    throw new ProviderHttpError(`${where}: ${reason}`, 0)
  }
  const text = await readCapped(response, options.maxResponseBytes)
  if (response.status < 200 || response.status >= 300) {
    let oauthError: string | undefined
    try {
      const parsed = JSON.parse(text) as { error?: unknown }
      if (typeof parsed.error === 'string') oauthError = parsed.error
    } catch {}
    throw new ProviderHttpError(`${where}: HTTP ${response.status}`, response.status, response.headers, oauthError)
  }
  let parsed: unknown
  try {
    parsed = text === '' ? {} : JSON.parse(text)
  } catch {
    throw new ProviderHttpError(`${where}: the response is not JSON`, response.status, response.headers)
  }
  if (!Value.Check(schema, parsed)) {
    const first = Value.Errors(schema, parsed).First()
    throw new ProviderHttpError(`${where}: unexpected response (${first ? `${first.path || '/'} ${first.message}` : 'invalid'})`, response.status, response.headers)
  }
  return { status: response.status, headers: response.headers, body: parsed }
}
