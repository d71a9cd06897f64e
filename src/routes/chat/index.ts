import { defineDomain } from '../../plugins/domain.ts'
import chatRoutes from './routes.ts'
import { ensureChatTable } from './repository.ts'
import { CHAT_SCHEMAS } from './schemas.ts'
import { createChatService, type ChatService } from './service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    chat: ChatService
  }
}

/** Team chat: messages in DynamoDB, sent over REST or the WebSocket, pushed live to the team. */
export default defineDomain({
  name: 'chat',
  tags: [{ name: 'chat', description: 'Team chat: members only, plain text, pushed live over the WebSocket' }],
  schemas: CHAT_SCHEMAS,
  uses: ['teams'],
  services: async (fastify, config) => {
    if (config.DYNAMODB_CREATE_TABLES ?? config.DYNAMODB_ENDPOINT !== undefined) await ensureChatTable(await fastify.aws.dynamodb(), config.CHAT_TABLE)
    const chat = createChatService({
      db: fastify.db,
      table: { dynamodb: fastify.aws.dynamodb, table: config.CHAT_TABLE },
      redis: fastify.redis,
      broadcaster: () => fastify.broadcaster,
      messagesPerMinute: config.CHAT_MESSAGES_PER_MINUTE
    })
    fastify.decorate('chat', chat)
    fastify.realtime.useChat({
      async send (userId, teamId, input) {
        const { message, duplicate } = await chat.send(userId, teamId, input)
        return { messageId: message.id, duplicate }
      }
    })
  },
  routes: chatRoutes,
  auth: 'bearer'
})
