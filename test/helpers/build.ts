import type { Test } from 'tap'
import { loadConfig } from '../../src/lib/config.ts'
import { buildApp, type App } from '../../src/app/app.ts'
import { startAwsEmulators, type AwsEmulators } from '../../src/app/embedded/aws-emulators.ts'
import { createTestDatabase } from './database.ts'

export interface TestEnvironment {
  databaseUrl: string
  emulators: AwsEmulators
  /** Settings every app of this test shares (database, emulator endpoints). */
  env: Record<string, string>
}

/** One database and one set of AWS emulators for a test (file), torn down after it. */
export async function testEnvironment (t: Test): Promise<TestEnvironment> {
  const database = await createTestDatabase()
  const emulators = await startAwsEmulators()
  t.teardown(async () => {
    await emulators.stop()
    await database.drop()
  })
  return {
    databaseUrl: database.url,
    emulators,
    env: {
      DATABASE_URL: database.url,
      DYNAMODB_ENDPOINT: emulators.dynamodbEndpoint,
      SQS_ENDPOINT: emulators.sqsEndpoint,
      S3_ENDPOINT: emulators.s3Endpoint,
      SES_ENDPOINT: emulators.sesEndpoint,
      AWS_SERVICES: 'aws',
      LOG_LEVEL: 'silent',
      // Test files run in parallel on two cores: event-loop stalls of a second
      // are the machine, not the service, so load shedding stays off here.
      MAX_EVENT_LOOP_DELAY_MS: '0',
      // Tests sign in far more often than people do; the throttling test sets its own limits.
      LOGIN_MAX_PER_IP_PER_MINUTE: '100000',
      LOGIN_MAX_PER_ACCOUNT_PER_15_MINUTES: '100000',
      JOINS_PER_USER_PER_MINUTE: '100000',
      CHAT_MESSAGES_PER_MINUTE: '100000',
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789'
    }
  }
}

/** Build the app against the test environment; closed when the test ends. */
export async function build (t: Test, environment: TestEnvironment, overrides: Record<string, string> = {}): Promise<App> {
  const config = loadConfig({ ...environment.env, ...overrides })
  const app = await buildApp({ ...config, DATABASE_URL: config.DATABASE_URL ?? environment.databaseUrl })
  t.teardown(() => app.close())
  await app.ready()
  return app
}
