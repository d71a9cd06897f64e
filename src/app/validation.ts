import { AjvCompiler } from '@fastify/ajv-compiler'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifyServerOptions } from 'fastify'
import { isIanaTimeZone } from '../lib/time-zones.ts'

function addFormats (ajv: any) {
  ajv.addFormat('iana-timezone', { type: 'string', validate: isIanaTimeZone })
  return ajv
}

const baseAjvOptions = {
  // Unknown fields are rejected (additionalProperties: false), never silently
  // dropped: a client sending `role` or `ownerId` must learn it is not allowed.
  removeAdditional: false,
  useDefaults: true,
  allErrors: true
}

type Validator = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown, schemaEnv?: unknown }

/**
 * A validator compiled when it first validates something. Fastify compiles
 * every route's schemas when the app becomes ready, which was most of a
 * Lambda cold start (seconds for ~60 routes and their error responses);
 * this way a request pays only for its own route's schemas, once.
 * Fastify reads `errors` after a failed call and `schemaEnv` (Ajv's marker
 * that the validator may rewrite the value in its parent) before each one.
 */
function lazyValidator (compile: () => Validator): Validator {
  let compiled: Validator | undefined
  const validate: Validator = function (data, context) {
    compiled ??= compile()
    const result = compiled(data, context)
    validate.errors = compiled.errors
    return result
  }
  Object.defineProperty(validate, 'schemaEnv', { get: () => (compiled ??= compile()).schemaEnv })
  return validate
}

/** The same for response serializers (fast-json-stringify). */
function lazySerializer (compile: () => (data: unknown) => string): (data: unknown) => string {
  let compiled: ((data: unknown) => string) | undefined
  return (data) => (compiled ??= compile())(data)
}

/**
 * Two validators from one pool: JSON bodies are validated strictly (a string
 * "5" is not a number), while path and query parameters, which are always
 * strings on the wire, are coerced to their declared types. Validators and
 * serializers are compiled at first use (see lazyValidator).
 */
export const schemaController: FastifyServerOptions['schemaController'] = {
  compilersFactory: {
    buildValidator: (externalSchemas: any, options: any) => {
      const build = AjvCompiler()
      const plugins = [addFormats]
      // Each Ajv instance compiles its meta-schemas and checks every shared
      // schema when it is made: made on first use too.
      let strict: ReturnType<typeof build> | undefined
      let coercing: ReturnType<typeof build> | undefined
      const compile = (route: { httpPart?: string }) => {
        if (route.httpPart === 'body') {
          strict ??= build(externalSchemas, { ...options, plugins, customOptions: { ...baseAjvOptions, coerceTypes: false } })
          return strict(route as never) as Validator
        }
        coercing ??= build(externalSchemas, { ...options, plugins, customOptions: { ...baseAjvOptions, coerceTypes: 'array' } })
        return coercing(route as never) as Validator
      }
      return ((route: { httpPart?: string }) => lazyValidator(() => compile(route))) as any
    },
    buildSerializer: (externalSchemas: any, options: any) => {
      const compile = SerializerSelector()(externalSchemas, options)
      return ((route: any) => lazySerializer(() => compile(route))) as any
    }
  }
}
