import fp from 'fastify-plugin'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { API_VERSION } from '../lib/envelope.ts'
import type { OpenApiTag } from './domain.ts'
import { polishOpenApiDocument } from './openapi-contract.ts'

export interface OpenApiPluginOptions {
  publicUrl?: string | undefined
  /** Every domain's tags, in the order /docs shows them. */
  tags: OpenApiTag[]
}

const API_DESCRIPTION = `Team fitness challenges along real routes.

**Envelope.** Every JSON response is \`{ "success": true, "data": …, "meta": { "timestamp", "version" } }\` or
\`{ "success": false, "error": { "code", "message", "details"? }, "meta": … }\`. \`error.code\` is a stable
UPPER_SNAKE string; each error response lists the codes it may carry.

**Auth.** \`POST /auth/login\` (or \`/auth/register\`) returns an access token (a JWT, at most 15 minutes) and a
single-use refresh token; send \`Authorization: Bearer <accessToken>\` and exchange the refresh token at
\`POST /auth/refresh\` when a call answers 401. Operations with \`security: []\` are public.

**Pagination.** Lists take the shared \`cursor\` and \`limit\` parameters and return \`data\` as an array
with \`meta.nextCursor\`: pass it back as \`cursor\` until it is \`null\`.`

const SWAGGER_LOGO_STYLE_HASH = 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='

async function openApiPlugin (fastify: FastifyInstance, opts: OpenApiPluginOptions) {
  await fastify.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'TeamTrek API',
        version: API_VERSION,
        description: API_DESCRIPTION,
        // The service is not published under an open-source licence.
        license: { name: 'Proprietary', identifier: 'LicenseRef-TeamTrek-Proprietary' }
      },
      servers: [opts.publicUrl !== undefined
        ? { url: opts.publicUrl, description: 'This deployment' }
        : { url: '/', description: 'The origin serving this document (set PUBLIC_URL to name a deployment)' }],
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
    },
    // Shared pagination parameters and examples for every body and response.
    transformObject: (document) => 'openapiObject' in document ? polishOpenApiDocument(document.openapiObject) : document.swaggerObject
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
