import { AjvCompiler } from '@fastify/ajv-compiler'
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

/**
 * Two validators from one pool: JSON bodies are validated strictly (a string
 * "5" is not a number), while path and query parameters, which are always
 * strings on the wire, are coerced to their declared types.
 */
export const schemaController: FastifyServerOptions['schemaController'] = {
  compilersFactory: {
    buildValidator: (externalSchemas: any, options: any) => {
      const build = AjvCompiler()
      const plugins = [addFormats]
      const strict = build(externalSchemas, { ...options, plugins, customOptions: { ...baseAjvOptions, coerceTypes: false } })
      const coercing = build(externalSchemas, { ...options, plugins, customOptions: { ...baseAjvOptions, coerceTypes: 'array' } })
      return ((route: { httpPart?: string }) => route.httpPart === 'body' ? strict(route) : coercing(route)) as any
    }
  }
}
