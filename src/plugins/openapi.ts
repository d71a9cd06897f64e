import fp from 'fastify-plugin'
import fastifySwagger from '@fastify/swagger'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { API_VERSION } from '../lib/envelope.ts'
import type { OpenApiTag } from './domain.ts'
import { polishOpenApiDocument } from './openapi-contract.ts'

export interface OpenApiPluginOptions {
  publicUrl?: string | undefined
  /** Every domain's tags, in the order /docs shows them. */
  tags: OpenApiTag[]
}

const DOCS_PREFIX = '/docs'
export const ASYNCAPI_PATH = '/asyncapi.yaml'

/** Where /docs links the AsyncAPI document: on this deployment when it has a public URL, else on the page's origin. */
const asyncApiUrl = (publicUrl: string | undefined) => publicUrl === undefined ? ASYNCAPI_PATH : publicUrl.replace(/\/+$/, '') + ASYNCAPI_PATH
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date'])

function pick (headers: FastifyRequest['headers'], names: string[]): Record<string, string> {
  const picked: Record<string, string> = {}
  for (const name of names) {
    const value = headers[name]
    if (typeof value === 'string') picked[name] = value
  }
  return picked
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

async function openApiPlugin (fastify: FastifyInstance, opts: OpenApiPluginOptions) {
  await fastify.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'TeamTrek API',
        version: API_VERSION,
        description: API_DESCRIPTION + '\n\n**Live events** (progress, arrivals, members, chat, notifications) arrive over the WebSocket at `GET /ws` ' +
          `(or the API Gateway WebSocket API on Lambda); its protocol is described in AsyncAPI 3: [asyncapi.yaml](${asyncApiUrl(opts.publicUrl)}).`,
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
  // Swagger UI is loaded on the first /docs request (src/plugins/docs-ui.ts)
  // and answers through inject; nothing else pays for it at start.
  let docsUi: ReturnType<typeof import('./docs-ui.ts').createDocsUi> | undefined
  const docs = async (request: FastifyRequest, reply: FastifyReply) => {
    docsUi ??= import('./docs-ui.ts').then(({ createDocsUi }) => createDocsUi(fastify.swagger() as never, DOCS_PREFIX))
    docsUi.catch(() => { docsUi = undefined })
    const ui = await docsUi
    const answer = await ui.inject({
      method: 'GET',
      url: request.url,
      headers: pick(request.headers, ['accept', 'accept-encoding', 'if-none-match', 'if-modified-since', 'range'])
    })
    if (answer.statusCode === 404) return reply.callNotFound()
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) reply.header(name, value)
    }
    return reply.code(answer.statusCode).send(answer.rawPayload)
  }
  fastify.get(DOCS_PREFIX, { schema: { hide: true } }, docs)
  fastify.get(`${DOCS_PREFIX}/*`, { schema: { hide: true } }, docs)
  fastify.get('/openapi.json', { schema: { hide: true } }, async () => fastify.swagger())

  // The WebSocket protocol, public like the OpenAPI document. Read on the first
  // request (its own chunk in the Lambda bundle), then kept.
  let asyncApi: Promise<string> | undefined
  fastify.get(ASYNCAPI_PATH, { schema: { hide: true } }, async (_request, reply) => {
    asyncApi ??= import('./asyncapi-document.ts').then(({ loadAsyncApiDocument }) => loadAsyncApiDocument())
    asyncApi.catch(() => { asyncApi = undefined })
    // RFC 9512's media type for YAML.
    return reply.type('application/yaml; charset=utf-8').send(await asyncApi)
  })
}

export default fp(openApiPlugin, { name: 'openapi', fastify: '5.x' })
