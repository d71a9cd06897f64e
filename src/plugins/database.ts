import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { createDatabase, type Db } from '../db/database.ts'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
  }
}

export interface DatabasePluginOptions {
  url: string
  poolMax: number
  statementTimeoutMs?: number
  lockTimeoutMs?: number
  preparedStatements?: boolean
}

async function databasePlugin (fastify: FastifyInstance, opts: DatabasePluginOptions) {
  const db = createDatabase(opts)
  fastify.decorate('db', db)
  fastify.addHook('onClose', async () => {
    await db.destroy()
  })
}

export default fp(databasePlugin, { name: 'database', fastify: '5.x' })
