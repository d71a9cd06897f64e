import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'

const SWAGGER_LOGO_STYLE_HASH = 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='

/**
 * Swagger UI for `document`, as a Fastify instance of its own that the API
 * forwards /docs requests to (src/plugins/openapi.ts). It is imported and
 * built on the first /docs request, so no other request (and no cold start)
 * pays for swagger-ui, @fastify/static and their dependencies.
 *
 * Its assets are read from the installed package (resolved from this file,
 * which also works from the bundle in dist/bundle, inside the same tree).
 */
export async function createDocsUi (document: Record<string, unknown>, routePrefix: string): Promise<FastifyInstance> {
  const assets = path.dirname(fileURLToPath(import.meta.resolve('@fastify/swagger-ui/static/logo.svg')))
  const ui = Fastify({ logger: false })
  await ui.register(fastifySwagger, { mode: 'static', specification: { document: document as never } })
  await ui.register(fastifySwaggerUi, {
    routePrefix,
    baseDir: assets,
    logo: { type: 'image/svg+xml', content: await readFile(path.join(assets, 'logo.svg')) },
    uiConfig: { deepLinking: true, persistAuthorization: true, displayOperationId: true },
    staticCSP: true,
    // swagger-ui's own top-bar logo is an SVG with an inline <style>; allow
    // exactly that style by its hash rather than all inline styles.
    transformStaticCSP: (header) => header.replace(
      "style-src 'self' https:",
      `style-src 'self' https: '${SWAGGER_LOGO_STYLE_HASH}'`
    )
  })
  await ui.ready()
  return ui
}
