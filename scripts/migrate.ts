import { loadConfig } from '../src/lib/config.ts'
import { startRuntime } from '../src/app/runtime.ts'
import { createDatabase } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'

/** `npm run db:migrate`: bring DATABASE_URL (or the embedded database) up to date. */
const runtime = await startRuntime({ ...loadConfig(), AWS_SERVICES: 'aws' })
const db = createDatabase({ url: runtime.config.DATABASE_URL, poolMax: 1 })
try {
  const { results } = await migrateToLatest(db)
  if (!results?.length) console.log('Database is up to date')
  for (const r of results ?? []) console.log(`${r.status.padEnd(8)} ${r.migrationName}`)
} finally {
  await db.destroy()
  await runtime.stop()
}
