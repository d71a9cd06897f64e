import { secretsManagerReader, withSecretSettings, type SecretReader } from '../src/app/secret-settings.ts'
import { createDatabase } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'

export interface MigrationOutcome {
  /** Migrations applied by this run, in order (empty: the database was up to date). */
  applied: string[]
}

/**
 * Bring the database up to date: the one-off migration step of a deployment.
 * The CDK stack runs it as a Lambda function from the service's own image,
 * invoked synchronously by a trigger before any API function or task is
 * updated (infra/README.md, "Migrations"). It needs only the database:
 * DATABASE_URL, or DATABASE_SECRET_ARN with DATABASE_HOST and DATABASE_NAME.
 * Failing throws, which fails the deployment; kysely applies the pending
 * migrations in one transaction, so a failure leaves the schema as it was.
 */
export async function migrate (env: Record<string, string | undefined>, read: SecretReader = secretsManagerReader(env.AWS_REGION)): Promise<MigrationOutcome> {
  // Only the database's settings count here, whatever else the environment has.
  const settings = await withSecretSettings({ ...env, JWT_SECRET: undefined, JWT_SECRET_ARN: undefined }, read)
  if (!settings.DATABASE_URL) throw new Error('migrate: set DATABASE_URL, or DATABASE_SECRET_ARN with DATABASE_HOST and DATABASE_NAME')
  const db = createDatabase({ url: settings.DATABASE_URL, poolMax: 1 })
  try {
    const { results } = await migrateToLatest(db)
    return { applied: (results ?? []).map(r => r.migrationName) }
  } finally {
    await db.destroy()
  }
}

/** The Lambda entry point (image CMD dist/scripts/migrate-handler.handler). */
export async function handler (): Promise<MigrationOutcome> {
  const outcome = await migrate(process.env)
  // One JSON line for CloudWatch: what this deployment changed.
  console.log(JSON.stringify({ msg: 'migrations applied', ...outcome }))
  return outcome
}
