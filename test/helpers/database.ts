import { createHash, randomBytes } from 'node:crypto'
import pg from 'pg'
import { Kysely, PostgresDialect } from 'kysely'
import { migrations } from '../../src/db/migrations/index.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'

/** The machine's Postgres (trust auth); tests never skip when it is missing, they fail. */
export const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

function urlFor (database: string): string {
  const url = new URL(ADMIN_URL)
  url.pathname = `/${database}`
  return url.toString()
}

// Template named after the migration list: adding a migration makes a new one.
const TEMPLATE = `teamtrek_tpl_${createHash('sha1').update(Object.keys(migrations).join('|')).digest('hex').slice(0, 12)}`
const LOCK_ID = 7_414_001

async function withAdmin<T> (fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  try {
    await client.connect()
  } catch (err) {
    throw new Error(`Postgres is not reachable at ${ADMIN_URL}: start it (see README, "Tests")`, { cause: err })
  }
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

async function ensureTemplate (client: pg.Client): Promise<void> {
  const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [TEMPLATE])
  if (rowCount) return
  const building = `${TEMPLATE}_build_${randomBytes(3).toString('hex')}`
  await client.query(`create database "${building}"`)
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: urlFor(building), max: 1 }) }) })
  try {
    await migrateToLatest(db)
  } finally {
    await db.destroy()
  }
  await client.query(`alter database "${building}" rename to "${TEMPLATE}"`)
}

/**
 * A fresh, migrated database for one test file, copied from a template
 * (fast), so files running in parallel never see each other's rows.
 */
export async function createTestDatabase (): Promise<{ url: string, drop: () => Promise<void> }> {
  const name = `teamtrek_test_${process.pid}_${randomBytes(4).toString('hex')}`
  await withAdmin(async (client) => {
    // One file at a time builds the template and copies it (Postgres refuses
    // to copy a database someone is connected to).
    await client.query('select pg_advisory_lock($1)', [LOCK_ID])
    try {
      await ensureTemplate(client)
      await client.query(`create database "${name}" template "${TEMPLATE}"`)
    } finally {
      await client.query('select pg_advisory_unlock($1)', [LOCK_ID])
    }
  })
  return {
    url: urlFor(name),
    drop: () => withAdmin(async (client) => {
      await client.query(`drop database if exists "${name}" with (force)`)
    })
  }
}
