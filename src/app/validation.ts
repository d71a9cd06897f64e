import { AjvCompiler } from '@fastify/ajv-compiler'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifyServerOptions } from 'fastify'
import { UUID_PATTERN } from '../lib/params.ts'
import { isIanaTimeZone } from '../lib/time-zones.ts'

function addFormats (ajv: any) {
  ajv.addFormat('iana-timezone', { type: 'string', validate: isIanaTimeZone })
  ajv.addFormat('uuid', { type: 'string', validate: (value: string) => UUID_PATTERN.test(value) })
  // Query coercion turns "Infinity" and "1e309" into numbers, and JSON.parse
  // reads 1e309 as Infinity: no field of this API holds a non-finite number.
  ajv.addKeyword({
    keyword: 'x-finite',
    schemaType: 'boolean',
    errors: false,
    validate: (_: boolean, data: unknown) => typeof data !== 'number' || Number.isFinite(data)
  })
  // UUIDs are case-insensitive on input (RFC 9562) and Postgres compares them
  // so, but services compare ids as strings: every id is lower-cased here,
  // once, where it enters.
  ajv.addKeyword({
    keyword: 'x-lowercase',
    schemaType: 'boolean',
    modifying: true,
    errors: false,
    validate: (_: boolean, data: unknown, _schema: unknown, context?: { parentData: any, parentDataProperty: string | number }) => {
      if (typeof data === 'string' && context?.parentData !== undefined) context.parentData[context.parentDataProperty] = data.toLowerCase()
      return true
    }
  })
  return ajv
}

/** Keywords whose values are data, not schemas. */
const DATA_KEYWORDS = ['const', 'enum', 'default', 'examples']

/**
 * The validator's copy of a schema, with the two keywords of addFormats added where
 * they apply (the schemas themselves, and so the OpenAPI document, stay as
 * written).
 */
export function hardenSchema<T> (schema: T): T {
  if (Array.isArray(schema)) return schema.map(hardenSchema) as T
  if (schema === null || typeof schema !== 'object') return schema
  const copy: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schema)) {
    copy[key] = DATA_KEYWORDS.includes(key) ? value : hardenSchema(value)
  }
  const types = ([] as unknown[]).concat(copy.type)
  if (types.includes('number') || types.includes('integer')) copy['x-finite'] = true
  if (copy.format === 'uuid') copy['x-lowercase'] = true
  return copy as T
}

const baseAjvOptions = {
  // Unknown fields are rejected (additionalProperties: false), never silently
  // dropped: a client sending `role` or `ownerId` must learn it is not allowed.
  removeAdditional: false,
  useDefaults: true,
  allErrors: true,
  // Not checked against the JSON Schema meta-schema as each is added: that
  // compiled the whole meta-schema on the first request (tens of ms of a
  // Lambda cold start). The schemas are constants of the code, and
  // test/openapi/schemas-valid.test.ts checks every one of them instead.
  validateSchema: false
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

/** The `$id`s a schema refers to (`User`, `User#/properties/id`); local `#/…` references aside. */
function referencedIds (schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) referencedIds(item, found)
  } else if (schema !== null && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string') {
        const id = value.split('#')[0]
        if (id) found.add(id)
      } else if (!DATA_KEYWORDS.includes(key)) {
        referencedIds(value, found)
      }
    }
  }
  return found
}

/**
 * The shared schemas `schema` refers to, directly or through one another.
 * fast-json-stringify checks and indexes every external schema it is given
 * for each serializer it builds: given all sixty, that was most of the
 * first answer of a cold start, for a route that refers to one or two.
 */
function referencedSchemas (shared: Record<string, unknown>, schema: unknown): Record<string, unknown> {
  const picked: Record<string, unknown> = {}
  const pick = (id: string) => {
    if (id in picked || shared[id] === undefined) return
    picked[id] = shared[id]
    for (const referenced of referencedIds(shared[id])) pick(referenced)
  }
  for (const id of referencedIds(schema)) pick(id)
  return picked
}

/**
 * One Ajv instance of the pool, made on first use, which is given a shared
 * schema when a route that refers to it (directly or through another shared
 * schema) is compiled, or whose schema it is. Adding all sixty at once, each
 * walked for its references, was most of the first request's cost; a
 * schema a route never refers to cannot change how it validates.
 */
function ajvInstance (build: ReturnType<typeof AjvCompiler>, shared: Record<string, unknown>, options: any, coerceTypes: false | 'array') {
  let ajv: any
  let validatorOf: ReturnType<typeof build> | undefined
  const added = new Set<string>()
  const add = (id: string) => {
    if (added.has(id) || shared[id] === undefined) return
    added.add(id)
    const schema = hardenSchema(shared[id])
    for (const referenced of referencedIds(schema)) add(referenced)
    ajv.addSchema(schema)
  }
  return (route: { httpPart?: string, schema: unknown }) => {
    validatorOf ??= build({}, {
      ...options,
      // onCreate runs after ajv-formats, so the uuid format here replaces its own.
      onCreate: (created: unknown) => { ajv = addFormats(created) },
      customOptions: { ...baseAjvOptions, coerceTypes }
    })
    const schema = hardenSchema(route.schema) as { $id?: unknown }
    // A route whose schema is itself a shared one gets the instance's copy, as Fastify's compiler does.
    if (typeof schema?.$id === 'string') add(schema.$id)
    for (const id of referencedIds(schema)) add(id)
    return validatorOf({ ...route, schema } as never) as Validator
  }
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
      const strict = ajvInstance(build, externalSchemas, options, false)
      const coercing = ajvInstance(build, externalSchemas, options, 'array')
      const compile = (route: { httpPart?: string, schema: unknown }) => route.httpPart === 'body' ? strict(route) : coercing(route)
      return ((route: { httpPart?: string, schema: unknown }) => lazyValidator(() => compile(route))) as any
    },
    buildSerializer: (externalSchemas: any, options: any) => {
      const select = SerializerSelector()
      return ((route: any) => lazySerializer(() => select(referencedSchemas(externalSchemas, route.schema), options)(route))) as any
    }
  }
}
