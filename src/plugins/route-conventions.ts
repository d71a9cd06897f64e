import fp from 'fastify-plugin'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { Type } from '@sinclair/typebox'
import { ErrorResponse } from '../lib/envelope.ts'

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** What a route's options carry that this plugin reads (the schema, when there is one). */
type Schema = { body?: unknown, params?: unknown, response?: Record<string, unknown>, hide?: boolean }

/**
 * Conventions every route gets, so no route can forget them:
 *
 * - An operation that takes no body (`DELETE /teams/{id}`, `POST …/leave`)
 *   ignores one sent anyway (`{}` from a client library, a stray text
 *   body) instead of answering 400, 413 or 415, none of which it documents.
 *   The body is never parsed, and Node discards it unread.
 * - A route with path parameters documents 414 URI_TOO_LONG, which the
 *   router answers for a segment longer than its limit (src/app/early-errors.ts).
 */
async function routeConventions (fastify: FastifyInstance) {
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as Schema | undefined
    const methods = ([] as string[]).concat(route.method)
    if (schema?.body === undefined && methods.some(m => BODY_METHODS.has(m))) {
      const preParsing = ([] as unknown[]).concat(route.preParsing ?? [])
      route.preParsing = [ignoreBody, ...preParsing] as RouteOptions['preParsing']
    }
    if (schema?.params !== undefined && schema.response !== undefined && schema.hide !== true) {
      schema.response['414'] ??= Type.Ref(ErrorResponse, { description: 'Error codes: URI_TOO_LONG' })
    }
  })
}

function ignoreBody (request: { headers: Record<string, unknown> }, _reply: unknown, payload: unknown, done: (err: null, payload: unknown) => void) {
  // Without these headers Fastify sees a request with no body and calls the
  // handler straight away.
  delete request.headers['content-type']
  delete request.headers['content-length']
  delete request.headers['transfer-encoding']
  done(null, payload)
}

export default fp(routeConventions, { name: 'route-conventions', fastify: '5.x' })
