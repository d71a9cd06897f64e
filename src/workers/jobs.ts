import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import type { Db } from '../db/database.ts'
import type { ActivityService } from '../routes/activities/service.ts'
import { aggregateTeam, rebuildLeaderboards } from '../routes/progress/aggregate.ts'
import { calculateDistances } from './calculate-distances.ts'
import { cleanup } from './cleanup.ts'
import { publishPending } from './outbox-relay.ts'
import type { JobMessage, JobQueue } from './queue/port.ts'

/** What every job handler may use; built once per process from the app. */
export interface JobDeps {
  db: Db
  redis: Redis | null
  queue: JobQueue
  log: FastifyBaseLogger
  activities: ActivityService
  /** How long published outbox rows and handled-event marks are kept. */
  retentionDays: number
}

// A pattern, not `format: 'uuid'`: TypeBox's Value.Check knows no formats unless registered.
const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' })
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })

interface JobDefinition<S extends TSchema> {
  payload: S
  /** Runs of the same key may be merged (see JobMessage.coalesceKey). */
  coalesceKey?: (payload: Static<S>) => string
  run: (payload: Static<S>, deps: JobDeps) => Promise<unknown>
}

function job<S extends TSchema> (definition: JobDefinition<S>): JobDefinition<S> {
  return definition
}

/**
 * Every job, by the name queues, schedules and `npm run job` use. Handlers
 * are plain functions of (payload, deps) and safe to run more than once:
 * they recompute rather than increment, or record what they handled.
 */
export const JOBS = {
  'aggregate-progress': job({
    payload: Type.Object({ teamId: Uuid }, { additionalProperties: false }),
    coalesceKey: p => `aggregate-progress:${p.teamId}`,
    run: async (p, deps) => {
      const { view, reached } = await aggregateTeam(deps, p.teamId)
      // Arrival events go out now rather than at the next sweep.
      if (reached.length > 0) await publishPending(deps.db, deps.queue, deps.log)
      return { teamId: p.teamId, percentComplete: view?.percentComplete ?? null, reached: reached.length }
    }
  }),
  'calculate-distances': job({
    payload: Type.Object({ teamId: Type.Optional(Uuid), eventId: Type.Optional(Uuid) }, { additionalProperties: false }),
    run: (p, deps) => calculateDistances(deps, p)
  }),
  'recredit-team': job({
    payload: Type.Object({ teamId: Uuid, from: Day, to: Day }, { additionalProperties: false }),
    run: async (p, deps) => {
      const { recomputed } = await deps.activities.recreditTeam(p.teamId, p.from, p.to)
      await deps.queue.enqueue([jobMessage('aggregate-progress', { teamId: p.teamId })])
      return { teamId: p.teamId, recomputed }
    }
  }),
  'relay-outbox': job({
    payload: Type.Object({}, { additionalProperties: false }),
    run: async (_p, deps) => ({ published: await publishPending(deps.db, deps.queue, deps.log) })
  }),
  'rebuild-leaderboards': job({
    payload: Type.Object({}, { additionalProperties: false }),
    run: (_p, deps) => rebuildLeaderboards(deps)
  }),
  cleanup: job({
    payload: Type.Object({}, { additionalProperties: false }),
    run: (_p, deps) => cleanup(deps.db, deps.retentionDays)
  })
} as const

export type JobName = keyof typeof JOBS

export function isJobName (name: string): name is JobName {
  return Object.hasOwn(JOBS, name)
}

/** A message that can never succeed (unknown job, invalid payload): retrying will not help. */
export class PoisonJobError extends Error {
  override name = 'PoisonJobError'
}

function definitionOf (name: string): JobDefinition<TSchema> {
  if (!isJobName(name)) throw new PoisonJobError(`unknown job "${name}"`)
  return JOBS[name] as unknown as JobDefinition<TSchema>
}

function checkPayload (name: string, definition: JobDefinition<TSchema>, payload: unknown): void {
  if (!Value.Check(definition.payload, payload)) {
    const first = Value.Errors(definition.payload, payload).First()
    throw new PoisonJobError(`invalid payload for "${name}": ${first ? `${first.path || '/'} ${first.message}` : 'not an object'}`)
  }
}

/** A job message for the queue, with its coalescing key. Throws PoisonJobError for a bad name or payload. */
export function jobMessage (name: string, payload: Record<string, unknown> = {}): JobMessage {
  const definition = definitionOf(name)
  checkPayload(name, definition, payload)
  return { name, payload, coalesceKey: definition.coalesceKey?.(payload) }
}

/** Run one job now, in this process. */
export async function runJob (name: string, payload: unknown, deps: JobDeps): Promise<unknown> {
  const definition = definitionOf(name)
  checkPayload(name, definition, payload)
  return definition.run(payload, deps)
}
