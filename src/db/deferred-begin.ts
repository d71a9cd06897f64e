import pg from 'pg'
import { prepareValue } from 'pg/lib/utils.js'
import { UUID_PATTERN } from '../lib/params.ts'
import { preparedName } from './prepared.ts'

/**
 * Fewer round trips per transaction, on a pg client: statements are held
 * back and sent together with the next one, in one simple query (Postgres
 * runs its statements in order, each with a fresh snapshot, and a BEGIN in
 * it leaves the transaction open). What is held back:
 *
 * - the transaction's BEGIN (Kysely sends it on its own), until its first
 *   statement;
 * - statements marked `deferred()` whose result the caller does not read
 *   (an advisory lock; the write that ends a transaction), until the next
 *   statement or the COMMIT. Their promise resolves at once; if one fails,
 *   the next statement (or the COMMIT) fails with its error, and the
 *   transaction rolls back as it would have.
 *
 * Statements with parameters need the extended protocol, one statement per
 * message, so they ride in the simple query only as `EXECUTE name(…)` of a
 * statement already prepared on this connection (src/db/prepared.ts), with
 * their values written as literals the way node-postgres would have sent
 * them. Otherwise the held statements go one at a time first, as separate
 * round trips: never fewer statements run, only fewer messages.
 *
 * On a machine where each round trip to Postgres costs a system call and a
 * wake-up on both sides, this takes the aggregation from five round trips to
 * four (BEGIN, lock and read together) and logging an activity from four to
 * three (its credit lines go with the COMMIT).
 */
const DEFERRED = '/* deferred */\n'

/** Mark a statement whose result nobody reads: inside a transaction it goes with the next statement. */
export function deferred (text: string): string {
  return DEFERRED + text
}

interface Statement { text: string, values: unknown[] }

/**
 * `EXECUTE` of a prepared statement with its values as literals, or
 * undefined when it cannot be written so (not prepared on this connection
 * yet, or a value node-postgres sends as binary).
 */
function asExecute (statement: Statement, parsed: Record<string, string> | undefined): string | undefined {
  const name = preparedName(statement.text)
  if (name === undefined || parsed?.[name] !== statement.text) return undefined
  const values: string[] = []
  for (const value of statement.values) {
    const prepared: unknown = prepareValue(value)
    if (prepared === null) values.push('null')
    else if (typeof prepared === 'string') values.push(pg.escapeLiteral(prepared))
    else return undefined
  }
  return `execute ${pg.escapeIdentifier(name)}(${values.join(', ')})`
}

export function deferringBegin (Client: new (...args: any[]) => pg.Client): typeof pg.Client {
  return class DeferringClient extends Client {
    #beginPending = false
    #inTransaction = false
    #held: Statement[] = []

    override query (config: any, values?: any, callback?: any): any {
      // Kysely's form only (text and parameters, a promise); anything else
      // (a cursor, a callback) as it was, after what it may be owed: the
      // client sends queries in the order they were made.
      if (typeof config !== 'string' || callback !== undefined || typeof values === 'function') {
        for (const owed of this.#takeOwed()) super.query(owed.text, owed.values).catch(() => {})
        return super.query(config, values, callback)
      }
      const parameters: unknown[] = Array.isArray(values) ? values : []
      const isDeferred = config.startsWith(DEFERRED)
      const text = isDeferred ? config.slice(DEFERRED.length) : config
      if (parameters.length === 0 && text === 'begin') {
        this.#inTransaction = true
        this.#beginPending = true
        return Promise.resolve(completed('BEGIN'))
      }
      const ends = parameters.length === 0 && (text === 'commit' || text === 'rollback')
      if (ends) this.#inTransaction = false
      if (ends && text === 'rollback') this.#held = []
      // Nothing ran: nothing to end.
      if (ends && this.#beginPending && this.#held.length === 0) {
        this.#beginPending = false
        return Promise.resolve(completed(text.toUpperCase()))
      }
      if (isDeferred && this.#inTransaction) {
        this.#held.push({ text, values: parameters })
        return Promise.resolve(completed('SELECT'))
      }
      return this.#send([...this.#takeOwed(), { text, values: parameters }])
    }

    /** The BEGIN and the held statements still to be sent, in order. */
    #takeOwed (): Statement[] {
      const owed = this.#beginPending ? [{ text: 'begin', values: [] }, ...this.#held] : this.#held
      this.#beginPending = false
      this.#held = []
      return owed
    }

    /**
     * The statements in order, as few messages as they allow: runs of those
     * that can be written without parameters share one simple query, any
     * other goes alone. The last statement's result.
     */
    async #send (statements: Statement[]): Promise<unknown> {
      if (statements.length === 1) return super.query(statements[0]!.text, statements[0]!.values)
      const parsed = (this as unknown as { connection?: { parsedStatements?: Record<string, string> } }).connection?.parsedStatements
      let batch: string[] = []
      let result: unknown
      const flush = async () => {
        if (batch.length === 0) return
        const results = await super.query(batch.join(';\n')) as pg.QueryResult | pg.QueryResult[]
        batch = []
        result = Array.isArray(results) ? results.at(-1) : results
      }
      for (const statement of statements) {
        const text = statement.values.length === 0 ? statement.text : asExecute(statement, parsed)
        if (text !== undefined) {
          batch.push(text)
          continue
        }
        await flush()
        result = await super.query(statement.text, statement.values)
      }
      await flush()
      return result
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
