import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { createAwsClients, type AwsClientOptions, type AwsClients } from '../lib/aws/clients.ts'
import { ensureTables } from '../lib/aws/tables.ts'

declare module 'fastify' {
  interface FastifyInstance {
    aws: AwsClients
  }
}

export interface AwsPluginOptions extends AwsClientOptions {
  sessionsTable: string
  createTables: boolean
}

async function awsPlugin (fastify: FastifyInstance, opts: AwsPluginOptions) {
  const clients = createAwsClients(opts)
  fastify.decorate('aws', clients)
  fastify.addHook('onClose', async () => clients.destroy())
  if (opts.createTables) await ensureTables(await clients.dynamodb(), opts.sessionsTable)
}

export default fp(awsPlugin, { name: 'aws', fastify: '5.x' })
