import { loadConfig } from '../src/lib/config.ts'
import { startRuntime } from '../src/app/runtime.ts'
import { createDatabase } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'

/** `npm run db:migrate`: bring DATABASE_URL (or the embedded database) up to date. */
// Migrations sign nothing: the JWT secret need not be set to run them.
const runtime = await startRuntime({ ...loadConfig({ JWT_SECRET: 'migrations-sign-nothing-0123456789abcdef', ...process.env }), AWS_SERVICES: 'aws' })
const db = createDatabase({ url: runtime.config.DATABASE_URL, poolMax: 1 })
try {
  const { results } = await migrateToLatest(db)
  if (!results?.length) console.log('Database is up to date')
  for (const r of results ?? []) console.log(`${r.status.padEnd(8)} ${r.migrationName}`)
} finally {
  await db.destroy()
  await runtime.stop()
}
