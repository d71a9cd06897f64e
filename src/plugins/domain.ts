import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyPluginOptions } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { TSchema } from '@sinclair/typebox'
import type { ResolvedConfig } from '../lib/config.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A GET route that writes (stores rows and outbox events): the outbox is published after it like after a POST. */
    writes?: boolean
  }
}

/** An OpenAPI tag: how /docs and generated SDKs group a domain's operations. */
export interface OpenApiTag {
  name: string
  description: string
}

export interface DomainPluginOptions {
  config: ResolvedConfig
  /** False in a worker process: the services without the HTTP routes. */
  routes: boolean
}

export interface DomainDefinition<RouteOptions extends FastifyPluginOptions> {
  /** The folder's name; the plugin is registered as `domain:<name>`. */
  name: string
  /** The OpenAPI tags its operations use. */
  tags?: OpenApiTag[]
  /** Named schemas (`$id`): added to the root, so they become OpenAPI components any domain can `$ref`. */
  schemas?: TSchema[]
  /**
   * Domains whose services this one calls. They are looked up when called,
   * not when this one is built, so list order does not matter; the app
   * refuses to start if one is missing.
   */
  uses?: string[]
  /** Build the domain's services and decorate the (root) instance with them. */
  services?: (fastify: FastifyInstance, config: ResolvedConfig) => void | Promise<void>
  routes?: FastifyPluginAsyncTypebox<RouteOptions>
  routeOptions?: (config: ResolvedConfig) => RouteOptions
  /** `bearer`: every route needs a live session's access token; `public`: each route decides. */
  auth: 'bearer' | 'public'
}

export interface Domain {
  name: string
  tags: OpenApiTag[]
  plugin: ReturnType<typeof fp<DomainPluginOptions>>
}

/**
 * One domain folder as one plugin: its schemas and services on the root
 * instance (other domains and the workers use them), its routes in their
 * own encapsulated context behind its auth scope.
 */
export function defineDomain<RouteOptions extends FastifyPluginOptions = Record<never, never>> (definition: DomainDefinition<RouteOptions>): Domain {
  async function domain (fastify: FastifyInstance, opts: DomainPluginOptions) {
    for (const schema of definition.schemas ?? []) fastify.addSchema(schema)
    await definition.services?.(fastify, opts.config)
    fastify.addHook('onReady', async () => {
      const missing = (definition.uses ?? []).filter(name => !fastify.hasPlugin(`domain:${name}`))
      if (missing.length > 0) throw new Error(`domain "${definition.name}" uses ${missing.map(n => `"${n}"`).join(', ')}, which the app does not register`)
    })
    const routes = definition.routes
    if (!opts.routes || routes === undefined) return
    await fastify.register(async (scope) => {
      if (definition.auth === 'bearer') scope.addHook('onRequest', scope.authenticate)
      await scope.register(routes, definition.routeOptions?.(opts.config) ?? ({} as RouteOptions))
    })
  }
  return {
    name: definition.name,
    tags: definition.tags ?? [],
    plugin: fp(domain, { name: `domain:${definition.name}`, fastify: '5.x', dependencies: ['database', 'auth'] })
  }
}
