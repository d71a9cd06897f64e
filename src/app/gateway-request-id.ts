/**
 * API Gateway's own request id (`requestContext.requestId`: `81l40CAqFVoTRAo=`
 * on HTTP APIs, a UUID on REST APIs) becomes the request's id on Lambda, so
 * the service's log lines, the `x-request-id` response header and API
 * Gateway's access logs all name a request the same way. Whatever
 * `x-request-id` a client sent is replaced: behind API Gateway, its id is the
 * one that is known to be unique and is already in its logs.
 */
interface GatewayEvent {
  headers?: Record<string, string | undefined> | null
  multiValueHeaders?: Record<string, string[] | undefined> | null
  requestContext?: { requestId?: unknown } | null
}

const HEADER = 'x-request-id'

export function withGatewayRequestId<E> (event: E): E {
  const gateway = event as GatewayEvent
  const requestId = gateway.requestContext?.requestId
  if (typeof requestId !== 'string' || requestId === '') return event
  const headers: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(gateway.headers ?? {})) {
    if (name.toLowerCase() !== HEADER) headers[name] = value
  }
  headers[HEADER] = requestId
  const copy: GatewayEvent = { ...gateway, headers }
  if (gateway.multiValueHeaders) {
    copy.multiValueHeaders = Object.fromEntries(Object.entries(gateway.multiValueHeaders).filter(([name]) => name.toLowerCase() !== HEADER))
  }
  return copy as E
}
