import pg from 'pg'

/**
 * Server-side prepared statements for the hot fixed statements. A statement
 * whose text starts with `/* prepare: <name> *\/` is prepared once per
 * connection under that name; later runs send only its parameters, and
 * Postgres skips parsing and, once it settles on a generic plan, planning
 * (which for the write path's and the aggregation's multi-part statements
 * cost more than running them). Every other statement runs unnamed, as
 * before: a text built per request must never be prepared (each variant
 * would stay on the connection for good).
 *
 * Behind a pooler that pins sessions on prepared statements (RDS Proxy),
 * this is a setting: off there, so the proxy can multiplex.
 */
const MARK = '/* prepare: '

/** The name a statement's text asks to be prepared under, if any. */
export function preparedName (text: string): string | undefined {
  if (!text.startsWith(MARK)) return undefined
  const end = text.indexOf(' */', MARK.length)
  return end > 0 ? text.slice(MARK.length, end) : undefined
}

/** A pg client that prepares the marked statements. */
export class PreparingClient extends pg.Client {
  override query (config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && Array.isArray(values)) {
      const name = preparedName(config)
      if (name !== undefined) return super.query({ name, text: config, values }, callback)
    }
    return super.query(config, values, callback)
  }
}
