import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { sql } from 'kysely'
import type { onRequestHookHandler } from 'fastify'
import { Envelope, errorBody, errorResponses, ok } from '../../lib/envelope.ts'
import { AppError } from '../../lib/errors.ts'
import { tableIsReachable } from '../../lib/aws/tables.ts'

export interface HealthRoutesOptions {
  sessionsTable: string
}

const CHECK_TIMEOUT_MS = 2000

/** No query parameters: an unknown one is a VALIDATION_ERROR, so the 4xx the spec documents is real. */
const NoQuery = Type.Object({}, { additionalProperties: false })

async function check (probe: () => Promise<unknown>): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS)
  })
  try {
    const outcome = await Promise.race([probe(), timeout])
    return outcome === false ? 'down' : 'up'
  } catch {
    return 'down'
  } finally {
    clearTimeout(timer)
  }
}

const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesOptions> = async (fastify, opts) => {
  // Before validation and the checks: a shutting-down instance is not ready,
  // whatever the request looks like, and says so without an error log line.
  const refuseWhileDraining: onRequestHookHandler = (_request, reply, done) => {
    if (!fastify.readiness.draining) return done()
    reply.code(503).header('retry-after', '5').send(errorBody('SERVICE_UNAVAILABLE', 'Shutting down'))
  }

  fastify.get('/health', {
    schema: {
      tags: ['operations'],
      operationId: 'health',
      summary: 'Liveness: the process is up',
      description: 'For load balancers and container health checks: answers as long as the process runs, without touching any dependency. It takes no parameters: an unknown one is refused with 400 VALIDATION_ERROR.',
      security: [],
      querystring: NoQuery,
      response: {
        200: Envelope(Type.Object({ status: Type.Literal('ok'), uptimeSeconds: Type.Number() }), 'The process is alive'),
        ...errorResponses('VALIDATION_ERROR')
      }
    }
  }, async () => ok({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) }))

  fastify.get('/ready', {
    schema: {
      tags: ['operations'],
      operationId: 'ready',
      summary: 'Readiness: the database and DynamoDB answer',
      security: [],
      querystring: NoQuery,
      description: 'Answers 503 SERVICE_UNAVAILABLE with the state of each dependency in `error.details.checks` when one is down, and while the instance shuts down.',
      response: {
        200: Envelope(Type.Object({
          status: Type.Literal('ready'),
          checks: Type.Object({ database: Type.Literal('up'), dynamodb: Type.Literal('up') })
        }), 'Every dependency answers'),
        ...errorResponses('VALIDATION_ERROR', 'SERVICE_UNAVAILABLE')
      }
    },
    onRequest: refuseWhileDraining
  }, async () => {
    const [database, dynamodb] = await Promise.all([
      check(() => sql`select 1`.execute(fastify.db)),
      check(async () => tableIsReachable(await fastify.aws.dynamodb(), opts.sessionsTable))
    ])
    if (database === 'down' || dynamodb === 'down') {
      throw new AppError('SERVICE_UNAVAILABLE', 'A dependency is not reachable', { checks: { database, dynamodb } })
    }
    return ok({ status: 'ready' as const, checks: { database, dynamodb } })
  })
}

export default healthRoutes
