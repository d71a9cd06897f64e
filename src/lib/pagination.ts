import { Type, type Static } from '@sinclair/typebox'
import { AppError } from './errors.ts'

export const PageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512, description: 'meta.nextCursor of the previous page' })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 })
}, { additionalProperties: false })

export type PageQueryInput = Static<typeof PageQuery>

/**
 * Keyset cursors: the sort key of the last row, as opaque base64url JSON.
 * Clients pass them back untouched; anything else is INVALID_CURSOR.
 */
export function encodeCursor (key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

export function decodeCursor<K extends Record<string, string | number>> (cursor: string, isKey: (value: unknown) => value is K): K {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw new AppError('INVALID_CURSOR')
  }
  if (!isKey(value)) throw new AppError('INVALID_CURSOR')
  return value
}

/** Split a page fetched with limit + 1 rows into the page and the next cursor. */
export function pageOf<R> (rows: R[], limit: number, keyOf: (row: R) => Record<string, string | number>) {
  const hasMore = rows.length > limit
  const page = hasMore ? rows.slice(0, limit) : rows
  const last = page[page.length - 1]
  return { page, nextCursor: hasMore && last !== undefined ? encodeCursor(keyOf(last)) : null }
}
