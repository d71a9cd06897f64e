import { AjvCompiler } from '@fastify/ajv-compiler'
import type { FastifyServerOptions } from 'fastify'
import { isIanaTimeZone } from '../lib/time-zones.ts'

/**
 * A UUID as the API writes it: 8-4-4-4-12 hex digits. ajv-formats' own
 * pattern also takes a `urn:uuid:` prefix, which no id here carries and
 * Postgres' uuid type reads differently.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function addFormats (ajv: any) {
  ajv.addFormat('iana-timezone', { type: 'string', validate: isIanaTimeZone })
  ajv.addFormat('uuid', { type: 'string', validate: (value: string) => UUID.test(value) })
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

/**
 * The validator's copy of a schema, with the two keywords above added where
 * they apply (the schemas themselves, and so the OpenAPI document, stay as
 * written).
 */
export function hardenSchema<T> (schema: T): T {
  if (Array.isArray(schema)) return schema.map(hardenSchema) as T
  if (schema === null || typeof schema !== 'object') return schema
  const copy: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schema)) {
    // `const`, `enum`, `default` and `examples` hold data, not schemas.
    copy[key] = ['const', 'enum', 'default', 'examples'].includes(key) ? value : hardenSchema(value)
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
  allErrors: true
}

/**
 * Two validators from one pool: JSON bodies are validated strictly (a string
 * "5" is not a number), while path and query parameters, which are always
 * strings on the wire, are coerced to their declared types.
 */
export const schemaController: FastifyServerOptions['schemaController'] = {
  compilersFactory: {
    buildValidator: (externalSchemas: any, options: any) => {
      const build = AjvCompiler()
      // onCreate runs after ajv-formats, so the uuid format here replaces its own.
      const schemas = hardenSchema(externalSchemas)
      const strict = build(schemas, { ...options, onCreate: addFormats, customOptions: { ...baseAjvOptions, coerceTypes: false } })
      const coercing = build(schemas, { ...options, onCreate: addFormats, customOptions: { ...baseAjvOptions, coerceTypes: 'array' } })
      return ((route: { httpPart?: string, schema: unknown }) => {
        const hardened = { ...route, schema: hardenSchema(route.schema) }
        return route.httpPart === 'body' ? strict(hardened) : coercing(hardened)
      }) as any
    }
  }
}
