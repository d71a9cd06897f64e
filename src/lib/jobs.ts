import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/**
 * The job catalogue: every job's name, its payload schema and its coalescing
 * key. A leaf module, so domains can queue jobs (`jobMessage`) and the
 * workers can run them without either importing the other; what each job
 * does is in src/workers/handlers.ts.
 */

// A pattern, not `format: 'uuid'`: TypeBox's Value.Check knows no formats unless registered.
const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' })
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
const Nothing = Type.Object({}, { additionalProperties: false })

export const JOB_PAYLOADS = {
  'aggregate-progress': Type.Object({ teamId: Uuid }, { additionalProperties: false }),
  'calculate-distances': Type.Object({ teamId: Type.Optional(Uuid), eventId: Type.Optional(Uuid) }, { additionalProperties: false }),
  'recredit-team': Type.Object({ teamId: Uuid, from: Day, to: Day }, { additionalProperties: false }),
  'relay-outbox': Nothing,
  'rebuild-leaderboards': Nothing,
  cleanup: Nothing,
  // Carries the event's id only: the handler reads the event from the outbox.
  'send-notifications': Type.Object({ eventId: Uuid }, { additionalProperties: false }),
  'deliver-emails': Nothing,
  'send-digests': Nothing,
  'generate-reports': Type.Object({
    teamId: Type.Optional(Uuid),
    week: Type.Optional(Type.String({ pattern: '^\\d{4}-W(0[1-9]|[1-4]\\d|5[0-3])$' }))
  }, { additionalProperties: false }),
  /** Without a connection: every connection that is due (the hourly round); with one: that one now (a webhook). */
  'sync-fitness-data': Type.Object({ connectionId: Type.Optional(Uuid) }, { additionalProperties: false }),
  /** A domain event as a live team event (its outbox id makes a retry a no-op). */
  'push-team-event': Type.Object({
    eventId: Uuid,
    teamId: Uuid,
    type: Type.Union([Type.Literal('waypoint_reached'), Type.Literal('member_joined'), Type.Literal('member_left')]),
    data: Type.Record(Type.String(), Type.Unknown())
  }, { additionalProperties: false }),
  /** A deleted team: its subscribers are told and unsubscribed, wherever their sockets are. */
  'end-team-subscriptions': Type.Object({ teamId: Uuid }, { additionalProperties: false }),
  /** A deleted team's chat messages leave DynamoDB. */
  'purge-team-chat': Type.Object({ teamId: Uuid }, { additionalProperties: false }),
  /** A deleted account's chat messages leave DynamoDB, in every team. */
  'purge-user-chat': Type.Object({ userId: Uuid }, { additionalProperties: false })
} satisfies Record<string, TSchema>

export type JobName = keyof typeof JOB_PAYLOADS
export type JobPayload<N extends JobName> = Static<(typeof JOB_PAYLOADS)[N]>

/**
 * Runs of the same key may be merged into one (aggregating a team once for
 * many activities). Jobs without a key run once per message.
 */
const COALESCE_KEYS: { [N in JobName]?: (payload: JobPayload<N>) => string } = {
  'aggregate-progress': p => `aggregate-progress:${p.teamId}`,
  'sync-fitness-data': p => `sync-fitness-data:${p.connectionId ?? 'all'}`
}

/** A job on its way to a queue. */
export type JobMessage<N extends JobName = JobName> = {
  [K in N]: { name: K, payload: JobPayload<K>, coalesceKey?: string | undefined }
}[N]

/** What a domain needs to start jobs: the queue port's producing side. */
export interface JobEnqueuer {
  /** Resolves once every message is accepted; rejects otherwise (nothing is lost: the caller retries). */
  enqueue: (jobs: JobMessage[]) => Promise<void>
}

/** A message that can never succeed (unknown job, invalid payload): retrying will not help. */
export class PoisonJobError extends Error {
  override name = 'PoisonJobError'
}

export function isJobName (name: string): name is JobName {
  return Object.hasOwn(JOB_PAYLOADS, name)
}

/**
 * Check a job that arrived from outside the type system (a queue, the CLI,
 * an outbox row): throws PoisonJobError for an unknown name or a payload
 * that does not match its schema.
 */
export function checkJob (name: string, payload: unknown): asserts name is JobName {
  if (!isJobName(name)) throw new PoisonJobError(`unknown job "${name}"`)
  const schema: TSchema = JOB_PAYLOADS[name]
  if (!Value.Check(schema, payload)) {
    const first = Value.Errors(schema, payload).First()
    throw new PoisonJobError(`invalid payload for "${name}": ${first ? `${first.path || '/'} ${first.message}` : 'not an object'}`)
  }
}

type PayloadArgument<N extends JobName> = Record<string, never> extends JobPayload<N> ? [payload?: JobPayload<N>] : [payload: JobPayload<N>]

/**
 * A job message with its coalescing key. The payload is checked by `tsc`;
 * it is checked again at run time because it is often built from stored
 * data (an outbox row) that the compiler never saw.
 */
export function jobMessage<N extends JobName> (name: N, ...[payload]: PayloadArgument<N>): JobMessage<N> {
  const body = (payload ?? {}) as JobPayload<N>
  checkJob(name, body)
  const coalesceKey = (COALESCE_KEYS[name] as ((p: JobPayload<N>) => string) | undefined)?.(body)
  return { name, payload: body, coalesceKey } as JobMessage<N>
}
