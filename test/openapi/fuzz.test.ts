import t from 'tap'
import { readFile } from 'node:fs/promises'
import fc from 'fast-check'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { LightMyRequestResponse } from 'fastify'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register, type Account } from '../helpers/api.ts'
import { createTeam } from '../helpers/teams.ts'
import { isIanaTimeZone } from '../../src/lib/time-zones.ts'
import type { App } from '../../src/app/app.ts'

/**
 * Every operation of the committed OpenAPI document, fed requests generated
 * from its own schemas: valid ones, and mutations of them (wrong types,
 * missing and unknown fields, odd strings, malformed JSON, other content
 * types, bad and missing tokens, path segments that do not decode or are too
 * long). Every answer must be a documented status of its operation, never a
 * 5xx, with a body matching the documented schema, the envelope, a request id
 * and the security headers.
 *
 * FUZZ_RUNS (requests per operation) and FUZZ_SEED make it bigger or
 * different; `npm run fuzz` runs many more than CI does.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 24)
const SEED = Number(process.env.FUZZ_SEED ?? 20261201)
// About 30 s on an idle machine; a machine shared with other test runs can take several times that.
t.setTimeout(300_000)

type Schema = Record<string, any>
interface Operation { method: string, path: string, op: Schema }
interface Fixture { owner: Account, member: Account, teamId: string, joinCode: string, waypointId: string, activityId: string }
interface Generated {
  kind: 'valid' | 'mutated'
  params: Record<string, string>
  rawParams?: boolean
  query: Array<[string, string]>
  headers: Record<string, string>
  auth: 'owner' | 'member' | 'none' | 'garbage' | 'stranger'
  body?: { json: unknown } | { raw: string }
}

const doc = JSON.parse(await readFile(new URL('../../openapi/openapi.json', import.meta.url), 'utf8'))
const operations: Operation[] = Object.entries<Schema>(doc.paths).flatMap(([path, methods]) =>
  Object.entries<Schema>(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, op })))

function resolve (schema: Schema): Schema {
  let current = schema
  while (typeof current.$ref === 'string') {
    current = current.$ref.replace(/^#\//, '').split('/').reduce((node: Schema, key: string) => node[key], doc)
  }
  return current
}

// ---- values a request may hold: real ids and secrets of the fixture, or anything of the right shape

/**
 * Requests are generated before the rows they name exist (fixtures are made
 * afresh as requests delete them), so they hold placeholders such as
 * `«team»` or `«team:upper»`, replaced by the current fixture's values when sent.
 */
type Role = keyof ReturnType<typeof placeholders>
function placeholders (fixture: Fixture) {
  return {
    team: fixture.teamId,
    waypoint: fixture.waypointId,
    activity: fixture.activityId,
    owner: fixture.owner.userId,
    member: fixture.member.userId,
    email: fixture.owner.email,
    password: fixture.owner.password,
    code: fixture.joinCode,
    refreshToken: fixture.member.refreshToken
  }
}
const placeholder = (role: Role, upper = false) => `«${role}${upper ? ':upper' : ''}»`

/** Which fixture row a uuid field names, from its name and, for `{id}`, the operation's path. */
let pathRole: Role = 'team'
function roleOf (name: string): Role {
  if (name === 'id') return pathRole
  if (name === 'userId') return 'member'
  if (name === 'activityId') return 'activity'
  if (name === 'waypointId') return 'waypoint'
  return 'team'
}

function uuidFor (name: string) {
  const role = roleOf(name)
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(placeholder(role)) },
    { weight: 1, arbitrary: fc.constant(placeholder(role, true)) },
    { weight: 1, arbitrary: fc.uuid() }
  )
}
const fromFixture = (role: Role, fallback: fc.Arbitrary<string>) => fc.oneof({ weight: 3, arbitrary: fc.constant(placeholder(role)) }, fallback)
const HOUR = 3_600_000
const recentDate = fc.integer({ min: 1, max: 40 * 24 }).map(hours => new Date(Date.now() - hours * HOUR))
const anyDate = fc.oneof(recentDate, fc.date({ min: new Date('2000-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }))
const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Australia/Lord_Howe']

function stringFor (schema: Schema, name: string): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0
  const maxLength = Math.min(schema.maxLength ?? minLength + 40, minLength + 40)
  switch (schema.format) {
    case 'uuid': return uuidFor(name)
    case 'date-time': return anyDate.map(d => d.toISOString())
    case 'date': return anyDate.map(d => d.toISOString().slice(0, 10))
    case 'email': return fromFixture('email', fc.emailAddress().filter(e => e.length <= (schema.maxLength ?? 254)))
    case 'iana-timezone': return fc.constantFrom(...ZONES)
  }
  if (name === 'password') return fromFixture('password', fc.string({ minLength: Math.max(minLength, 8), maxLength }))
  if (name === 'code') return fromFixture('code', fc.stringMatching(/^[A-Z0-9]{8}$/))
  if (name === 'refreshToken') return fromFixture('refreshToken', fc.string({ minLength: Math.max(minLength, 1), maxLength }))
  if (schema.pattern !== undefined) {
    return fc.stringMatching(new RegExp(schema.pattern)).filter(s => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity))
  }
  return fc.string({ minLength, maxLength, unit: 'grapheme' }).filter(s => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity))
}

/** A value valid for `schema` (the subset of JSON Schema the document uses). */
function valueFor (input: Schema, name = '', depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input)
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum)
  const variants = schema.anyOf ?? schema.oneOf
  if (Array.isArray(variants)) return fc.oneof(...variants.map((v: Schema) => valueFor(v, name, depth)))
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type: string) => valueFor({ ...schema, type }, name, depth)))
  switch (schema.type) {
    case 'null': return fc.constant(null)
    case 'boolean': return fc.boolean()
    case 'string': return stringFor(schema, name)
    case 'integer': {
      const min = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : schema.minimum ?? -1_000_000
      return fc.integer({ min, max: schema.maximum ?? Math.max(min, 0) + 1_000_000 })
    }
    case 'number': {
      const min = schema.exclusiveMinimum ?? schema.minimum ?? -1e7
      return fc.double({ min, max: schema.maximum ?? 1e7, minExcluded: schema.exclusiveMinimum !== undefined, noNaN: true, noDefaultInfinity: true })
    }
    case 'array': {
      const minLength = schema.minItems ?? 0
      return fc.array(valueFor(schema.items ?? {}, name, depth + 1), { minLength, maxLength: Math.min(schema.maxItems ?? minLength + 4, minLength + 4) })
    }
    case 'object': {
      const properties: Record<string, Schema> = schema.properties ?? {}
      const record = fc.record(
        Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, valueFor(value, key, depth + 1)])),
        { requiredKeys: schema.required ?? [] }
      ) as fc.Arbitrary<Record<string, unknown>>
      return schema.minProperties ? record.filter(o => Object.keys(o).length >= schema.minProperties) : record
    }
  }
  return fc.jsonValue({ maxDepth: 2 })
}

// ---- mutations: what a careless or hostile client sends

const oddStrings = fc.oneof(
  fc.constantFrom('', ' ', '%zz', '%', 'urn:uuid:00000000-0000-4000-8000-000000000000', '00000000000040008000000000000000',
    '{00000000-0000-4000-8000-000000000000}', 'Infinity', '-Infinity', '1e309', 'NaN', '-1', '0', '1.5', 'null', 'true',
    '<img src=x onerror=alert(1)>', '../../etc/passwd', '\u0000', '\ud800', '%00', "' or 1=1 --", '💥'.repeat(40), 'x'.repeat(5000)),
  fc.string({ maxLength: 120, unit: 'binary' })
)
const oddValues: fc.Arbitrary<unknown> = fc.oneof(
  oddStrings, fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.1, [], {}, null, true, 'x'.repeat(100_000))
)

function mutateValue (value: unknown, schema: Schema): fc.Arbitrary<unknown> {
  const resolved = resolve(schema)
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value)
    const properties = Object.keys(resolved.properties ?? {})
    return fc.oneof(
      fc.constant(undefined).map(() => Object.fromEntries(Object.entries(value).slice(1))),
      fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), oddValues).map(([k, v]) => ({ ...value, [k]: v })),
      ...(keys.length + properties.length > 0
        ? [fc.tuple(fc.constantFrom(...keys, ...properties), oddValues).map(([k, v]) => ({ ...value, [k]: v }))]
        : []),
      oddValues
    )
  }
  return oddValues
}

const rawBodies = fc.oneof(
  fc.constantFrom('', '{', 'null', '[]', '"x"', '{"a":1e309}', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"x":1}}}',
    '['.repeat(5000) + ']'.repeat(5000), '{"a":"\\ud800"}', '\u0000'),
  fc.string({ maxLength: 200, unit: 'binary' })
)
const contentTypes = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/xml',
  'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/', ';;')

function requestFor (operation: Operation, mutated: boolean): fc.Arbitrary<Generated> {
  const parameters: Schema[] = (operation.op.parameters ?? []).map(resolve)
  const pathParams = parameters.filter(p => p.in === 'path')
  const queryParams = parameters.filter(p => p.in === 'query')
  const headerParams = parameters.filter(p => p.in === 'header')
  const bodySchema: Schema | undefined = operation.op.requestBody?.content?.['application/json']?.schema

  const params = fc.record(Object.fromEntries(pathParams.map(p => [p.name, valueFor(p.schema, p.name).map(String)]))) as fc.Arbitrary<Record<string, string>>
  const query = fc.tuple(...queryParams.map(p => fc.option(valueFor(p.schema, p.name).map(v => [p.name, String(v)] as [string, string]), { nil: undefined })))
    .map(pairs => pairs.filter((p): p is [string, string] => p !== undefined))
  const headers = fc.tuple(...headerParams.map(p => fc.option(valueFor(p.schema, p.name).map(v => [p.name, String(v)] as [string, string]), { nil: undefined })))
    .map(pairs => Object.fromEntries(pairs.filter((p): p is [string, string] => p !== undefined)))
  const body = bodySchema === undefined ? fc.constant(undefined) : valueFor(bodySchema).map(json => ({ json }))
  const auth = fc.constantFrom<Generated['auth']>('owner', 'owner', 'owner', 'member')
  const valid = fc.record({ kind: fc.constant<'valid'>('valid'), params, query, headers, auth, body })
  if (!mutated) return valid

  return valid.chain(request => fc.oneof(
    // A path segment that is anything at all, sent encoded or raw.
    ...(pathParams.length > 0
      ? [fc.tuple(fc.constantFrom(...pathParams.map(p => p.name as string)), oddStrings, fc.boolean())
          .map(([name, value, raw]) => ({ ...request, params: { ...request.params, [name]: value }, rawParams: raw }))]
      : []),
    // Query strings: odd values, repeated and unknown parameters.
    fc.tuple(fc.constantFrom(...queryParams.map(p => p.name as string), 'unknown', 'limit'), oddStrings, fc.boolean())
      .map(([name, value, twice]) => ({ ...request, query: [...request.query, [name, value] as [string, string], ...(twice ? [[name, value] as [string, string]] : [])] })),
    // Tokens: none, garbage, another person's.
    fc.constantFrom<Generated['auth']>('none', 'garbage', 'stranger').map(auth => ({ ...request, auth })),
    // Bodies: mutated JSON, raw text, other content types (also to operations without one).
    (request.body && 'json' in request.body && bodySchema ? mutateValue(request.body.json, bodySchema) : oddValues).map(json => ({ ...request, body: { json } })),
    fc.tuple(rawBodies, contentTypes).map(([raw, type]) => ({ ...request, body: { raw }, headers: { ...request.headers, 'content-type': type } }))
  ).map(r => ({ ...r, kind: 'mutated' as const })))
}

// ---- the service, its fixture, and the checks

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true })
addFormats.default(ajv)
ajv.addFormat('iana-timezone', { type: 'string', validate: isIanaTimeZone })
const validators = new Map<string, ValidateFunction>()
function validatorFor (schema: Schema): ValidateFunction {
  const key = JSON.stringify(schema)
  let validate = validators.get(key)
  if (validate === undefined) {
    validate = ajv.compile({ ...schema, components: doc.components })
    validators.set(key, validate)
  }
  return validate
}

const environment = await testEnvironment(t)
const app: App = await build(t, environment)
const stranger = await register(app)

/** A team with a route and an activity; its people are kept unless their sessions may have ended (registering costs a password hash). */
async function makeFixture (previous: Fixture | undefined, newPeople: boolean): Promise<Fixture> {
  const owner = previous !== undefined && !newPeople ? previous.owner : await register(app)
  const member = previous !== undefined && !newPeople ? previous.member : await register(app)
  const team = await createTeam(app, owner, { startDate: '2020-01-01', endDate: '2035-12-31' })
  await app.inject({ method: 'POST', url: '/teams/join', headers: bearer(member.accessToken), payload: { code: team.joinCode } })
  const waypoint = await app.inject({ method: 'POST', url: '/waypoints', headers: bearer(owner.accessToken), payload: { teamId: team.id, name: 'Start', lat: 50.07, lon: -5.71 } })
  await app.inject({ method: 'POST', url: '/waypoints', headers: bearer(owner.accessToken), payload: { teamId: team.id, name: 'End', lat: 58.64, lon: -3.07 } })
  const activity = await app.inject({ method: 'POST', url: '/activities', headers: bearer(member.accessToken), payload: { type: 'walk', distanceMeters: 4000, startedAt: new Date(Date.now() - 2 * HOUR).toISOString() } })
  return { owner, member, teamId: team.id, joinCode: team.joinCode, waypointId: waypoint.json().data.id, activityId: activity.json().data.id }
}

/** The request with its placeholders replaced by the fixture's values. */
function fill<T> (value: T, fixture: Fixture): T {
  const values = placeholders(fixture)
  const replace = (text: string) => text.replace(/«(\w+)(:upper)?»/g, (_, role: Role, upper?: string) => {
    const real = values[role] ?? ''
    return upper ? real.toUpperCase() : real
  })
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return replace(node)
    if (Array.isArray(node)) return node.map(walk)
    if (node !== null && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]))
    return node
  }
  return walk(value) as T
}

/** Percent-encoding that takes lone surrogates too (as U+FFFD, which is what a client's UTF-8 encoder sends). */
const encode = (value: string) => encodeURIComponent(value.toWellFormed())

function urlOf (operation: Operation, request: Generated): string {
  let path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = request.params[name] ?? ''
    // Raw: only what cannot break the request line itself is left as is.
    return request.rawParams ? value.toWellFormed().replace(/[^!-~]|[?#/]/gu, encode) : encode(value)
  })
  if (request.query.length > 0) path += `?${request.query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}`
  return path
}

const counts = { requests: 0, valid: 0, mutated: 0, early: 0, serverErrors: 0, undocumented: 0, schemaMismatches: 0, missingHeaders: 0, successes: 0 }
const problems: string[] = []
const statuses = new Map<string, number>()
const succeeded = new Set<string>()

function check (operation: Operation, request: Generated | string, res: LightMyRequestResponse) {
  const name = `${operation.method} ${operation.path}`
  const what = () => `${name} ${res.statusCode} ← ${typeof request === 'string' ? request : JSON.stringify(request).slice(0, 300)} → ${res.body.slice(0, 300)}`
  counts.requests++
  statuses.set(String(res.statusCode), (statuses.get(String(res.statusCode)) ?? 0) + 1)
  if (res.statusCode >= 500) {
    counts.serverErrors++
    problems.push(`5xx: ${what()}`)
  }
  if (res.statusCode < 300) {
    counts.successes++
    succeeded.add(name)
  }
  if (res.headers['x-request-id'] === undefined || res.headers['x-content-type-options'] !== 'nosniff' || res.headers['content-security-policy'] === undefined) {
    counts.missingHeaders++
    problems.push(`headers: ${what()} ${JSON.stringify(res.headers)}`)
  }
  const documented = operation.op.responses[String(res.statusCode)]
  if (documented === undefined) {
    counts.undocumented++
    problems.push(`undocumented: ${what()}`)
    return
  }
  const content: Record<string, Schema> = documented.content ?? {}
  const type = String(res.headers['content-type'] ?? '')
  if (Object.keys(content).length === 0) {
    if (res.body !== '') {
      counts.schemaMismatches++
      problems.push(`a body where none is documented: ${what()}`)
    }
    return
  }
  if (content['application/json'] === undefined) {
    if (!Object.keys(content).some(t => type.startsWith(t))) {
      counts.schemaMismatches++
      problems.push(`content-type ${type}: ${what()}`)
    }
    return
  }
  let body: unknown
  try {
    body = JSON.parse(res.body)
  } catch {
    counts.schemaMismatches++
    problems.push(`not JSON: ${what()}`)
    return
  }
  const validate = validatorFor(content['application/json'].schema)
  if (!type.startsWith('application/json') || !validate(body)) {
    counts.schemaMismatches++
    problems.push(`schema: ${what()} ${type} ${ajv.errorsText(validate.errors)}`)
  }
}

/** Operations whose success can leave the team, route or activity of the fixture unusable for the next request. */
const BREAK_ROWS = new Set(['DELETE /teams/{id}', 'POST /teams/{id}/leave', 'POST /teams/{id}/join-code', 'DELETE /teams/{id}/members/{userId}',
  'PATCH /teams/{id}/members/{userId}', 'DELETE /waypoints/{id}', 'POST /teams/{id}/waypoints/import', 'DELETE /activities/{id}'])
/** Operations that end the fixture's sessions: the rest of their requests meet 401, which they document. */
const END_SESSIONS = new Set(['DELETE /users/me', 'POST /auth/logout', 'POST /auth/refresh'])
const nameOf = (operation: Operation) => `${operation.method} ${operation.path}`
const NEEDS_A_SECRET = new Set([
  'GET /unsubscribe', 'POST /unsubscribe', 'GET /integrations/{provider}/callback', 'GET /integrations/strava/webhook',
  'POST /integrations/strava/webhook', 'POST /integrations/google/webhook', 'POST /integrations/{provider}/connect', 'DELETE /integrations/{provider}'
])

function headersFor (request: Generated, fixture: Fixture): Record<string, string> {
  const token = { owner: fixture.owner.accessToken, member: fixture.member.accessToken, stranger: stranger.accessToken, garbage: 'not.a.token', none: undefined }[request.auth]
  return { ...request.headers, ...(token !== undefined && { authorization: `Bearer ${token}` }) }
}

async function send (operation: Operation, generated: Generated, fixture: Fixture) {
  const request = fill(generated, fixture)
  const headers = headersFor(request, fixture)
  const url = urlOf(operation, request)
  let payload: string | undefined
  if (request.body !== undefined) {
    payload = 'raw' in request.body ? request.body.raw : JSON.stringify(request.body.json)
    if (payload === undefined) payload = ''
    headers['content-type'] ??= 'application/json'
  }
  return app.inject({ method: operation.method as 'GET', url, headers, ...(payload !== undefined && { payload }) })
}

t.test(`${operations.length} operations × ${RUNS} generated requests (seed ${SEED})`, async (t) => {
  t.ok(operations.length >= 30, `${operations.length} operations in the document`)
  let fixture: Fixture | undefined
  let fixtureMs = 0
  const started = Date.now()
  let sessionsEnded = false
  const refresh = async () => {
    const before = Date.now()
    fixture = await makeFixture(fixture, sessionsEnded)
    sessionsEnded = false
    fixtureMs += Date.now() - before
    return fixture
  }
  for (const [index, operation] of operations.entries()) {
    const seed = SEED + index
    const resource = /^\/(\w+)\/\{id\}/.exec(operation.path)?.[1]
    pathRole = ({ teams: 'team', waypoints: 'waypoint', activities: 'activity', users: 'owner' } as Record<string, Role>)[resource ?? ''] ?? 'team'
    const valid = fc.sample(requestFor(operation, false), { numRuns: Math.ceil(RUNS / 2), seed })
    const mutated = fc.sample(requestFor(operation, true), { numRuns: Math.floor(RUNS / 2), seed: seed + 1_000_000 })
    let current = await refresh()
    for (const request of [...valid, ...mutated]) {
      counts[request.kind]++
      const res = await send(operation, request, current)
      check(operation, request, res)
      // Requests delete, leave, hand over and revoke what they reach: then
      // the next one gets a fresh team and route (and people, if signed out).
      const signedOut = res.statusCode === 401 && (request.auth === 'owner' || request.auth === 'member') && operation.op.security !== undefined
      if (END_SESSIONS.has(nameOf(operation)) && (res.statusCode < 300 || res.statusCode === 401)) sessionsEnded = true
      else if (signedOut) {
        sessionsEnded = true
        current = await refresh()
      } else if (res.statusCode < 300 && BREAK_ROWS.has(nameOf(operation))) current = await refresh()
    }
    if (process.env.FUZZ_DEBUG) console.error(operation.method, operation.path, Date.now() - started, fixtureMs)
    // Answers made before routing, for the operation's own path.
    if (operation.path.includes('{')) {
      for (const segment of ['%zz', '%E0%A4%A', 'a'.repeat(101), encodeURIComponent('<script>alert(1)</script>'.repeat(5))]) {
        const url = operation.path.replace(/\{\w+\}/g, segment)
        counts.early++
        const res = await app.inject({ method: operation.method as 'GET', url, headers: bearer(current.owner.accessToken) })
        check(operation, url, res)
        if (/script/i.test(res.body)) problems.push(`echoed the path: ${operation.method} ${url} → ${res.body}`)
      }
    }
  }

  const summary = `fuzz: ${counts.requests} requests (${counts.valid} valid, ${counts.mutated} mutated, ${counts.early} early), ` +
    `5xx: ${counts.serverErrors}, undocumented statuses: ${counts.undocumented}, schema mismatches: ${counts.schemaMismatches}, ` +
    `missing headers: ${counts.missingHeaders}; 2xx: ${counts.successes} on ${succeeded.size} operations; ` +
    `statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ${Date.now() - started} ms, ${fixtureMs} of them making fixtures`
  t.comment(summary)
  if (process.env.FUZZ_REPORT) console.log(summary)
  t.equal(counts.serverErrors, 0, '0 5xx')
  t.equal(counts.undocumented, 0, '0 undocumented statuses')
  t.equal(counts.schemaMismatches, 0, '0 schema mismatches')
  t.equal(counts.missingHeaders, 0, 'request id and security headers on every answer')
  t.same(problems.slice(0, 25), [], `${problems.length} problems (first 25 shown)`)
  // Success there needs what no generator can know: a signed link, an OAuth
  // state, a provider's shared secret, or a fitness provider configured.
  const reachable = operations.filter(o => !NEEDS_A_SECRET.has(nameOf(o)))
  t.ok(succeeded.size >= reachable.length * 0.8, `valid requests succeed on most operations (${succeeded.size} of ${reachable.length}): ` +
    reachable.map(nameOf).filter(n => !succeeded.has(n)).join(', '))
})
