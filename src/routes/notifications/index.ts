import { deriveKey, INVITATION_KEY, UNSUBSCRIBE_KEY } from '../../lib/signing.ts'
import { defineDomain } from '../../plugins/domain.ts'
import type { NotificationSettings } from './jobs.ts'
import notificationsRoutes from './routes.ts'
import { NOTIFICATION_SCHEMAS } from './schemas.ts'
import { createNotificationService, type NotificationService } from './service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    notifications: NotificationService
    /** What the notification jobs need from the settings (JobDeps reads it). */
    notificationSettings: NotificationSettings
  }
}

/** In-app notifications, preferences and unsubscribing; the sending is the `send-notifications` job's (jobs.ts). */
export default defineDomain({
  name: 'notifications',
  tags: [{ name: 'notifications', description: 'Your notification centre, your notification preferences, and unsubscribing from email' }],
  schemas: NOTIFICATION_SCHEMAS,
  services: (fastify, config) => {
    const unsubscribeKey = deriveKey(config.JWT_SECRET, UNSUBSCRIBE_KEY)
    fastify.decorate('notifications', createNotificationService(fastify.db, { unsubscribeKey }))
    fastify.decorate<NotificationSettings>('notificationSettings', {
      linkBaseUrl: (config.EMAIL_LINK_BASE_URL ?? config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, ''),
      invitationKey: deriveKey(config.JWT_SECRET, INVITATION_KEY),
      unsubscribeKey,
      digestHour: config.DIGEST_HOUR,
      maxEmailAttempts: config.EMAIL_MAX_ATTEMPTS
    })
  },
  routes: notificationsRoutes,
  // The centre needs a session (its scope in routes.ts); unsubscribe links work without one.
  auth: 'public'
})
