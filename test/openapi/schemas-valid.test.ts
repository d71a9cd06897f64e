import t from 'tap'
import { Ajv } from 'ajv'
import type { RouteOptions } from 'fastify'
import { loadConfig } from '../../src/lib/config.ts'
import Fastify from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { registerApp } from '../../src/app/app.ts'
import { hardenSchema, schemaController } from '../../src/app/validation.ts'

/**
 * The validators skip Ajv's meta-schema check at run time (it cost the
 * first request of a cold start the compilation of the whole meta-schema),
 * so it happens here: every shared schema and every request and response
 * schema of every route, as the validator sees it (hardened), is valid
 * JSON Schema.
 */
t.test('every schema the app validates with is valid JSON Schema', async (t) => {
  const config = loadConfig({ AWS_SERVICES: 'aws', LOG_LEVEL: 'silent', DYNAMODB_CREATE_TABLES: 'false', JWT_SECRET: 'schema-check-only-never-signs-anything', QUEUE_DRIVER: 'sqs', JOBS_QUEUE_URL: 'http://unused.invalid/queue' })
  // The root plugin on an app of our own, so a hook sees every route as it is added.
  const app = Fastify({ logger: false, schemaController }).withTypeProvider<TypeBoxTypeProvider>()
  t.teardown(() => app.close())
  const routes: RouteOptions[] = []
  app.addHook('onRoute', (route) => { routes.push(route) })
  await registerApp(app, { ...config, DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused' })
  await app.ready()

  // Ajv's meta-schema for draft-07, the dialect of Fastify's Ajv.
  const ajv = new Ajv({ strict: false })
  let checked = 0
  const check = (where: string, schema: unknown) => {
    if (ajv.validateSchema(hardenSchema(schema) as never) === true) checked++
    else t.fail(`${where}: ${ajv.errorsText(ajv.errors)}`)
  }
  const shared = Object.entries(app.getSchemas())
  t.ok(shared.length > 10, `the shared schemas are there (${shared.length})`)
  for (const [id, schema] of shared) check(`shared schema ${id}`, schema)

  t.ok(routes.length > 40, `every route is checked (${routes.length})`)
  for (const route of routes) {
    const schema = route.schema as Record<string, unknown> | undefined
    if (schema === undefined) continue
    for (const part of ['body', 'querystring', 'params', 'headers']) {
      if (schema[part] !== undefined) check(`${String(route.method)} ${route.url} ${part}`, schema[part])
    }
    for (const [status, response] of Object.entries((schema.response ?? {}) as Record<string, unknown>)) {
      check(`${String(route.method)} ${route.url} response ${status}`, response)
    }
  }
  t.ok(checked > 150, `${checked} schemas checked`)

  // And every one compiles in the app's own validators, which are given the
  // shared schemas a route refers to as it is compiled: none is missing.
  const buildValidator = schemaController!.compilersFactory!.buildValidator! as unknown as (shared: unknown, options: unknown) => (route: unknown) => (data: unknown) => unknown
  const validatorOf = buildValidator(app.getSchemas(), {})
  let compiled = 0
  for (const route of routes) {
    const schema = route.schema as Record<string, unknown> | undefined
    if (schema === undefined) continue
    for (const httpPart of ['body', 'querystring', 'params', 'headers']) {
      if (schema[httpPart] === undefined) continue
      const validate = validatorOf({ schema: schema[httpPart], httpPart, method: route.method, url: route.url })
      try {
        validate({}) // compiles on first use
        compiled++
      } catch (err) {
        t.fail(`${String(route.method)} ${route.url} ${httpPart} does not compile: ${(err as Error).message}`)
      }
    }
  }
  t.ok(compiled > 60, `${compiled} request schemas compile`)

  // The check can fail: a misspelt type is refused.
  t.notOk(ajv.validateSchema({ type: 'strnig' }), 'an invalid schema is refused')
})
