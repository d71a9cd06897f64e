import pg from 'pg'
import { UUID_PATTERN } from '../lib/params.ts'

/**
 * A transaction's BEGIN sent with its first statement, one round trip
 * instead of two, when that statement carries no parameters (its values
 * written into the text as literals, see `literal`): Postgres runs a simple
 * query of several statements in order, and after a BEGIN in it the
 * transaction stays open. Kysely sends `begin` on its own; the client holds
 * it back until the next statement, and sends it alone first when that one
 * has parameters (they need the extended protocol, one statement per
 * message). A transaction that ends before any statement sends nothing.
 *
 * On a machine where each round trip to Postgres costs a system call and a
 * wake-up on both sides, the transactions of the write path and of the
 * aggregation take their lock in the first statement: that round trip was
 * a fifth of theirs.
 */
export function deferringBegin (Client: new (...args: any[]) => pg.Client): typeof pg.Client {
  return class DeferringBeginClient extends Client {
    #beginPending = false

    override query (config: any, values?: any, callback?: any): any {
      // Kysely's form only (text and parameters, a promise); anything else
      // (a cursor, a callback) as it was, after the BEGIN it may be owed:
      // the client sends queries in the order they were made.
      if (typeof config !== 'string' || callback !== undefined || typeof values === 'function') {
        if (this.#beginPending) {
          this.#beginPending = false
          super.query('begin').catch(() => {})
        }
        return super.query(config, values, callback)
      }
      const parameters: unknown[] = Array.isArray(values) ? values : []
      if (!this.#beginPending) {
        if (config === 'begin' && parameters.length === 0) {
          this.#beginPending = true
          return Promise.resolve(completed('BEGIN'))
        }
        return super.query(config, values)
      }
      this.#beginPending = false
      // Nothing ran: nothing to end.
      if ((config === 'commit' || config === 'rollback') && parameters.length === 0) return Promise.resolve(completed(config.toUpperCase()))
      if (parameters.length > 0) return super.query('begin').then(() => super.query(config, values))
      return super.query(`begin;\n${config}`).then((results: pg.QueryResult | pg.QueryResult[]) => Array.isArray(results) ? results.at(-1) : results)
    }
  } as unknown as typeof pg.Client
}

function completed (command: string): Partial<pg.QueryResult> {
  return { command, rowCount: null, rows: [], fields: [] }
}

/**
 * Values as SQL literals, for a statement that must carry no parameters
 * (the first of a transaction, above): a UUID, checked, or text quoted by
 * node-postgres's own escaping.
 */
export const literal = {
  uuid (value: string): string {
    if (!UUID_PATTERN.test(value)) throw new TypeError(`not a UUID: ${JSON.stringify(value)}`)
    return `'${value}'::uuid`
  },
  text: (value: string): string => pg.escapeLiteral(value)
}
