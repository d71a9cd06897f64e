import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AUTH_ERRORS, BEARER, BODY_ERRORS, Envelope, errorResponses, ok } from '../../lib/envelope.ts'
import { IdParams } from '../../lib/params.ts'
import { confirmPage, donePage, PAGE_CSP } from './pages.ts'
import {
  Notification, NotificationPreferences, NotificationsQuery, UnreadCount, UnsubscribeForm, UnsubscribeQuery, UpdateNotificationPreferences
} from './schemas.ts'

const html = (description: string) => ({ description, content: { 'text/html': { schema: Type.String() } } })

const notificationsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const notifications = fastify.notifications

  // The centre and preferences: the signed-in person's own, nobody else's.
  await fastify.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>()
    scope.addHook('onRequest', scope.authenticate)

    scope.get('/notifications', {
      schema: {
        tags: ['notifications'],
        operationId: 'listNotifications',
        summary: 'Your notifications, newest first',
        description: 'In-app notifications are yours alone: invitations accepted, members joining, waypoints and milestones reached, weekly reports ready. `?unread=true` lists only the unread ones; pages follow `meta.nextCursor`.',
        security: BEARER,
        querystring: NotificationsQuery,
        response: {
          200: Envelope(Type.Array(Type.Ref(Notification)), 'A page of your notifications'),
          ...errorResponses('VALIDATION_ERROR', 'INVALID_CURSOR', ...AUTH_ERRORS)
        }
      }
    }, async (request) => {
      const { data, nextCursor } = await notifications.list(request.user.userId, request.query)
      return ok(data, { nextCursor })
    })

    scope.get('/notifications/unread-count', {
      schema: {
        tags: ['notifications'],
        operationId: 'countUnreadNotifications',
        summary: 'How many of your notifications are unread (for a badge)',
        description: 'Cheap to poll; clients holding a socket get a `notification` event instead.',
        security: BEARER,
        response: {
          200: Envelope(Type.Ref(UnreadCount), 'The unread count'),
          ...errorResponses(...AUTH_ERRORS)
        }
      }
    }, async (request) => ok(await notifications.unreadCount(request.user.userId)))

    scope.post('/notifications/:id/read', {
      schema: {
        tags: ['notifications'],
        operationId: 'markNotificationRead',
        summary: 'Mark one of your notifications read',
        description: 'Someone else\'s notification is NOTIFICATION_NOT_FOUND, as if it did not exist. Marking it again keeps the first read time.',
        security: BEARER,
        params: IdParams,
        response: {
          200: Envelope(Type.Ref(Notification), 'The notification, read'),
          ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'NOTIFICATION_NOT_FOUND')
        }
      }
    }, async (request) => ok(await notifications.markRead(request.user.userId, request.params.id)))

    scope.post('/notifications/read-all', {
      schema: {
        tags: ['notifications'],
        operationId: 'markAllNotificationsRead',
        summary: 'Mark all your notifications read',
        description: 'Only your own; answers how many changed.',
        security: BEARER,
        response: {
          200: Envelope(Type.Object({ updated: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }), 'How many were unread'),
          ...errorResponses(...AUTH_ERRORS)
        }
      }
    }, async (request) => ok(await notifications.markAllRead(request.user.userId)))

    scope.get('/users/me/notification-preferences', {
      schema: {
        tags: ['notifications'],
        operationId: 'getNotificationPreferences',
        summary: 'Which notifications you get, on which channel; quiet hours; the daily digest',
        description: 'Per type and channel (in-app, email). During quiet hours, in your own time zone, emails wait until they end; in-app notifications arrive at once.',
        security: BEARER,
        response: {
          200: Envelope(Type.Ref(NotificationPreferences), 'Your preferences (defaults where you changed nothing)'),
          ...errorResponses(...AUTH_ERRORS)
        }
      }
    }, async (request) => ok(await notifications.preferences(request.user.userId)))

    scope.patch('/users/me/notification-preferences', {
      schema: {
        tags: ['notifications'],
        operationId: 'updateNotificationPreferences',
        summary: 'Change some of your notification preferences',
        description: 'Only what you send changes. `quietHours: null` turns quiet hours off.',
        security: BEARER,
        body: Type.Ref(UpdateNotificationPreferences),
        response: {
          200: Envelope(Type.Ref(NotificationPreferences), 'Your preferences now'),
          ...errorResponses(...BODY_ERRORS, ...AUTH_ERRORS)
        }
      }
    }, async (request) => ok(await notifications.updatePreferences(request.user.userId, request.body)))
  })

  // Unsubscribing from an email: no sign-in, the link's signature decides.
  await fastify.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>()
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)))
    })

    scope.get('/unsubscribe', {
      schema: {
        tags: ['notifications'],
        operationId: 'showUnsubscribe',
        summary: 'The page an email\'s unsubscribe link opens: it asks before anything changes',
        description: 'Public: the signed link is the credential. Opening it (as link scanners do) changes nothing; the page\'s button posts the form below.',
        security: [],
        querystring: UnsubscribeQuery,
        response: {
          200: html('A confirmation page with a one-button form'),
          ...errorResponses('VALIDATION_ERROR', 'INVALID_UNSUBSCRIBE_LINK')
        }
      }
    }, async (request, reply) => {
      const { email, label } = notifications.describeUnsubscribe(request.query.token)
      return reply.type('text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).header('cache-control', 'no-store')
        .send(confirmPage(request.query.token, email, label))
    })

    scope.post('/unsubscribe', {
      schema: {
        tags: ['notifications'],
        operationId: 'unsubscribe',
        summary: 'Unsubscribe from one type of email (RFC 8058 one-click, or the confirmation page\'s form)',
        description: 'Mail clients POST `List-Unsubscribe=One-Click` as application/x-www-form-urlencoded to the List-Unsubscribe URL. Public: the signed link is the credential.',
        security: [],
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        querystring: UnsubscribeQuery,
        body: Type.Ref(UnsubscribeForm),
        response: {
          200: html('Confirms the unsubscribe'),
          ...errorResponses(...BODY_ERRORS, 'INVALID_UNSUBSCRIBE_LINK')
        }
      }
    }, async (request, reply) => {
      const { email, label } = await notifications.unsubscribe(request.query.token)
      return reply.type('text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).header('cache-control', 'no-store')
        .send(donePage(email, label))
    })
  })
}

export default notificationsRoutes
