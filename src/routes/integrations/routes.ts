import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { AUTH_ERRORS, BEARER, BODY_ERRORS, Envelope, errorResponses, ok } from '../../lib/envelope.ts'
import {
  CallbackQuery, ConnectStart, Connected, Connection, DisconnectQuery, DisconnectResult, GoogleWebhookBody, ProviderParam,
  SourcePriority, SourcePriorityView, StravaVerifyQuery, StravaWebhookBody, WebhookAck
} from './schemas.ts'

const tags = ['integrations']
/** The bytes of each Google webhook request, for its signature. */
const rawBodies = new WeakMap<FastifyRequest, string>()

/**
 * Fitness-tracker connections. Your own routes need your access token;
 * the OAuth callback is where the provider sends the browser back (the
 * single-use state says whose it is), and the webhooks are the providers'.
 */
const integrationsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { integrations } = fastify
  const signedIn = { onRequest: fastify.authenticate }
  // The callback is a browser redirect, usually without our token; when it has one, it must be the same user's.
  const maybeSignedIn = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (request.headers.authorization === undefined) done()
    else fastify.authenticate(request, reply, done)
  }

  fastify.get('/integrations', {
    ...signedIn,
    schema: {
      tags,
      operationId: 'listIntegrations',
      summary: 'Your fitness-tracker connections and their sync health',
      description: 'Every provider slot (Google Health, Strava; Garmin is listed but cannot be connected), with your connection to it, when it last synced, its last error, and a warning after 36 h without a successful sync.',
      security: BEARER,
      response: {
        200: Envelope(Type.Array(Type.Ref(Connection)), 'One entry per provider'),
        ...errorResponses(...AUTH_ERRORS)
      }
    }
  }, async request => ok(await integrations.list(request.user.userId)))

  fastify.post('/integrations/:provider/connect', {
    ...signedIn,
    schema: {
      tags,
      operationId: 'connectIntegration',
      summary: 'Start connecting a provider: returns the authorization URL to open',
      description: 'OAuth 2.0 authorization code flow, with PKCE (S256) where the provider supports it (Google). The URL carries a `state` bound to you, usable once, for 10 minutes. Connecting again replaces the earlier tokens.',
      security: BEARER,
      params: ProviderParam,
      response: {
        200: Envelope(Type.Ref(ConnectStart), 'Open `authorizationUrl` in a browser'),
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'INTEGRATION_PROVIDER_NOT_FOUND', 'INTEGRATION_NOT_AVAILABLE')
      }
    }
  }, async request => ok(await integrations.connect(request.user.userId, request.params.provider)))

  fastify.get('/integrations/:provider/callback', {
    onRequest: maybeSignedIn,
    // It stores the connection and its first-sync event: publish like a write.
    config: { writes: true },
    schema: {
      tags,
      operationId: 'integrationCallback',
      summary: 'Where the provider sends the browser back after consent',
      description: 'Exchanges the code (with the PKCE verifier) for tokens, stored encrypted, and starts the first sync. An unknown, used or expired state is `OAUTH_STATE_INVALID` (`details.reason`); refused consent is `OAUTH_DENIED`. A bearer token is optional: the single-use `state` names who connects; when a token is sent it must be that person\'s.',
      security: [{ bearerAuth: [] }, {}],
      params: ProviderParam,
      querystring: CallbackQuery,
      response: {
        200: Envelope(Type.Ref(Connected), 'Connected; the first sync is on its way'),
        ...errorResponses('VALIDATION_ERROR', 'OAUTH_STATE_INVALID', 'OAUTH_DENIED', 'UNAUTHORIZED', 'SESSION_EXPIRED', 'INTEGRATION_PROVIDER_NOT_FOUND', 'INTEGRATION_NOT_AVAILABLE', 'PROVIDER_ERROR')
      }
    }
  }, async (request) => {
    const caller = request.headers.authorization === undefined ? undefined : request.user.userId
    return ok(await integrations.callback(request.params.provider, request.query, caller))
  })

  fastify.delete('/integrations/:provider', {
    ...signedIn,
    schema: {
      tags,
      operationId: 'disconnectIntegration',
      summary: 'Disconnect a provider: revokes our access and says what happened to its imported activities',
      description: 'Revokes the tokens at the provider (the connection ends here even if the provider cannot be reached) and forgets them. Imported activities are deleted for Strava (its API agreement) and kept for the others unless `?activities=delete`; deleted ones stop crediting and their days are credited again, so team progress moves back.',
      security: BEARER,
      params: ProviderParam,
      querystring: DisconnectQuery,
      response: {
        200: Envelope(Type.Ref(DisconnectResult), 'Disconnected'),
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'INTEGRATION_PROVIDER_NOT_FOUND', 'INTEGRATION_NOT_FOUND')
      }
    }
  }, async request => ok(await integrations.disconnect(request.user.userId, request.params.provider, request.query.activities)))

  fastify.get('/integrations/source-priority', {
    ...signedIn,
    schema: {
      tags,
      operationId: 'getSourcePriority',
      summary: 'Which whole-day step total counts when several sources have one',
      description: 'Your order of sources (for example the phone before Google Health); without one, the highest total of the day counts. The others are kept in the ledger with reason `superseded_by_source`.',
      security: BEARER,
      response: {
        200: Envelope(Type.Ref(SourcePriorityView), 'null: the default rule (the highest total)'),
        ...errorResponses(...AUTH_ERRORS)
      }
    }
  }, async request => ok({ sources: await integrations.sourcePriority(request.user.userId) }))

  fastify.put('/integrations/source-priority', {
    ...signedIn,
    schema: {
      tags,
      operationId: 'setSourcePriority',
      summary: 'Set which whole-day step total counts when several sources have one',
      description: 'Your days of the last 90 days with whole-day totals are credited again at once; older ones when they next change.',
      security: BEARER,
      body: Type.Ref(SourcePriority),
      response: {
        200: Envelope(Type.Ref(SourcePriorityView), 'Stored'),
        ...errorResponses(...BODY_ERRORS, ...AUTH_ERRORS)
      }
    }
  }, async request => ok({ sources: await integrations.setSourcePriority(request.user.userId, request.body.sources) }))

  fastify.get('/integrations/strava/webhook', {
    schema: {
      tags,
      operationId: 'stravaWebhookVerify',
      summary: 'Strava push subscription check: echoes hub.challenge',
      description: 'Called by Strava when the push subscription is created. Public: the `hub.verify_token` must be ours.',
      security: [],
      querystring: StravaVerifyQuery,
      response: {
        200: Type.Object({ 'hub.challenge': Type.String() }, { additionalProperties: false, description: 'The challenge, as Strava expects it (no envelope)' }),
        ...errorResponses('VALIDATION_ERROR', 'WEBHOOK_FORBIDDEN')
      }
    }
  }, async request => ({ 'hub.challenge': integrations.stravaVerify(request.query) }))

  fastify.post('/integrations/strava/webhook', {
    schema: {
      tags,
      operationId: 'stravaWebhookEvent',
      summary: 'Strava push events (activity create/update/delete, athlete deauthorization)',
      security: [],
      description: 'Public (Strava signs nothing): answered at once; the work runs in the sync job, which fetches the activity with its owner\'s token (the event is unsigned and has no sport type) and believes a deauthorization only once the token stops working. A re-delivery is recognised and changes nothing.',
      body: Type.Ref(StravaWebhookBody),
      response: {
        200: Envelope(Type.Ref(WebhookAck), 'Received'),
        ...errorResponses(...BODY_ERRORS, 'WEBHOOK_FORBIDDEN')
      }
    }
  }, async request => ok(await integrations.stravaEvent(request.body)))

  // Google signs the bytes it sends: this route keeps them (its own JSON parser, same rules as the default one).
  await fastify.register(async (child) => {
    const parseJson = child.getDefaultJsonParser('error', 'error')
    child.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      rawBodies.set(request, body as string)
      parseJson(request, body as string, done)
    })
    child.withTypeProvider<TypeBoxTypeProvider>().post('/integrations/google/webhook', {
      schema: {
        tags,
        operationId: 'googleHealthWebhookEvent',
        summary: 'Google Health notifications (a user\'s steps changed) and Google\'s endpoint check',
        description: 'Authentic when `Authorization` is our subscriber\'s secret (as set in `endpointAuthorization.secret`, or `Bearer <secret>`), or when `X-HEALTHAPI-SIGNATURE` is a valid ECDSA P-256 signature of the body by Google\'s key (when configured); otherwise 403. `{"type":"verification"}` is Google checking the endpoint: 201. A notification starts one sync of that user\'s connection; a re-delivery (same `notificationId`) changes nothing.',
        security: [],
        headers: Type.Object({
          authorization: Type.Optional(Type.String({ maxLength: 1024 })),
          'x-healthapi-signature': Type.Optional(Type.String({ maxLength: 512 }))
        }),
        body: Type.Ref(GoogleWebhookBody),
        response: {
          200: Envelope(Type.Ref(WebhookAck), 'Received'),
          201: Envelope(Type.Ref(WebhookAck), 'Endpoint check passed'),
          ...errorResponses(...BODY_ERRORS, 'WEBHOOK_FORBIDDEN')
        }
      }
    }, async (request, reply) => {
      const result = await integrations.googleEvent({
        authorization: request.headers.authorization,
        signature: request.headers['x-healthapi-signature'],
        rawBody: rawBodies.get(request)
      }, request.body)
      reply.code(result.verification ? 201 : 200)
      return ok({ accepted: result.accepted })
    })
  })
}

export default integrationsRoutes
