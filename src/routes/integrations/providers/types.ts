import type { TSchema, Static } from '@sinclair/typebox'
import type { RequestSpec, ProviderResponse } from '../http.ts'

/** The providers a user can see; `garmin` is a slot only (its program is closed to new sign-ups). */
export const PROVIDER_IDS = ['google', 'strava', 'garmin'] as const
export type ProviderId = typeof PROVIDER_IDS[number]

export interface ProviderTokens {
  accessToken: string
  /** Absent when the provider did not send a new one (keep the old). */
  refreshToken?: string | undefined
  expiresAt: Date | null
  scopes?: string | undefined
  /** The user's id at the provider (Strava athlete id, Google `sub`): how webhooks name them. */
  providerUserId?: string | undefined
}

/**
 * One request to the provider through the shared rate budget: the sync
 * passes this in, so an adapter never spends a request the budget has not
 * granted, and every answer's rate headers are recorded.
 */
export type ProviderCall = <S extends TSchema>(spec: RequestSpec, schema: S) => Promise<ProviderResponse<Static<S>>>

/** One day's total (civil day of the user) as the provider computed it. */
export interface DailySteps {
  localDay: string
  steps: number
}

/** The provider's view of one activity, mapped to ours. */
export interface ProviderActivity {
  externalId: string
  type: 'walk' | 'run' | 'cycle' | 'swim' | 'hike' | 'steps' | 'other'
  distanceMeters: number
  durationSeconds: number | null
  startedAt: Date
  timezone: string | null
}

/** Every provider behind one interface: connect, callback, refresh, revoke; then what it can pull. */
export interface ProviderAdapter {
  id: ProviderId
  /** The `source` its activities carry. */
  source: string
  /** Whether it takes a PKCE code challenge (S256). */
  pkce: boolean
  /** Its terms allow showing its data to its owner only. */
  displayRestricted: boolean
  authorizationUrl: (input: { state: string, redirectUri: string, codeChallenge?: string | undefined }) => string
  exchangeCode: (call: ProviderCall, input: { code: string, redirectUri: string, codeVerifier?: string | undefined, grantedScope?: string | undefined }) => Promise<ProviderTokens>
  refresh: (call: ProviderCall, refreshToken: string) => Promise<ProviderTokens>
  revoke: (call: ProviderCall, tokens: { accessToken: string | null, refreshToken: string | null }) => Promise<void>
  /** Whole-day step totals for civil days [from, to] (Google Health). */
  dailySteps?: (call: ProviderCall, accessToken: string, from: string, to: string) => Promise<DailySteps[]>
  /** Activities that started at or after `after` (Strava). */
  activitiesSince?: (call: ProviderCall, accessToken: string, after: Date) => Promise<ProviderActivity[]>
  /** One activity by its id there; null when it is gone (Strava webhooks carry ids only). */
  activity?: (call: ProviderCall, accessToken: string, externalId: string) => Promise<ProviderActivity | null>
  /** Whether the token still works (confirms an unsigned deauthorization before acting on it). */
  stillAuthorized?: (call: ProviderCall, accessToken: string) => Promise<boolean>
}

/** A provider that says no at the token endpoint (revoked, expired refresh token): the connection is over. */
export class ProviderAuthError extends Error {
  override name = 'ProviderAuthError'
}
