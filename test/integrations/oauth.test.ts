import { createHash } from 'node:crypto'
import t from 'tap'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register } from '../helpers/api.ts'
import { startMockProviders } from '../helpers/mock-providers.ts'
import { callback, connect, integrationsOf, providerSettings, startConnect, sync, TEST_TOKEN_KEYS } from '../helpers/integrations.ts'
import { loadConfig, ConfigError } from '../../src/lib/config.ts'
import { createTokenCipher } from '../../src/routes/integrations/token-cipher.ts'

const environment = await testEnvironment(t)
const mock = await startMockProviders(t)
const app = await build(t, environment, providerSettings(mock))

t.test('Google: the authorization URL carries a PKCE S256 challenge and a state; the callback stores encrypted tokens', async (t) => {
  const ada = await register(app)
  const started = await startConnect(app, ada, 'google')
  t.equal(started.statusCode, 200)
  const { authorizationUrl, pkce, expiresAt } = started.json().data
  t.equal(pkce, true)
  const url = new URL(authorizationUrl)
  t.equal(url.origin + url.pathname, `${mock.url}/o/oauth2/v2/auth`)
  t.equal(url.searchParams.get('code_challenge_method'), 'S256')
  t.match(url.searchParams.get('code_challenge'), /^[\w-]{43}$/)
  t.equal(url.searchParams.get('redirect_uri'), 'http://127.0.0.1:3000/integrations/google/callback')
  const minutes = (Date.parse(expiresAt) - Date.now()) / 60_000
  t.ok(minutes > 9 && minutes <= 10, `state lives 10 minutes (${minutes.toFixed(2)})`)
  // The state is stored hashed, never as given.
  const state = url.searchParams.get('state')!
  const stored = await app.db.selectFrom('oauth_states').selectAll().where('user_id', '=', ada.userId).execute()
  t.equal(stored.length, 1)
  t.not(stored[0]!.state_hash, state)
  t.equal(stored[0]!.state_hash, createHash('sha256').update(state).digest('base64url'))

  const back = await mock.consent(authorizationUrl)
  const res = await callback(app, 'google', back)
  t.equal(res.statusCode, 200, res.body)
  t.equal(res.json().data.status, 'connected')
  // The token request carried the verifier whose hash is the challenge (the mock refuses it otherwise).
  const tokenCall = mock.requests.filter(r => r.route === 'POST /token').at(-1)!
  const verifier = new URLSearchParams(tokenCall.body).get('code_verifier')!
  t.equal(createHash('sha256').update(verifier).digest('base64url'), url.searchParams.get('code_challenge'))

  const row = await app.db.selectFrom('integration_connections').selectAll().where('user_id', '=', ada.userId).executeTakeFirstOrThrow()
  const issued = mock.tokensIssued()
  t.equal(row.provider_user_id, 'google-user-1', 'the Google subject, from the ID token')
  for (const column of [row.access_token_enc, row.refresh_token_enc]) {
    t.match(column, /^v1\.test1\./, 'an AES-GCM envelope with its key id')
    t.notOk(issued.some(token => column!.includes(token)), 'no issued token appears in the stored column')
  }
  const cipher = createTokenCipher(TEST_TOKEN_KEYS)
  t.ok(issued.includes(cipher.decrypt(row.access_token_enc!, `${ada.userId}/google`)), 'it decrypts to the token Google issued')
  t.throws(() => cipher.decrypt(row.access_token_enc!, 'someone-else/google'), 'bound to its row: another user\'s context does not decrypt')

  const list = await integrationsOf(app, ada)
  t.match(list.google, { status: 'connected', available: true, source: 'google_health', health: { status: 'pending' } })
  t.notOk(JSON.stringify(list).includes('google-access'), 'no token in the API response')
})

t.test('a state is single-use, expires after 10 minutes, belongs to its provider and its user', async (t) => {
  const ada = await register(app)
  const eve = await register(app)

  // Reuse: the second callback with the same state is refused.
  const first = await startConnect(app, ada, 'strava')
  const back = await mock.consent(first.json().data.authorizationUrl)
  t.equal((await callback(app, 'strava', back)).statusCode, 200)
  const again = await callback(app, 'strava', back)
  t.equal(again.statusCode, 400)
  t.equal(errorCode(again), 'OAUTH_STATE_INVALID')
  t.equal(again.json().error.details.reason, 'unknown_or_used')

  // Expiry: a state older than 10 minutes is refused (and used up).
  const late = await startConnect(app, ada, 'google')
  const lateBack = await mock.consent(late.json().data.authorizationUrl)
  await app.db.updateTable('oauth_states').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', ada.userId).where('used_at', 'is', null).execute()
  const expired = await callback(app, 'google', lateBack)
  t.equal(errorCode(expired), 'OAUTH_STATE_INVALID')
  t.equal(expired.json().error.details.reason, 'expired')

  // Another provider's callback does not take it.
  const google = await startConnect(app, ada, 'google')
  const googleBack = await mock.consent(google.json().data.authorizationUrl)
  t.equal(errorCode(await callback(app, 'strava', googleBack)), 'OAUTH_STATE_INVALID')

  // Signed in as someone else: refused.
  const mine = await startConnect(app, ada, 'google')
  const mineBack = await mock.consent(mine.json().data.authorizationUrl)
  const stolen = await callback(app, 'google', mineBack, bearer(eve.accessToken))
  t.equal(errorCode(stolen), 'OAUTH_STATE_INVALID')
  t.equal(stolen.json().error.details.reason, 'other_user')
  t.equal((await integrationsOf(app, eve)).google.status, 'not_connected')

  // A made-up state, and none at all.
  t.equal(errorCode(await callback(app, 'google', new URLSearchParams({ code: 'x', state: 'made-up' }))), 'OAUTH_STATE_INVALID')
  t.equal(errorCode(await callback(app, 'google', new URLSearchParams({ code: 'x' }))), 'OAUTH_STATE_INVALID')

  // Refused consent.
  const denied = await startConnect(app, eve, 'google')
  const deniedBack = await mock.consent(denied.json().data.authorizationUrl, { deny: true })
  const res = await callback(app, 'google', deniedBack)
  t.equal(res.statusCode, 400)
  t.equal(errorCode(res), 'OAUTH_DENIED')
})

t.test('Strava without activity:read granted is not connected', async (t) => {
  const ada = await register(app)
  mock.strava.nextScope = 'read'
  t.teardown(() => { mock.strava.nextScope = 'read,activity:read' })
  const started = await startConnect(app, ada, 'strava')
  t.equal(started.json().data.pkce, false, 'Strava takes no PKCE')
  t.notOk(new URL(started.json().data.authorizationUrl).searchParams.has('code_challenge'))
  const res = await callback(app, 'strava', await mock.consent(started.json().data.authorizationUrl))
  t.equal(errorCode(res), 'OAUTH_DENIED')
  t.equal((await integrationsOf(app, ada)).strava.status, 'not_connected')
})

t.test('an expired access token is refreshed before use; a refused refresh disconnects and tells the user', async (t) => {
  const ada = await register(app)
  const connectionId = await connect(app, mock, ada, 'google', 'google-refresh')
  mock.expireAccessTokens()
  await app.db.updateTable('integration_connections').set({ token_expires_at: new Date(Date.now() - 1000) }).where('id', '=', connectionId).execute()
  const before = mock.requests.filter(r => r.route === 'POST /token').length
  t.same(await sync(app, connectionId), { synced: 1 })
  const refreshes = mock.requests.filter(r => r.route === 'POST /token').slice(before)
  t.equal(refreshes.length, 1)
  t.equal(new URLSearchParams(refreshes[0]!.body).get('grant_type'), 'refresh_token')
  const rollUp = mock.requests.filter(r => r.route.endsWith(':dailyRollUp')).at(-1)!
  t.equal(rollUp.authorization, `Bearer ${mock.tokensIssued().at(-1)}`, 'the roll-up used the refreshed token')

  // The user revokes us in their Google account: refresh says invalid_grant.
  mock.revokeGoogleSubject('google-refresh')
  mock.expireAccessTokens()
  await app.db.updateTable('integration_connections').set({ token_expires_at: new Date(Date.now() - 1000) }).where('id', '=', connectionId).execute()
  t.same(await sync(app, connectionId), { disconnected: 1 })
  const list = await integrationsOf(app, ada)
  t.match(list.google, { status: 'disconnected', health: { status: 'disconnected' } })
  const row = await app.db.selectFrom('integration_connections').selectAll().where('id', '=', connectionId).executeTakeFirstOrThrow()
  t.equal(row.access_token_enc, null, 'tokens forgotten')
  t.equal(row.disconnect_reason, 'access_revoked')
  const events = await app.db.selectFrom('outbox').select(['type', 'payload']).where('type', '=', 'integration.disconnected').execute()
  t.ok(events.some(e => (e.payload as any).connectionId === connectionId && (e.payload as any).userId === ada.userId), 'integration.disconnected recorded for the notification centre')
})

t.test('DELETE revokes at the provider and says what happened to imported activities', async (t) => {
  const ada = await register(app)
  const connectionId = await connect(app, mock, ada, 'google', 'google-revoke')
  const day = new Date().toISOString().slice(0, 10)
  mock.google.steps.set('google-revoke', new Map([[day, 5000]]))
  await sync(app, connectionId)
  const revokes = mock.requests.filter(r => r.route === 'POST /revoke').length
  const res = await app.inject({ method: 'DELETE', url: '/integrations/google', headers: bearer(ada.accessToken) })
  t.equal(res.statusCode, 200, res.body)
  t.same(res.json().data, { provider: 'google', status: 'disconnected', revokedAtProvider: true, importedActivities: 'kept', deletedActivities: 0 })
  const call = mock.requests.filter(r => r.route === 'POST /revoke').slice(revokes)
  t.equal(call.length, 1)
  t.notOk(call[0]!.query.has('token'), 'the token travels in the body, not the URL')
  const kept = await app.db.selectFrom('activities').select('steps').where('user_id', '=', ada.userId).where('source', '=', 'google_health').execute()
  t.same(kept, [{ steps: 5000 }], 'Google imports are kept by default')
  t.equal(errorCode(await app.inject({ method: 'DELETE', url: '/integrations/google', headers: bearer(ada.accessToken) })), 'INTEGRATION_NOT_FOUND')

  // Reconnect, then disconnect deleting what was imported.
  const again = await connect(app, mock, ada, 'google', 'google-revoke')
  await sync(app, again)
  const gone = await app.inject({ method: 'DELETE', url: '/integrations/google?activities=delete', headers: bearer(ada.accessToken) })
  t.match(gone.json().data, { importedActivities: 'deleted', deletedActivities: 1 })
  t.equal((await app.db.selectFrom('activities').select('id').where('user_id', '=', ada.userId).execute()).length, 0)
})

t.test('Garmin is a slot without a build; unknown providers and bad input get the envelope', async (t) => {
  const ada = await register(app)
  const list = await integrationsOf(app, ada)
  t.same(Object.keys(list).sort(), ['garmin', 'google', 'strava'])
  t.match(list.garmin, { available: false, status: 'not_connected', unavailableReason: /closed/ })
  const garmin = await startConnect(app, ada, 'garmin')
  t.equal(garmin.statusCode, 409)
  t.equal(errorCode(garmin), 'INTEGRATION_NOT_AVAILABLE')
  t.equal(errorCode(await startConnect(app, ada, 'fitbit')), 'INTEGRATION_PROVIDER_NOT_FOUND')
  t.equal(errorCode(await startConnect(app, ada, 'Google')), 'VALIDATION_ERROR')
  t.equal((await app.inject({ method: 'GET', url: '/integrations' })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: '/integrations/google/connect' })).statusCode, 401)
  const weird = await app.inject({ method: 'GET', url: '/integrations/google/callback?code=x&state=y&extra=1' })
  t.equal(errorCode(weird), 'VALIDATION_ERROR')
})

t.test('tokens are encrypted with a configured key; the public development key is refused outside embedded mode', async (t) => {
  t.throws(() => loadConfig({ ...environment.env, INTEGRATIONS_TOKEN_KEYS: 'dev:ZW1iZWRkZWQtbW9kZS1wdWJsaWMtdG9rZW4ta2V5ISE=' }), ConfigError)
  t.doesNotThrow(() => loadConfig({ INTEGRATIONS_TOKEN_KEYS: 'dev:ZW1iZWRkZWQtbW9kZS1wdWJsaWMtdG9rZW4ta2V5ISE=' }), 'fine in embedded mode')
  // Without a key outside embedded mode, integrations are off rather than storing tokens unprotected.
  const keyless = await build(t, environment, { ...providerSettings(mock), INTEGRATIONS_TOKEN_KEYS: '' })
  const ada = await register(keyless)
  t.equal(errorCode(await startConnect(keyless, ada, 'google')), 'INTEGRATION_NOT_AVAILABLE')
  // Key rotation: a new first key encrypts, the old one still decrypts.
  const old = createTokenCipher(TEST_TOKEN_KEYS)
  const envelope = old.encrypt('secret', 'ctx')
  const rotated = createTokenCipher(`new:${Buffer.alloc(32, 9).toString('base64')},${TEST_TOKEN_KEYS}`)
  t.equal(rotated.decrypt(envelope, 'ctx'), 'secret')
  t.match(rotated.encrypt('secret', 'ctx'), /^v1\.new\./)
  t.throws(() => createTokenCipher('short:AAAA'), /32 bytes/)
})
