import { Kysely, PostgresDialect, type Transaction } from 'kysely'
import pg from 'pg'
import type { Database } from './schema.ts'
import { PreparingClient } from './prepared.ts'
import { deferringBegin } from './deferred-begin.ts'

export type Db = Kysely<Database>
/** What repositories take first: the database or a transaction, interchangeably. */
export type DbOrTx = Kysely<Database> | Transaction<Database>

// node-postgres returns bigint (int8) as strings by default; counts and sums
// in this schema fit comfortably in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, value => Number(value))
// A `date` is a calendar day, not an instant: keep 'YYYY-MM-DD' rather than
// letting pg turn it into a Date at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, value => value)

export interface DatabaseOptions {
  url: string
  poolMax: number
  /** Server-side limits per statement and per lock wait, in ms (0 or unset: none). */
  statementTimeoutMs?: number
  lockTimeoutMs?: number
  /** Prepare the statements marked for it (see prepared.ts); off behind a pooler that pins on them. */
  preparedStatements?: boolean
}

export function createDatabase ({ url, poolMax, statementTimeoutMs, lockTimeoutMs, preparedStatements = true }: DatabaseOptions): Db {
  const pool = new pg.Pool({
    Client: deferringBegin(preparedStatements ? PreparingClient : pg.Client),
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
    // Sent with each new connection, so every query of the pool has them.
    ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
    ...(lockTimeoutMs ? { lock_timeout: lockTimeoutMs } : {})
  })
  // An idle client losing its connection must not crash the process; the
  // pool replaces it on next use.
  pool.on('error', () => {})
  // Nor one the pool has lent out: between two statements of a transaction
  // nobody listens on the client, and a connection lost there (Postgres
  // stopped or restarted) would be an uncaught 'error' event. The next query
  // on it fails and is answered 503 DATABASE_UNAVAILABLE.
  pool.on('connect', client => { client.on('error', () => {}) })
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}
