import { Kysely, PostgresDialect, type Transaction } from 'kysely'
import pg from 'pg'
import type { Database } from './schema.ts'

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
}

export function createDatabase ({ url, poolMax }: DatabaseOptions): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000
  })
  // An idle client losing its connection must not crash the process; the
  // pool replaces it on next use.
  pool.on('error', () => {})
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}
