import type { IncomingMessage, ServerResponse } from 'node:http'
import helmet, { type HelmetOptions } from 'helmet'

/**
 * The headers helmet would set, worked out once. Helmet computes them on
 * every request (parsing its CSP directives each time), which cost more than
 * the rest of a cached authenticated request; with a fixed configuration
 * the result is always the same, so it is captured at start and replayed.
 */
export function securityHeaders (options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const response = {
    setHeader (name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = String(value)
      return this
    },
    removeHeader (name: string) {
      delete headers[name.toLowerCase()]
    }
  }
  let called = false
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err
    called = true
  })
  if (!called) throw new Error('helmet did not finish synchronously; its options need per-request work')
  return headers
}

/**
 * For a JSON API (OWASP REST Security): nothing may be loaded or framed,
 * content types are not sniffed, HTTPS is remembered, no referrer leaks.
 * /docs replaces the CSP with swagger-ui's own, which lists hashes of its
 * inline scripts.
 */
export const API_HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      frameAncestors: ["'none'"]
    }
  },
  frameguard: { action: 'deny' },
  // Headers about documents, windows and legacy browsers say nothing to a
  // JSON client; each one costs bytes on every response.
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false
}
