import { Type, type Static } from '@sinclair/typebox'
import { PageQuery } from '../../lib/pagination.ts'
import { Defaulted } from '../../lib/params.ts'
import { NOTIFICATION_TYPES, SETTABLE_TYPES } from './preferences.ts'

const Uuid = Type.String({ format: 'uuid' })

export const NotificationTypeSchema = Type.Union(NOTIFICATION_TYPES.map(t => Type.Literal(t)), { $id: 'NotificationType', description: 'What the notification is about' })

export const Notification = Type.Object({
  id: Uuid,
  type: Type.Ref(NotificationTypeSchema),
  teamId: Type.Union([Uuid, Type.Null()]),
  title: Type.String({ examples: ['Land\'s End to John o\'Groats reached Bristol'] }),
  body: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown(), { description: 'The details: team, waypoint, percent, report id…' }),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()])
}, { $id: 'Notification', additionalProperties: false })

export type NotificationView = Static<typeof Notification>

export const NotificationsQuery = Type.Object({
  ...PageQuery.properties,
  unread: Defaulted(Type.Boolean({ default: false, description: 'Only notifications not read yet' }))
}, { additionalProperties: false })

export const UnreadCount = Type.Object({ unread: Type.Integer({ minimum: 0 }) }, { $id: 'UnreadCount', additionalProperties: false })

const Hhmm = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'Local time, HH:MM (24 h)', examples: ['22:00'] })
const Channels = (optional: boolean) => {
  const flag = (d: string) => optional ? Type.Optional(Type.Boolean({ description: d })) : Type.Boolean({ description: d })
  return Type.Object({ inApp: flag('In the app\'s notification centre (and pushed live)'), email: flag('By email') }, { additionalProperties: false })
}

export const NotificationPreferences = Type.Object({
  types: Type.Object(Object.fromEntries(SETTABLE_TYPES.map(t => [t, Channels(false)])), { additionalProperties: false }),
  quietHours: Type.Union([Type.Object({ start: Hhmm, end: Hhmm }, { additionalProperties: false }), Type.Null()], {
    description: 'In your time zone: emails that fall inside are sent when they end; in-app notifications arrive at once'
  }),
  digest: Type.Boolean({ description: 'Fold a day\'s teammate milestones and waypoints into one email, sent the next morning' })
}, { $id: 'NotificationPreferences', additionalProperties: false })

export const UpdateNotificationPreferences = Type.Object({
  types: Type.Optional(Type.Object(Object.fromEntries(SETTABLE_TYPES.map(t => [t, Type.Optional(Channels(true))])), { additionalProperties: false })),
  quietHours: Type.Optional(Type.Union([Type.Object({ start: Hhmm, end: Hhmm }, { additionalProperties: false }), Type.Null()])),
  digest: Type.Optional(Type.Boolean())
}, { $id: 'UpdateNotificationPreferences', additionalProperties: false, minProperties: 1 })

export type UpdateNotificationPreferencesInput = Static<typeof UpdateNotificationPreferences>

export const UnsubscribeQuery = Type.Object({
  token: Type.String({ minLength: 10, maxLength: 2048, description: 'The signed token of the link in the email' })
}, { additionalProperties: false })

export const UnsubscribeForm = Type.Object({
  'List-Unsubscribe': Type.Optional(Type.Literal('One-Click'))
}, { $id: 'UnsubscribeForm', additionalProperties: false, description: 'RFC 8058: mail clients send List-Unsubscribe=One-Click as a form' })

export const NOTIFICATION_SCHEMAS = [NotificationTypeSchema, Notification, UnreadCount, NotificationPreferences, UpdateNotificationPreferences, UnsubscribeForm]
