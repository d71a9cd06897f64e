import { isDeepStrictEqual } from 'node:util'
import { ERRORS, type ErrorCode } from '../lib/errors.ts'
import { API_VERSION, ERROR_CODES_PREFIX } from '../lib/envelope.ts'
import { EVENTS_LIMIT, LEDGER_LIMIT, PAGE_CURSOR, PAGE_LIMIT } from '../lib/pagination.ts'

/**
 * The last pass over the generated OpenAPI document, for SDK generators and
 * readers of /docs: what @fastify/swagger cannot express from route schemas.
 *
 * - Pagination is described once: `cursor` and `limit` query parameters
 *   become `$ref`s to `components.parameters` (PageCursor, PageLimit…).
 * - Every request body and every response gets a media-type example, built
 *   from the schema's own `examples`, defaults and formats (Redocly checks
 *   each one against its schema), and every error response one example per
 *   error code it lists.
 */

type Json = any

/** Query parameters shared by the list operations, as OpenAPI Parameter Objects. */
export const SHARED_PARAMETERS: Record<string, { in: 'query', name: string, required: false, description: string, example: Json, schema: Json }> = {
  PageCursor: {
    in: 'query',
    name: 'cursor',
    required: false,
    example: 'eyJjcmVhdGVkQXQiOiIyMDI2LTA1LTAxIDA3OjMwOjAwKzAwIn0',
    description: 'Where the page starts: `meta.nextCursor` of the previous page, passed back untouched. ' +
      'Omit it for the first page. Lists are keyset-paginated: pages stay stable while rows are added, and the ' +
      'last page has `meta.nextCursor: null`. A cursor that was not issued by the API is `400 INVALID_CURSOR`.',
    schema: PAGE_CURSOR
  },
  PageLimit: {
    in: 'query',
    name: 'limit',
    required: false,
    example: 20,
    description: 'How many items at most (1–100, default 20).',
    schema: PAGE_LIMIT
  },
  LedgerPageLimit: {
    in: 'query',
    name: 'limit',
    required: false,
    example: 100,
    description: 'How many ledger lines at most (1–500, default 100): the ledger is read in bulk.',
    schema: LEDGER_LIMIT
  },
  EventPageLimit: {
    in: 'query',
    name: 'limit',
    required: false,
    example: 100,
    description: 'How many events at most (1–1,000, default 100): a client catching up reads the missed events in bulk.',
    schema: EVENTS_LIMIT
  }
}

const EXAMPLE_TIME = '2026-05-01T07:30:00.000Z'
const EXAMPLE_UUIDS = [
  '3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192',
  '7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  'c2b7e0d4-1f3a-4b5c-9d6e-7f8091a2b3c4'
]

function resolve (doc: Json, schema: Json): Json {
  let current = schema
  const seen = new Set<string>()
  while (current?.$ref !== undefined && typeof current.$ref === 'string') {
    if (seen.has(current.$ref)) break
    seen.add(current.$ref)
    const name = current.$ref.replace('#/components/schemas/', '')
    const { $ref: _ref, ...siblings } = current
    current = { ...doc.components?.schemas?.[name], ...siblings }
  }
  return current
}

/** Readable values for common property names without an example of their own. */
const NAMED_STRINGS: Record<string, string> = {
  displayName: 'Ada',
  name: 'Land\'s End to John o\' Groats',
  description: 'From the south-west tip of Cornwall to the north-east of Scotland',
  password: 'a long walk to the north',
  email: 'ada@example.com',
  timezone: 'Europe/London',
  source: 'manual',
  clientId: 'phone-2026-05-01-0730',
  externalId: 'fitbit-123456789',
  message: 'The request is not valid',
  'idempotency-key': '0b6f3c1e-walk-2026-05-01'
}

/** The same for numbers (used only within the schema's bounds). */
const NAMED_NUMBERS: Record<string, number> = {
  expiresIn: 900,
  strideLengthMeters: 0.8,
  lat: 50.0657,
  lon: -5.7132,
  distanceMeters: 5200,
  steps: 7000,
  durationSeconds: 3600,
  rawMeters: 5200,
  creditedMeters: 5200,
  dailyCapMeters: 20000,
  maxMembers: 20,
  memberCount: 4,
  goalDistanceMeters: 1407031.2,
  totalDistanceMeters: 1407031.2,
  cumulativeMeters: 83400.5,
  distanceFromPreviousMeters: 83400.5,
  position: 0,
  index: 0,
  rank: 1,
  uptimeSeconds: 3600,
  maxWaypoints: 200
}

function exampleOfNumber (schema: Json, name: string, fallback: number): number {
  const named = NAMED_NUMBERS[name]
  const min = Number(schema.minimum ?? -Infinity)
  const max = Number(schema.maximum ?? Infinity)
  const exclusiveMin = Number(schema.exclusiveMinimum ?? -Infinity)
  const fits = (n: number) => n >= min && n <= max && n > exclusiveMin && (schema.type !== 'integer' || Number.isInteger(n))
  if (named !== undefined && fits(named)) return named
  return Math.max(Number.isFinite(min) ? min : 0, Math.min(fallback, Number.isFinite(max) ? max : fallback))
}

function exampleOfString (schema: Json, name: string, uuids: { next: number }): string {
  switch (schema.format) {
    case 'uuid': return EXAMPLE_UUIDS[uuids.next++ % EXAMPLE_UUIDS.length]!
    case 'date-time': return EXAMPLE_TIME
    case 'date': return '2026-05-01'
    case 'email': return 'ada@example.com'
    case 'uri': return 'https://example.com/'
    case 'iana-timezone': return 'Europe/London'
  }
  if (/token/i.test(name)) return 'eyJhbGciOiJIUzI1NiJ9.example.signature'
  const text = NAMED_STRINGS[name] ?? (name.length > 0 ? name : 'text')
  const min = Number(schema.minLength ?? 0)
  return text.length >= min ? text.slice(0, schema.maxLength ?? text.length) : text.padEnd(min, 'x')
}

/**
 * An example value for a schema: its own `examples[0]`, else `const`, the
 * first `enum` value or `default`, else one built from its parts. Optional
 * properties are included, so an example shows every field there is.
 */
export function exampleOf (doc: Json, input: Json, name = '', depth = 0, uuids = { next: 0 }): Json {
  const schema = resolve(doc, input)
  if (schema === undefined || schema === true || depth > 12) return null
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0]
  if (schema.example !== undefined) return schema.example
  if (schema.const !== undefined) return schema.const
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0]
  if (schema.default !== undefined) return schema.default
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key])) {
      const branch = schema[key].find((s: Json) => resolve(doc, s)?.type !== 'null') ?? schema[key][0]
      return exampleOf(doc, branch, name, depth + 1, uuids)
    }
  }
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...schema.allOf.map((s: Json) => exampleOf(doc, s, name, depth + 1, uuids)))
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type
  switch (type) {
    case 'object': {
      const out: Record<string, Json> = {}
      for (const [key, property] of Object.entries<Json>(schema.properties ?? {})) {
        out[key] = exampleOf(doc, property, key, depth + 1, uuids)
      }
      return out
    }
    case 'array': {
      const count = Math.max(1, Number(schema.minItems ?? 1))
      return Array.from({ length: count }, () => exampleOf(doc, schema.items, name, depth + 1, uuids))
    }
    case 'string': return exampleOfString(schema, name, uuids)
    case 'integer': return exampleOfNumber(schema, name, 1)
    case 'number': return exampleOfNumber(schema, name, 1.5)
    case 'boolean': return true
    case 'null': return null
  }
  return null
}

/** The error codes a response lists in its description (`Error codes: A, B`). */
export function errorCodesOf (description: string | undefined): ErrorCode[] {
  if (description === undefined) return []
  const at = description.indexOf(ERROR_CODES_PREFIX)
  if (at === -1) return []
  return description.slice(at + ERROR_CODES_PREFIX.length).split(/[,.]/).map(code => code.trim()).filter((code): code is ErrorCode => code in ERRORS)
}

function errorExamples (codes: ErrorCode[]) {
  return Object.fromEntries(codes.map(code => [code, {
    summary: ERRORS[code].message,
    value: { success: false, error: { code, message: ERRORS[code].message }, meta: { timestamp: EXAMPLE_TIME, version: API_VERSION } }
  }]))
}

const EXAMPLE_CURSOR = SHARED_PARAMETERS.PageCursor!.example

function paginated (operation: Json): boolean {
  return (operation.parameters ?? []).some((p: Json) => p.$ref === '#/components/parameters/PageCursor')
}

function hoistParameters (parameters: Json[] | undefined): Json[] | undefined {
  return parameters?.map((parameter) => {
    for (const [name, shared] of Object.entries(SHARED_PARAMETERS)) {
      const { description: _d, ...schema } = parameter.schema ?? {}
      if (parameter.in === shared.in && parameter.name === shared.name && isDeepStrictEqual(schema, shared.schema)) {
        return { $ref: `#/components/parameters/${name}` }
      }
    }
    return parameter
  })
}

/** @fastify/swagger's `transformObject`: the finished document, polished (see above). */
export function polishOpenApiDocument (doc: Json): Json {
  const out = structuredClone(doc)
  out.components ??= {}
  out.components.parameters = { ...out.components.parameters, ...SHARED_PARAMETERS }
  for (const methods of Object.values<Json>(out.paths ?? {})) {
    for (const operation of Object.values<Json>(methods)) {
      const parameters = hoistParameters(operation.parameters)
      if (parameters !== undefined) {
        for (const parameter of parameters) {
          if (parameter.$ref === undefined && parameter.example === undefined) parameter.example = exampleOf(out, parameter.schema, parameter.name)
        }
        operation.parameters = parameters
      }
      for (const media of Object.values<Json>(operation.requestBody?.content ?? {})) {
        if (media.example === undefined && media.examples === undefined) media.example = exampleOf(out, media.schema)
      }
      for (const [status, response] of Object.entries<Json>(operation.responses ?? {})) {
        for (const media of Object.values<Json>(response.content ?? {})) {
          if (media.example !== undefined || media.examples !== undefined) continue
          if (Number(status) >= 400) {
            const codes = errorCodesOf(response.description)
            if (codes.length > 0) media.examples = errorExamples(codes)
          } else {
            media.example = exampleOf(out, media.schema)
            if (media.example?.meta !== undefined) {
              // Only lists carry a cursor; the last page's is null.
              if (paginated(operation)) media.example.meta.nextCursor = EXAMPLE_CURSOR
              else delete media.example.meta.nextCursor
            }
          }
        }
      }
    }
  }
  return out
}
