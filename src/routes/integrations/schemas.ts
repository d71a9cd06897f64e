import { Type, type Static } from '@sinclair/typebox'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
const Instant = Type.String({ format: 'date-time' })

export const ProviderParam = Type.Object({
  provider: Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z_]+$', description: 'google, strava (garmin: a slot, not connectable)', examples: ['google'] })
}, { additionalProperties: false })

export const SyncHealth = Type.Object({
  status: Type.Union(['ok', 'pending', 'stale', 'at_risk', 'error', 'rate_limited', 'disconnected'].map(s => Type.Literal(s)), {
    description: '`pending`: no sync yet; `stale`: no new data for 30 h (you were told); `at_risk`: more than 36 h since the last successful sync, after which steps can be lost; `rate_limited`: waiting for the provider\'s limit'
  }),
  lastSuccessAt: Nullable(Instant),
  lastAttemptAt: Nullable(Instant),
  lastError: Nullable(Type.String()),
  lastErrorAt: Nullable(Instant),
  nextSyncAfter: Nullable(Type.String({ format: 'date-time', description: 'Backing off until then' })),
  hoursSinceSuccess: Nullable(Type.Integer()),
  warning: Nullable(Type.String())
}, { $id: 'SyncHealth', additionalProperties: false })

export const Connection = Type.Object({
  provider: Type.String({ examples: ['strava'] }),
  name: Type.String({ examples: ['Strava'] }),
  available: Type.Boolean({ description: 'Whether it can be connected on this service' }),
  unavailableReason: Nullable(Type.String()),
  status: Type.Union([Type.Literal('not_connected'), Type.Literal('connected'), Type.Literal('disconnected')]),
  source: Nullable(Type.String({ description: 'The `source` of the activities it imports' })),
  connectedAt: Nullable(Instant),
  health: Nullable(Type.Ref(SyncHealth))
}, { $id: 'IntegrationConnection', additionalProperties: false })

export const ConnectStart = Type.Object({
  provider: Type.String(),
  authorizationUrl: Type.String({ format: 'uri', description: 'Open it in a browser; the provider sends the browser back to the callback' }),
  expiresAt: Type.String({ format: 'date-time', description: 'The request (its state) is single-use and expires after 10 minutes' }),
  pkce: Type.Boolean({ description: 'Whether the flow is protected by PKCE (S256): Google yes, Strava does not support it' })
}, { $id: 'IntegrationConnectStart', additionalProperties: false })

export const CallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
  state: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  error: Type.Optional(Type.String({ maxLength: 256 })),
  scope: Type.Optional(Type.String({ maxLength: 1024 })),
  // Google adds these; they say nothing we use.
  authuser: Type.Optional(Type.String({ maxLength: 16 })),
  prompt: Type.Optional(Type.String({ maxLength: 64 })),
  hd: Type.Optional(Type.String({ maxLength: 255 })),
  iss: Type.Optional(Type.String({ maxLength: 255 }))
}, { additionalProperties: false })

export const Connected = Type.Object({
  provider: Type.String(),
  status: Type.Literal('connected'),
  connectionId: Type.String({ format: 'uuid' })
}, { $id: 'IntegrationConnected', additionalProperties: false })

export const DisconnectQuery = Type.Object({
  activities: Type.Optional(Type.Union([Type.Literal('keep'), Type.Literal('delete')], {
    description: 'What happens to activities already imported from it. Default: `delete` for Strava (its terms), `keep` for the others. Deleted ones stop crediting, and their days are credited again.'
  }))
}, { additionalProperties: false })

export const DisconnectResult = Type.Object({
  provider: Type.String(),
  status: Type.Literal('disconnected'),
  revokedAtProvider: Type.Boolean({ description: 'False when the provider could not be reached: the connection ended here anyway and its tokens are gone' }),
  importedActivities: Type.Union([Type.Literal('kept'), Type.Literal('deleted')]),
  deletedActivities: Type.Integer()
}, { $id: 'IntegrationDisconnected', additionalProperties: false })

export const SourcePriority = Type.Object({
  sources: Type.Array(Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9_.-]+$' }), {
    maxItems: 20,
    description: 'Whole-day step totals, most trusted first (e.g. ["healthkit", "google_health"]): on a day with several, the first listed source that has one counts. Empty: the default (the highest total).'
  })
}, { $id: 'SourcePriority', additionalProperties: false })

export const SourcePriorityView = Type.Object({
  sources: Nullable(Type.Array(Type.String()))
}, { $id: 'SourcePriorityView', additionalProperties: false })

export const StravaVerifyQuery = Type.Object({
  'hub.mode': Type.String({ maxLength: 32 }),
  'hub.verify_token': Type.String({ maxLength: 256 }),
  'hub.challenge': Type.String({ maxLength: 256 })
}, { additionalProperties: false })

// Provider payloads may grow fields: unknown ones are accepted and ignored (the provider, not a client, decides them).
export const StravaWebhookBody = Type.Object({
  object_type: Type.Union([Type.Literal('activity'), Type.Literal('athlete')]),
  object_id: Type.Integer({ minimum: 0 }),
  aspect_type: Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('delete')]),
  owner_id: Type.Integer({ minimum: 0 }),
  subscription_id: Type.Integer(),
  event_time: Type.Integer(),
  updates: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 1024 }), { maxProperties: 20 }))
}, { $id: 'StravaWebhookEvent', additionalProperties: true })

export const GoogleWebhookBody = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 100, description: '`verification` when Google checks the endpoint (creating or updating our subscriber); absent on a data notification' })),
  userId: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'The Google user (`sub`) whose data changed; required on a data notification' })),
  dataType: Type.Optional(Type.String({ minLength: 1, maxLength: 100, examples: ['steps'], description: 'Required on a data notification' })),
  notificationId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 }))
}, { $id: 'GoogleHealthWebhookEvent', additionalProperties: true })

export const WebhookAck = Type.Object({
  accepted: Type.Boolean({ description: 'False for a re-delivery or an unknown account: nothing to do' })
}, { $id: 'WebhookAck', additionalProperties: false })

export const INTEGRATION_SCHEMAS = [SyncHealth, Connection, ConnectStart, Connected, DisconnectResult, SourcePriority, SourcePriorityView, StravaWebhookBody, GoogleWebhookBody, WebhookAck]

export type SyncHealthView = Static<typeof SyncHealth>
export type ConnectionView = Omit<Static<typeof Connection>, 'health'> & { health: SyncHealthView | null }
export type DisconnectResultView = Static<typeof DisconnectResult>
export type StravaWebhookInput = Static<typeof StravaWebhookBody>
export type GoogleWebhookInput = Static<typeof GoogleWebhookBody>
