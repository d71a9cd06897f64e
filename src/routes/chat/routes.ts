import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AUTH_ERRORS, BEARER, BODY_ERRORS, Envelope, errorResponses, ok } from '../../lib/envelope.ts'
import { IdParams } from '../../lib/params.ts'
import { PageQuery } from '../../lib/pagination.ts'
import { ChatMessage, MessageParams, SendMessageBody } from './schemas.ts'

const chatRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const chat = fastify.chat

  fastify.get('/teams/:id/messages', {
    schema: {
      tags: ['chat'],
      operationId: 'listTeamMessages',
      summary: 'The team\'s chat, newest first',
      description: 'Keyset pages: pass `meta.nextCursor` back as `cursor`. Live messages arrive over the WebSocket as `chat_message` events.',
      security: BEARER,
      params: IdParams,
      querystring: PageQuery,
      response: {
        200: Envelope(Type.Array(Type.Ref(ChatMessage)), 'Messages, newest first'),
        ...errorResponses('VALIDATION_ERROR', 'INVALID_CURSOR', ...AUTH_ERRORS, 'TEAM_NOT_FOUND')
      }
    }
  }, async (request) => {
    const { messages, nextCursor } = await chat.list(request.user.userId, request.params.id, request.query)
    return ok(messages, { nextCursor })
  })

  fastify.post('/teams/:id/messages', {
    schema: {
      tags: ['chat'],
      operationId: 'sendTeamMessage',
      summary: 'Send a message to the team',
      description: 'Text is stored and returned exactly as sent (plain text, never HTML). With `clientMessageId` a retried send returns the first message (200) instead of sending another. Limited per person per minute (`CHAT_MESSAGES_PER_MINUTE`).',
      security: BEARER,
      params: IdParams,
      body: Type.Ref(SendMessageBody),
      response: {
        201: Envelope(Type.Ref(ChatMessage), 'Sent, and pushed to the team'),
        200: Envelope(Type.Ref(ChatMessage), 'Sent before with this clientMessageId: the first message'),
        ...errorResponses(...BODY_ERRORS, ...AUTH_ERRORS, 'TEAM_NOT_FOUND', 'MESSAGE_NOT_FOUND', 'RATE_LIMITED')
      }
    }
  }, async (request, reply) => {
    const { message, duplicate } = await chat.send(request.user.userId, request.params.id, request.body)
    return reply.code(duplicate ? 200 : 201).send(ok(message))
  })

  fastify.delete('/teams/:id/messages/:messageId', {
    schema: {
      tags: ['chat'],
      operationId: 'deleteTeamMessage',
      summary: 'Delete a message (its author, the owner or an admin)',
      description: 'Subscribers get a `chat_message_deleted` event.',
      security: BEARER,
      params: MessageParams,
      response: {
        204: { type: 'null', description: 'Deleted' },
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'FORBIDDEN', 'TEAM_NOT_FOUND', 'MESSAGE_NOT_FOUND')
      }
    }
  }, async (request, reply) => {
    await chat.remove(request.user.userId, request.params.id, request.params.messageId)
    return reply.code(204).send()
  })
}

export default chatRoutes
