import fp from 'fastify-plugin'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { API_VERSION } from '../lib/envelope.ts'
import type { OpenApiTag } from './domain.ts'

export interface OpenApiPluginOptions {
  publicUrl?: string | undefined
  /** Every domain's tags, in the order /docs shows them. */
  tags: OpenApiTag[]
}

const SWAGGER_LOGO_STYLE_HASH = 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='

async function openApiPlugin (fastify: FastifyInstance, opts: OpenApiPluginOptions) {
  await fastify.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'TeamTrek API',
        version: API_VERSION,
        description: 'Team fitness challenges along real routes. Every response uses the envelope ' +
          '`{ success, data | error, meta }`; errors carry a stable UPPER_SNAKE `error.code`. ' +
          'Live events (progress, arrivals, members, chat, notifications) arrive over the WebSocket at `GET /ws` ' +
          '(or the API Gateway WebSocket API on Lambda); its protocol is described in AsyncAPI 3 in ' +
          '`openapi/asyncapi.yaml` beside this document.'
      },
      ...(opts.publicUrl !== undefined && { servers: [{ url: opts.publicUrl }] }),
      tags: opts.tags,
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }
        }
      }
    },
    // Shared schemas keep their $id as the component name, so generated SDKs
    // get types called User, AuthResult, ErrorResponse…
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `Schema${i}`)
    }
  })
  await fastify.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    uiConfig: { deepLinking: true, persistAuthorization: true, displayOperationId: true },
    staticCSP: true,
    // swagger-ui's own top-bar logo is an SVG with an inline <style>; allow
    // exactly that style by its hash rather than all inline styles.
    transformStaticCSP: (header) => header.replace(
      "style-src 'self' https:",
      `style-src 'self' https: '${SWAGGER_LOGO_STYLE_HASH}'`
    )
  })
  fastify.get('/openapi.json', { schema: { hide: true } }, async () => fastify.swagger())
}

export default fp(openApiPlugin, { name: 'openapi', fastify: '5.x' })
