import { Type, type Static } from '@sinclair/typebox'
import { Defaulted } from './params.ts'
import { AppError } from './errors.ts'

/**
 * The JSON schemas of the shared `cursor` and `limit` query parameters. The
 * OpenAPI document describes them once, as components.parameters, and every
 * list refers to them (src/plugins/openapi-contract.ts).
 */
export const PAGE_CURSOR = { type: 'string', minLength: 1, maxLength: 512 } as const
export const PAGE_LIMIT = { type: 'integer', minimum: 1, maximum: 100, default: 20 } as const
export const LEDGER_LIMIT = { type: 'integer', minimum: 1, maximum: 500, default: 100 } as const
/** A team's live events, read after a dropped connection (up to the 1,000 kept). */
export const EVENTS_LIMIT = { type: 'integer', minimum: 1, maximum: 1000, default: 100 } as const

export const PageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ minLength: PAGE_CURSOR.minLength, maxLength: PAGE_CURSOR.maxLength, description: 'meta.nextCursor of the previous page' })),
  limit: Defaulted(Type.Integer({ minimum: PAGE_LIMIT.minimum, maximum: PAGE_LIMIT.maximum, default: PAGE_LIMIT.default }))
}, { additionalProperties: false })

export type PageQueryInput = Static<typeof PageQuery>

/**
 * Keyset cursors: the sort key of the last row, as opaque base64url JSON.
 * Clients pass them back untouched; anything else is INVALID_CURSOR.
 */
export function encodeCursor (key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

/**
 * What each field of a cursor may hold, checked before it reaches a query.
 * Timestamps travel as Postgres prints a timestamptz: keyset comparisons
 * need its microseconds, which a JS Date would drop.
 */
const CURSOR_FIELDS = {
  timestamp: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/,
  day: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
}

export type CursorShape<F extends string> = Record<F, keyof typeof CURSOR_FIELDS>

/** Decode a client's cursor (undefined stays undefined); anything not of `shape` is INVALID_CURSOR. */
export function decodeCursor<F extends string> (cursor: string | undefined, shape: CursorShape<F>): Record<F, string> | undefined {
  if (cursor === undefined) return undefined
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw new AppError('INVALID_CURSOR')
  }
  if (typeof value !== 'object' || value === null) throw new AppError('INVALID_CURSOR')
  const fields = value as Record<string, unknown>
  for (const [field, kind] of Object.entries(shape) as Array<[string, keyof typeof CURSOR_FIELDS]>) {
    const v = fields[field]
    if (typeof v !== 'string' || !CURSOR_FIELDS[kind].test(v)) throw new AppError('INVALID_CURSOR')
  }
  return fields as Record<F, string>
}

/** Split a page fetched with limit + 1 rows into the page and the next cursor. */
export function pageOf<R> (rows: R[], limit: number, keyOf: (row: R) => Record<string, string | number>) {
  const hasMore = rows.length > limit
  const page = hasMore ? rows.slice(0, limit) : rows
  const last = page[page.length - 1]
  return { page, nextCursor: hasMore && last !== undefined ? encodeCursor(keyOf(last)) : null }
}
