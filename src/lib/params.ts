import { Type } from '@sinclair/typebox'

/** Path parameters of every `/…/{id}` route: a UUID, nothing else. */
export const IdParams = Type.Object({
  id: Type.String({ format: 'uuid' })
}, { additionalProperties: false })
