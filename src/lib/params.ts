import { Type, type TSchema } from '@sinclair/typebox'

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
