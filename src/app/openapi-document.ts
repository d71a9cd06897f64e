import { loadConfig } from '../lib/config.ts'
import { buildApp } from './app.ts'

/**
 * The OpenAPI document exactly as the running service serves it, produced
 * without touching any database or AWS service (nothing connects until used).
 */
export async function generateOpenApiDocument (): Promise<string> {
  const config = loadConfig({ AWS_SERVICES: 'aws', LOG_LEVEL: 'silent', DYNAMODB_CREATE_TABLES: 'false', JWT_SECRET: 'openapi-generation-only-never-signs-anything', QUEUE_DRIVER: 'sqs', JOBS_QUEUE_URL: 'http://unused.invalid/queue' })
  const app = await buildApp({ ...config, DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused' }, { logger: false })
  try {
    await app.ready()
    return JSON.stringify(app.swagger(), null, 2) + '\n'
  } finally {
    await app.close()
  }
}
