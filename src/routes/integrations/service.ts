import { createHash, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Db, DbOrTx } from '../../db/database.ts'
import type { IntegrationConnectionRow } from '../../db/schema.ts'
import { recordEvent } from '../../db/outbox.ts'
import { AppError } from '../../lib/errors.ts'
import { localDayOf } from '../../lib/time-zones.ts'
import { addDays } from '../activities/crediting.ts'
import type { ActivityService } from '../activities/service.ts'
import { callProvider, ProviderHttpError, type HttpOptions } from './http.ts'
import { ProviderAuthError, type ProviderAdapter, type ProviderCall, type ProviderId, type ProviderSlot } from './providers/index.ts'
import { blockBucket, observeUsage, RateBudgetExhausted, takeRequest, type BucketSpec } from './rate-budget.ts'
import {
  claimStaleNotice, connectionsOf, consumeState, deleteOldStates, dueConnections, endConnection, findByProviderUser, findConnection, findConnectionById,
  insertState, insertWebhookEvent, markWebhookProcessed, pendingWebhookEvents, staleConnections, takeLease, updateConnection, upsertConnection
} from './repository.ts'
import type { TokenCipher } from './token-cipher.ts'
import { signedBy } from './webhook-signature.ts'
import type { ConnectionView, DisconnectResultView, SyncHealthView, GoogleWebhookInput, StravaWebhookInput } from './schemas.ts'

export interface IntegrationServiceOptions {
  slots: Map<ProviderId, ProviderSlot>
  /** Null when no token key is configured: nothing can be connected. */
  cipher: TokenCipher | null
  /** `<base>/integrations/{provider}/callback`. */
  callbackBaseUrl: string
  http: HttpOptions
  backfillDays: number
  staleNoticeHours: number
  atRiskHours: number
  googleRequestsPerMinute: number
  googleWebhookToken: string | undefined
  /** Google Health's signing key; without it only the Authorization secret authenticates a request. */
  googleWebhookKey?: KeyObject | undefined
  stravaVerifyToken: string | undefined
  stravaSubscriptionId: number | undefined
  stravaLimit15Min: number
  stravaLimitDay: number
  /** Looked up when called (the activities domain registers on its own). */
  activities: () => ActivityService
  log: FastifyBaseLogger
}

/** How long an authorization request (its `state`) stays usable. */
export const STATE_TTL_MS = 10 * 60_000
/** A sync of one connection holds its lease at most this long. */
const LEASE_MS = 5 * 60_000
/** How many connections the hourly round pulls at once. */
const ROUND_CONCURRENCY = 4
const HOUR = 3_600_000

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url')
const tokenContext = (userId: string, provider: string) => `${userId}/${provider}`

function sameSecret (a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest())
}

/** Seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterOf (headers: Headers | undefined, now: number): Date | undefined {
  const value = headers?.get('retry-after')
  if (value === null || value === undefined) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return new Date(now + Math.min(seconds, 86_400) * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : new Date(Math.min(date, now + 86_400_000))
}

/** "100,1000" → [100, 1000]. */
function pairOf (value: string | null | undefined): [number, number] | undefined {
  const parts = value?.split(',').map(p => Number(p.trim()))
  return parts && parts.length === 2 && parts.every(n => Number.isInteger(n) && n >= 0) ? [parts[0]!, parts[1]!] : undefined
}

export type SyncOutcome = 'synced' | 'skipped' | 'failed' | 'rate_limited' | 'disconnected'

export function createIntegrationService (db: Db, options: IntegrationServiceOptions) {
  const { slots, log } = options
  const strava15: BucketSpec = { bucket: 'strava:15min', windowMs: 15 * 60_000, max: options.stravaLimit15Min }
  const stravaDay: BucketSpec = { bucket: 'strava:day', windowMs: 24 * HOUR, max: options.stravaLimitDay }

  function slotOf (provider: string): ProviderSlot {
    const slot = slots.get(provider as ProviderId)
    if (!slot) throw new AppError('INTEGRATION_PROVIDER_NOT_FOUND')
    return slot
  }

  function usable (provider: string): { adapter: ProviderAdapter, cipher: TokenCipher } {
    const slot = slotOf(provider)
    if (!slot.adapter || !options.cipher) {
      throw new AppError('INTEGRATION_NOT_AVAILABLE', `${slot.name} cannot be connected here: ${slot.unavailableReason ?? 'provider tokens cannot be stored (no token key)'}`)
    }
    return { adapter: slot.adapter, cipher: options.cipher }
  }

  function bucketsOf (provider: string, connectionId: string): BucketSpec[] {
    if (provider === 'strava') return [strava15, stravaDay]
    return [{ bucket: `google:${connectionId}`, windowMs: 60_000, max: options.googleRequestsPerMinute }]
  }

  /** Record what the provider's headers say about the shared budget. */
  async function observe (provider: string, connectionId: string, headers: Headers | undefined, status: number): Promise<void> {
    const now = Date.now()
    if (provider === 'strava' && headers) {
      // Reads have their own limits when Strava sends them; otherwise the overall ones.
      const limit = pairOf(headers.get('x-readratelimit-limit')) ?? pairOf(headers.get('x-ratelimit-limit'))
      const usage = pairOf(headers.get('x-readratelimit-usage')) ?? pairOf(headers.get('x-ratelimit-usage'))
      if (usage) {
        await observeUsage(db, strava15, usage[0], limit?.[0], now)
        await observeUsage(db, stravaDay, usage[1], limit?.[1], now)
      }
      if (status === 429) {
        const retry = retryAfterOf(headers, now)
        const dayFull = usage !== undefined && limit !== undefined && usage[1] >= limit[1]
        const spec = dayFull ? stravaDay : strava15
        await blockBucket(db, spec, retry ?? new Date(Math.floor(now / spec.windowMs) * spec.windowMs + spec.windowMs), now)
      }
    } else if (status === 429) {
      const spec = bucketsOf(provider, connectionId)[0]!
      await blockBucket(db, spec, retryAfterOf(headers, now) ?? new Date(now + 60_000), now)
    }
  }

  /** A provider call: through the shared budget (API calls), recording rate headers either way. */
  function callerFor (provider: string, connectionId: string | null, budgeted: boolean): ProviderCall {
    return async (spec, schema) => {
      if (budgeted && connectionId !== null) await takeRequest(db, bucketsOf(provider, connectionId))
      try {
        const response = await callProvider(spec, schema, options.http)
        if (connectionId !== null) await observe(provider, connectionId, response.headers, response.status)
        return response
      } catch (err) {
        if (err instanceof ProviderHttpError && connectionId !== null) await observe(provider, connectionId, err.headers, err.status)
        throw err
      }
    }
  }

  function decryptTokens (conn: IntegrationConnectionRow, cipher: TokenCipher) {
    const context = tokenContext(conn.user_id, conn.provider)
    return {
      accessToken: conn.access_token_enc === null ? null : cipher.decrypt(conn.access_token_enc, context),
      refreshToken: conn.refresh_token_enc === null ? null : cipher.decrypt(conn.refresh_token_enc, context)
    }
  }

  /** An access token good for the next minute: refreshed (and stored) when it is not. */
  async function accessTokenOf (conn: IntegrationConnectionRow, adapter: ProviderAdapter, cipher: TokenCipher, force = false): Promise<string> {
    const tokens = decryptTokens(conn, cipher)
    const fresh = conn.token_expires_at === null || conn.token_expires_at.getTime() > Date.now() + 60_000
    if (tokens.accessToken !== null && fresh && !force) return tokens.accessToken
    if (tokens.refreshToken === null) throw new ProviderAuthError('no refresh token')
    const renewed = await adapter.refresh(callerFor(conn.provider, conn.id, false), tokens.refreshToken)
    const context = tokenContext(conn.user_id, conn.provider)
    const fields = {
      access_token_enc: cipher.encrypt(renewed.accessToken, context),
      // Strava rotates refresh tokens; Google keeps the old one.
      refresh_token_enc: renewed.refreshToken !== undefined ? cipher.encrypt(renewed.refreshToken, context) : conn.refresh_token_enc,
      token_expires_at: renewed.expiresAt
    }
    await updateConnection(db, conn.id, fields)
    Object.assign(conn, fields)
    return renewed.accessToken
  }

  /**
   * End a connection: tokens forgotten, the user told (an event the
   * notification centre picks up), and the imported activities kept or
   * deleted (then their days are credited again without them).
   */
  async function markDisconnected (conn: IntegrationConnectionRow, reason: string, deleteImported: boolean): Promise<number> {
    const ended = await db.transaction().execute(async (tx) => {
      const first = await endConnection(tx, conn.id, {
        access_token_enc: null,
        refresh_token_enc: null,
        token_expires_at: null,
        disconnected_at: new Date(),
        disconnect_reason: reason,
        sync_lease_until: null,
        next_sync_after: null
      })
      if (first) await recordDisconnected(tx, conn, reason, deleteImported ? 'deleted' : 'kept')
      return first
    })
    const source = slots.get(conn.provider as ProviderId)?.adapter?.source
    return ended && deleteImported && source !== undefined ? options.activities().removeSource(conn.user_id, source) : 0
  }

  /** The ending as an event: the notification centre tells the user unless they ended it themselves. */
  async function recordDisconnected (tx: DbOrTx, conn: Pick<IntegrationConnectionRow, 'id' | 'user_id' | 'provider'>, reason: string, importedActivities: 'kept' | 'deleted'): Promise<void> {
    await recordEvent(tx, {
      type: 'integration.disconnected',
      teamId: null,
      payload: { connectionId: conn.id, userId: conn.user_id, provider: conn.provider, providerName: nameOf(conn.provider), reason, importedActivities }
    })
  }

  const nameOf = (provider: string): string => slots.get(provider as ProviderId)?.name ?? provider

  /** Strava's terms: a user's Strava data goes with their authorization. Others' imports stay unless asked. */
  const deletesOnDisconnect = (provider: string) => slots.get(provider as ProviderId)?.adapter?.displayRestricted === true

  function healthOf (conn: IntegrationConnectionRow, now: number): SyncHealthView {
    const since = conn.last_success_at ?? conn.connected_at
    const hours = Math.floor((now - since.getTime()) / HOUR)
    const failing = conn.last_error_at !== null && (conn.last_success_at === null || conn.last_error_at > conn.last_success_at)
    let status: SyncHealthView['status']
    let warning: string | null = null
    if (conn.status === 'disconnected') {
      status = 'disconnected'
      warning = `Disconnected (${conn.disconnect_reason ?? 'revoked'}): connect again to keep syncing`
    } else if (hours >= options.atRiskHours) {
      status = 'at_risk'
      warning = `No successful sync for ${hours} h: after ${options.atRiskHours} h steps can be lost. Open the provider's app, or connect again.`
    } else if (failing) {
      status = conn.last_error?.startsWith('rate_limited') === true ? 'rate_limited' : 'error'
    } else if (conn.last_success_at === null) {
      status = 'pending'
    } else if (hours >= options.staleNoticeHours) {
      status = 'stale'
      warning = `No new data for ${hours} h`
    } else {
      status = 'ok'
    }
    return {
      status,
      lastSuccessAt: conn.last_success_at?.toISOString() ?? null,
      lastAttemptAt: conn.last_attempt_at?.toISOString() ?? null,
      lastError: failing ? conn.last_error : null,
      lastErrorAt: failing ? conn.last_error_at?.toISOString() ?? null : null,
      nextSyncAfter: conn.next_sync_after?.toISOString() ?? null,
      hoursSinceSuccess: conn.last_success_at === null ? null : hours,
      warning
    }
  }

  /** Handle one stored webhook delivery of a connection. */
  async function handleWebhookEvent (conn: IntegrationConnectionRow, adapter: ProviderAdapter, call: ProviderCall, accessToken: string, payload: unknown): Promise<'disconnected' | 'done'> {
    if (conn.provider !== 'strava') return 'done' // Google's notifications only say "pull": the pull below does it.
    const event = payload as StravaWebhookInput
    if (event.object_type === 'athlete') {
      // Unsigned: a deauthorization is believed only once the token stops working.
      if (event.updates?.authorized === 'false' && adapter.stillAuthorized && !(await adapter.stillAuthorized(call, accessToken))) {
        await markDisconnected(conn, 'deauthorized_at_provider', true)
        return 'disconnected'
      }
      return 'done'
    }
    const externalId = String(event.object_id)
    if (event.aspect_type === 'delete') {
      await options.activities().removeExternal(conn.user_id, adapter.source, externalId)
      return 'done'
    }
    const activity = await adapter.activity?.(call, accessToken, externalId)
    if (activity === null || activity === undefined) {
      // Gone, or not visible with our scope (private): nothing of it may stay.
      await options.activities().removeExternal(conn.user_id, adapter.source, externalId)
      return 'done'
    }
    const timezone = activity.timezone ?? await userTimezone(conn.user_id)
    await options.activities().importExternal(conn.user_id, { ...activity, source: adapter.source, timezone, displayRestricted: adapter.displayRestricted })
    return 'done'
  }

  async function userTimezone (userId: string): Promise<string> {
    const row = await db.selectFrom('users').select('timezone').where('id', '=', userId).executeTakeFirst()
    return row?.timezone ?? 'UTC'
  }

  /** Pull what changed since the last successful sync (within the back-fill window), and apply pending webhooks. */
  async function pull (conn: IntegrationConnectionRow, adapter: ProviderAdapter, cipher: TokenCipher): Promise<'disconnected' | 'done'> {
    const call = callerFor(conn.provider, conn.id, true)
    let accessToken = await accessTokenOf(conn, adapter, cipher)
    const withAuth = async <T>(work: (token: string) => Promise<T>): Promise<T> => {
      try {
        return await work(accessToken)
      } catch (err) {
        // A token the provider no longer takes: refresh once, then give up.
        if (!(err instanceof ProviderHttpError && err.status === 401)) throw err
        accessToken = await accessTokenOf(conn, adapter, cipher, true)
        return work(accessToken)
      }
    }

    for (const event of await pendingWebhookEvents(db, conn.id, 200)) {
      const outcome = await withAuth(token => handleWebhookEvent(conn, adapter, call, token, event.payload))
      await markWebhookProcessed(db, event.id)
      if (outcome === 'disconnected') return outcome
    }

    const timezone = await userTimezone(conn.user_id)
    const today = localDayOf(new Date(), timezone)
    const earliest = addDays(today, -options.backfillDays)
    // The day of the last success again: its total may have grown since.
    const lastDay = conn.last_success_at ? localDayOf(conn.last_success_at, timezone) : earliest
    const from = lastDay > earliest ? lastDay : earliest
    const activities = options.activities()
    if (adapter.dailySteps) {
      const days = await withAuth(token => adapter.dailySteps!(call, token, from, today))
      await activities.importDailyTotals(conn.user_id, days.filter(d => d.steps > 0).map(d => ({
        source: adapter.source, localDay: d.localDay, steps: Math.min(d.steps, 1_000_000), timezone, policy: 'replace' as const
      })))
    }
    if (adapter.activitiesSince) {
      // A day earlier than `from` in UTC covers every zone's start of that day.
      const after = new Date(new Date(`${from}T00:00:00Z`).getTime() - 24 * HOUR)
      const found = await withAuth(token => adapter.activitiesSince!(call, token, after))
      for (const activity of found) {
        await activities.importExternal(conn.user_id, {
          ...activity, source: adapter.source, timezone: activity.timezone ?? timezone, displayRestricted: adapter.displayRestricted
        })
      }
    }
    await updateConnection(db, conn.id, { synced_through: today })
    return 'done'
  }

  /** One connection, now: under its lease, with its outcome recorded as sync health. */
  async function syncConnection (connectionId: string): Promise<SyncOutcome> {
    const conn = await takeLease(db, connectionId, LEASE_MS)
    if (!conn) return 'skipped'
    const adapter = slots.get(conn.provider as ProviderId)?.adapter
    if (!adapter || !options.cipher) {
      await updateConnection(db, conn.id, { sync_lease_until: null })
      return 'skipped'
    }
    const now = Date.now()
    try {
      const outcome = await pull(conn, adapter, options.cipher)
      if (outcome === 'disconnected') return 'disconnected'
      await updateConnection(db, conn.id, {
        last_success_at: new Date(), last_error: null, last_error_at: null, consecutive_failures: 0, next_sync_after: null, sync_lease_until: null
      })
      return 'synced'
    } catch (err) {
      if (err instanceof ProviderAuthError) {
        log.warn({ connectionId: conn.id, provider: conn.provider }, 'provider refused our tokens: connection ended')
        await markDisconnected(conn, 'access_revoked', deletesOnDisconnect(conn.provider))
        return 'disconnected'
      }
      if (err instanceof RateBudgetExhausted || (err instanceof ProviderHttpError && err.status === 429)) {
        const retryAt = err instanceof RateBudgetExhausted ? err.retryAt : retryAfterOf(err.headers, now) ?? new Date(now + 15 * 60_000)
        await updateConnection(db, conn.id, {
          last_error: `rate_limited: ${err.message}`, last_error_at: new Date(), next_sync_after: retryAt, sync_lease_until: null
        })
        return 'rate_limited'
      }
      // 5xx, timeouts, malformed or oversized answers: back off exponentially (1 min … 1 h).
      const failures = conn.consecutive_failures + 1
      const message = err instanceof ProviderHttpError ? err.message : 'internal error'
      if (!(err instanceof ProviderHttpError)) log.error({ err, connectionId: conn.id }, 'fitness sync failed')
      await updateConnection(db, conn.id, {
        last_error: message.slice(0, 500),
        last_error_at: new Date(),
        consecutive_failures: failures,
        next_sync_after: new Date(now + Math.min(HOUR, 60_000 * 2 ** (failures - 1))),
        sync_lease_until: null
      })
      return 'failed'
    }
  }

  /** Tell users whose connections have been quiet past the notice threshold, once per quiet spell. */
  async function noticeStale (): Promise<number> {
    const now = Date.now()
    const stale = await staleConnections(db, new Date(now - options.staleNoticeHours * HOUR))
    let told = 0
    for (const conn of stale) {
      told += await db.transaction().execute(async (tx) => {
        if (!(await claimStaleNotice(tx, conn.id, new Date(now)))) return 0
        await recordEvent(tx, {
          type: 'integration.sync_stale',
          teamId: null,
          payload: {
            connectionId: conn.id,
            userId: conn.user_id,
            provider: conn.provider,
            providerName: nameOf(conn.provider),
            lastSuccessAt: conn.last_success_at?.toISOString() ?? null,
            hours: Math.floor((now - (conn.last_success_at ?? conn.connected_at).getTime()) / HOUR),
            atRiskHours: options.atRiskHours
          }
        })
        return 1
      })
    }
    return told
  }

  async function recordDelivery (tx: DbOrTx, conn: IntegrationConnectionRow, dedupeKey: string, payload: unknown): Promise<boolean> {
    const fresh = await insertWebhookEvent(tx, { provider: conn.provider, dedupe_key: dedupeKey, connection_id: conn.id, payload })
    if (fresh) await recordEvent(tx, { type: 'integration.webhook_received', teamId: null, payload: { connectionId: conn.id, userId: conn.user_id, provider: conn.provider } })
    return fresh
  }

  return {
    /** Every provider slot with your connection to it and its sync health. */
    async list (userId: string): Promise<ConnectionView[]> {
      const rows = await connectionsOf(db, userId)
      const now = Date.now()
      return [...slots.values()].map((slot) => {
        const conn = rows.find(r => r.provider === slot.id)
        return {
          provider: slot.id,
          name: slot.name,
          available: slot.adapter !== null && options.cipher !== null,
          unavailableReason: slot.adapter === null ? slot.unavailableReason : options.cipher === null ? 'provider tokens cannot be stored here (no token key)' : null,
          status: conn?.status ?? 'not_connected',
          source: slot.adapter?.source ?? null,
          connectedAt: conn?.connected_at.toISOString() ?? null,
          health: conn ? healthOf(conn, now) : null
        }
      })
    },

    /**
     * Start connecting: a single-use `state` bound to you (stored hashed,
     * 10 minutes), a PKCE verifier where the provider takes one (stored
     * encrypted), and the provider's authorization URL to open.
     */
    async connect (userId: string, provider: string): Promise<{ provider: string, authorizationUrl: string, expiresAt: string, pkce: boolean }> {
      const { adapter, cipher } = usable(provider)
      const state = randomBytes(32).toString('base64url')
      const verifier = adapter.pkce ? randomBytes(48).toString('base64url') : undefined
      const expiresAt = new Date(Date.now() + STATE_TTL_MS)
      await deleteOldStates(db, new Date(Date.now() - 24 * HOUR))
      await insertState(db, {
        state_hash: sha256(state),
        user_id: userId,
        provider,
        code_verifier_enc: verifier === undefined ? null : cipher.encrypt(verifier, `state/${userId}/${provider}`),
        expires_at: expiresAt
      })
      const authorizationUrl = adapter.authorizationUrl({
        state,
        redirectUri: `${options.callbackBaseUrl}/integrations/${provider}/callback`,
        codeChallenge: verifier === undefined ? undefined : createHash('sha256').update(verifier).digest('base64url')
      })
      return { provider, authorizationUrl, expiresAt: expiresAt.toISOString(), pkce: adapter.pkce }
    },

    /**
     * The provider sent the browser back. The state must be one we issued
     * for this provider, unused and under 10 minutes old; when the request
     * is signed in, it must be the same user's.
     */
    async callback (provider: string, query: { code?: string | undefined, state?: string | undefined, error?: string | undefined, scope?: string | undefined }, callerUserId: string | undefined) {
      const { adapter, cipher } = usable(provider)
      if (query.state === undefined) throw new AppError('OAUTH_STATE_INVALID', undefined, { reason: 'missing' })
      const state = await consumeState(db, sha256(query.state), provider)
      if (!state) throw new AppError('OAUTH_STATE_INVALID', undefined, { reason: 'unknown_or_used' })
      if (state.expires_at.getTime() < Date.now()) throw new AppError('OAUTH_STATE_INVALID', undefined, { reason: 'expired' })
      if (callerUserId !== undefined && callerUserId !== state.user_id) throw new AppError('OAUTH_STATE_INVALID', undefined, { reason: 'other_user' })
      if (query.error !== undefined || query.code === undefined) throw new AppError('OAUTH_DENIED', undefined, { providerError: (query.error ?? 'no_code').slice(0, 100) })
      const userId = state.user_id
      const verifier = state.code_verifier_enc === null ? undefined : cipher.decrypt(state.code_verifier_enc, `state/${userId}/${provider}`)
      let tokens
      try {
        tokens = await adapter.exchangeCode(callerFor(provider, null, false), {
          code: query.code, redirectUri: `${options.callbackBaseUrl}/integrations/${provider}/callback`, codeVerifier: verifier, grantedScope: query.scope
        })
      } catch (err) {
        if (err instanceof ProviderAuthError) throw new AppError('OAUTH_DENIED', undefined, { providerError: err.message })
        if (err instanceof ProviderHttpError) throw new AppError('PROVIDER_ERROR')
        throw err
      }
      const context = tokenContext(userId, provider)
      const connection = await db.transaction().execute(async (tx) => {
        if (tokens.providerUserId !== undefined) {
          // One provider account feeds one of our users: an earlier link to another account ends.
          const other = await findByProviderUser(tx, provider, tokens.providerUserId)
          if (other && other.user_id !== userId) {
            const ended = await endConnection(tx, other.id, {
              access_token_enc: null, refresh_token_enc: null, token_expires_at: null, disconnected_at: new Date(), disconnect_reason: 'linked_to_another_account', sync_lease_until: null, next_sync_after: null
            })
            // The other account's owner did not end it: they are told. Its imports stay (they were theirs).
            if (ended) await recordDisconnected(tx, other, 'linked_to_another_account', 'kept')
          }
        }
        const row = await upsertConnection(tx, {
          user_id: userId,
          provider,
          provider_user_id: tokens.providerUserId ?? null,
          scopes: tokens.scopes ?? null,
          access_token_enc: cipher.encrypt(tokens.accessToken, context),
          refresh_token_enc: tokens.refreshToken === undefined ? null : cipher.encrypt(tokens.refreshToken, context),
          token_expires_at: tokens.expiresAt
        })
        await recordEvent(tx, { type: 'integration.connected', teamId: null, payload: { connectionId: row.id, userId, provider } })
        return row
      })
      return { provider, status: 'connected' as const, connectionId: connection.id }
    },

    /**
     * Disconnect: revoke at the provider (best effort: the connection ends
     * here whatever it answers), forget the tokens, and keep or delete what
     * was imported. Strava data is deleted by default (its terms); others
     * are kept unless `activities: 'delete'`.
     */
    async disconnect (userId: string, provider: string, activities: 'keep' | 'delete' | undefined): Promise<DisconnectResultView> {
      const slot = slotOf(provider)
      const conn = await findConnection(db, userId, provider)
      if (!conn || conn.status !== 'connected') throw new AppError('INTEGRATION_NOT_FOUND')
      let revokedAtProvider = false
      if (slot.adapter && options.cipher) {
        try {
          await slot.adapter.revoke(callerFor(provider, conn.id, false), decryptTokens(conn, options.cipher))
          revokedAtProvider = true
        } catch (err) {
          log.warn({ provider, status: err instanceof ProviderHttpError ? err.status : undefined }, 'revoking at the provider failed; disconnected here anyway')
        }
      }
      const deleteImported = activities === undefined ? deletesOnDisconnect(provider) : activities === 'delete'
      const deleted = await markDisconnected(conn, 'revoked_by_user', deleteImported)
      return { provider, status: 'disconnected', revokedAtProvider, importedActivities: deleteImported ? 'deleted' : 'kept', deletedActivities: deleted }
    },

    /** Your daily-total source priority: the first listed source that has a figure for a day counts. */
    async setSourcePriority (userId: string, sources: string[]): Promise<string[] | null> {
      const value = sources.length === 0 ? null : [...new Set(sources)]
      await db.updateTable('users').set({ source_priority: value }).where('id', '=', userId).execute()
      // Days with several whole-day totals may now count another one (the last 90 days; older ones when next touched).
      const days = await db.selectFrom('activities').select('local_day').distinct()
        .where('user_id', '=', userId).where('daily_total', '=', true)
        .where('local_day', '>=', addDays(localDayOf(new Date(), 'UTC'), -90))
        .execute()
      await options.activities().recreditDays(userId, days.map(d => d.local_day), 'source_priority_changed')
      return value
    },

    async sourcePriority (userId: string): Promise<string[] | null> {
      const row = await db.selectFrom('users').select('source_priority').where('id', '=', userId).executeTakeFirst()
      return row?.source_priority ?? null
    },

    /** Strava's subscription check: echo hub.challenge when the verify token is ours. */
    stravaVerify (query: { 'hub.mode': string, 'hub.verify_token': string, 'hub.challenge': string }): string {
      const expected = options.stravaVerifyToken
      if (expected === undefined || query['hub.mode'] !== 'subscribe' || !sameSecret(query['hub.verify_token'], expected)) throw new AppError('WEBHOOK_FORBIDDEN')
      return query['hub.challenge']
    },

    /**
     * A Strava event. Unsigned, so it is only a hint: it is stored once
     * (a re-delivery is the same row) and the sync fetches the activity
     * with the owner's token, or confirms a deauthorization, before acting.
     */
    async stravaEvent (event: StravaWebhookInput): Promise<{ accepted: boolean }> {
      if (options.stravaSubscriptionId !== undefined && event.subscription_id !== options.stravaSubscriptionId) throw new AppError('WEBHOOK_FORBIDDEN')
      const conn = await findByProviderUser(db, 'strava', String(event.owner_id))
      if (!conn) return { accepted: false }
      const key = `${event.object_type}:${event.object_id}:${event.aspect_type}:${event.event_time}`
      const fresh = await db.transaction().execute(tx => recordDelivery(tx, conn, key, event))
      return { accepted: fresh }
    },

    /**
     * A Google Health request. Authentic when it carries our subscriber's
     * secret as its Authorization (Google's endpoint check sends it) or, with
     * Google's public key configured, a valid X-HEALTHAPI-SIGNATURE of its
     * body. `{"type":"verification"}` is Google checking the endpoint (the
     * route answers 201; without the secret, 403). A notification names the
     * user whose data changed: stored once, then a pull of that connection.
     */
    async googleEvent (request: { authorization: string | undefined, signature: string | undefined, rawBody: string | undefined }, event: GoogleWebhookInput): Promise<{ accepted: boolean, verification: boolean }> {
      const secret = options.googleWebhookToken
      const given = request.authorization ?? ''
      const bySecret = secret !== undefined && given.length > 0 && (sameSecret(given, secret) || sameSecret(given, `Bearer ${secret}`))
      const bySignature = !bySecret && options.googleWebhookKey !== undefined && request.rawBody !== undefined && signedBy(options.googleWebhookKey, request.rawBody, request.signature)
      if (!bySecret && !bySignature) throw new AppError('WEBHOOK_FORBIDDEN')
      if (event.type === 'verification') return { accepted: true, verification: true }
      if (event.userId === undefined || event.dataType === undefined) {
        throw new AppError('VALIDATION_ERROR', 'A notification names the user (`userId`) and the data type (`dataType`)')
      }
      const conn = await findByProviderUser(db, 'google', event.userId)
      if (!conn) return { accepted: false, verification: false }
      const key = event.notificationId ?? sha256(JSON.stringify(event))
      const fresh = await db.transaction().execute(tx => recordDelivery(tx, conn, key, event))
      return { accepted: fresh, verification: false }
    },

    /**
     * The `sync-fitness-data` job. With a connection: that one, now (after
     * a webhook or a new connection). Without: the hourly round over every
     * connection that is due (a few at a time; the shared budgets stop
     * Strava's share when the application's limit is near), then the
     * notice to users whose connections have gone quiet.
     */
    async sync (payload: { connectionId?: string | undefined }): Promise<Record<string, number>> {
      if (payload.connectionId !== undefined) {
        const conn = await findConnectionById(db, payload.connectionId)
        if (!conn) return { skipped: 1 }
        const outcome = await syncConnection(conn.id)
        return { [outcome]: 1 }
      }
      const counts: Record<string, number> = { synced: 0, skipped: 0, failed: 0, rate_limited: 0, disconnected: 0 }
      const due = await dueConnections(db, new Date(), 100_000)
      let next = 0
      await Promise.all(Array.from({ length: Math.min(ROUND_CONCURRENCY, due.length) }, async () => {
        while (next < due.length) {
          const { id } = due[next++]!
          const outcome = await syncConnection(id)
          counts[outcome] = (counts[outcome] ?? 0) + 1
        }
      }))
      counts.notified = await noticeStale()
      return counts
    },

    /** For tests and the bench: one connection's raw row (tokens stay encrypted). */
    findConnection: (userId: string, provider: string) => findConnection(db, userId, provider)
  }
}

export type IntegrationService = ReturnType<typeof createIntegrationService>
