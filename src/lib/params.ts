import { Type, type TSchema } from '@sinclair/typebox'

/**
 * A UUID as the API takes it: 8-4-4-4-12 hex digits, either case. ajv-formats'
 * own pattern also takes a `urn:uuid:` prefix, which no id here carries and
 * Postgres' uuid type reads differently.
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Path parameters of every `/…/{id}` route: a UUID, nothing else. */
export const IdParams = Type.Object({
  id: Type.String({ format: 'uuid' })
}, { additionalProperties: false })

/**
 * A request field clients may leave out because it has a `default`: optional
 * in the OpenAPI document, while handlers see it always set (the validator
 * fills in the default before they run).
 */
export function Defaulted<T extends TSchema> (schema: T): T {
  return Type.Optional(schema) as unknown as T
}
