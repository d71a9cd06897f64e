import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AUTH_ERRORS, BEARER, BODY_ERRORS, Envelope, errorResponses, ok } from '../../lib/envelope.ts'
import { IdParams } from '../../lib/params.ts'
import { PublicUser, UpdateMeBody, User } from './schemas.ts'

const usersRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const users = fastify.users

  fastify.get('/users/me', {
    schema: {
      tags: ['users'],
      operationId: 'getMe',
      summary: 'The signed-in user',
      description: 'Your full profile, including your email and settings.',
      security: BEARER,
      response: {
        200: Envelope(Type.Ref(User), 'Your profile'),
        ...errorResponses(...AUTH_ERRORS, 'USER_NOT_FOUND')
      }
    }
  }, (request, reply) => {
    // The hottest authenticated read: answer from the cache without a promise when possible.
    const cached = users.cachedMe(request.user.userId)
    if (cached) {
      reply.send(ok(cached))
      return
    }
    return users.getMe(request.user.userId).then(view => { reply.send(ok(view)) })
  })

  fastify.patch('/users/me', {
    schema: {
      tags: ['users'],
      operationId: 'updateMe',
      summary: 'Change your display name, units, time zone or stride length',
      description: 'Send only the fields to change. `timezone` is an IANA name; it decides the local day of your activities from now on.',
      security: BEARER,
      body: Type.Ref(UpdateMeBody),
      response: {
        200: Envelope(Type.Ref(User), 'The updated profile'),
        ...errorResponses(...BODY_ERRORS, ...AUTH_ERRORS, 'USER_NOT_FOUND')
      }
    }
  }, async (request) => ok(await users.updateMe(request.user.userId, request.body)))

  fastify.delete('/users/me', {
    schema: {
      tags: ['users'],
      operationId: 'deleteMe',
      summary: 'Delete your account and end all its sessions',
      description: 'Removes the account for good and ends every session. Teams you own pass to their longest-standing admin (else member); teams you own with no other member are deleted. Your chat messages are deleted in every team, and your open WebSockets close at once (`session_ended`).',
      security: BEARER,
      response: {
        204: Type.Null({ description: 'Account deleted' }),
        ...errorResponses(...AUTH_ERRORS, 'USER_NOT_FOUND')
      }
    }
  }, async (request, reply) => {
    await users.deleteMe(request.user.userId)
    return reply.code(204).send(null)
  })

  fastify.get('/users/:id', {
    schema: {
      tags: ['users'],
      operationId: 'getUser',
      summary: "Another user's public profile",
      description: 'Id and display name only; never the email.',
      security: BEARER,
      params: IdParams,
      response: {
        200: Envelope(Type.Ref(PublicUser), 'Their public profile'),
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'USER_NOT_FOUND')
      }
    }
  }, async (request) => ok(await users.getPublic(request.params.id)))
}

export default usersRoutes
