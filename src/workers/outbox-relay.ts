import { CompiledQuery } from 'kysely'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/database.ts'
import { jobsForEvent, type OutboxRow } from './event-jobs.ts'
import type { JobQueue } from './queue/port.ts'

/** Rows per claim. */
const CLAIM = 500

/** How long a relay waits for a next pass to carry its marks before it sends them on their own. */
export const MARK_DELAY_MS = 50

/** How long a claim keeps other passes off its rows: a claimer that died is taken over after this. */
export const CLAIM_LEASE_SECONDS = 30

// One statement claims a batch: unpublished rows nobody holds a live claim
// on, oldest first, skipping rows another pass is claiming at this moment.
// It also marks published the rows of an earlier pass that the queue took
// ($3, see `carried` below): still under their claim, so not claimed again.
const CLAIM_ROWS = `/* prepare: claim-outbox */
with carried as (
  update outbox set published_at = now() where id = any($3::uuid[]) and published_at is null
)
update outbox o set claimed_until = now() + make_interval(secs => $2)
from (
  select id from outbox
  where published_at is null and (claimed_until is null or claimed_until < now())
  order by created_at
  limit $1
  for update skip locked
) c
where o.id = c.id
returning o.id, o.type, o.team_id, o.payload, o.created_at`

const MARK_PUBLISHED = `/* prepare: mark-outbox-published */
update outbox set published_at = now() where id = any($1::uuid[])`

const RELEASE_CLAIM = `/* prepare: release-outbox-claim */
update outbox set claimed_until = null where id = any($1::uuid[]) and published_at is null`

/**
 * Rows the queue has taken but that are not marked published yet: the next
 * claim marks them in the same statement (one round trip a pass instead of
 * two while writes keep coming). They stay under their claim meanwhile, so
 * no pass publishes them again; if the process dies first, the lease runs
 * out and they are published again (at least once, as always).
 */
export interface CarriedMarks { ids: string[] }

/**
 * Publish every unpublished outbox event, oldest first: claim the rows (a
 * lease, so API instances and sweepers never publish the same row at once),
 * queue their jobs, then mark them published, only after the queue
 * accepted them: in a statement of their own, or with `carried` in the
 * next claim. If the queue is down the claim is given back and the next
 * pass (or the sweeper) tries again; if this process dies in between, the
 * lease runs out and another pass publishes the rows (jobs are idempotent:
 * at least once).
 */
export async function publishPending (db: Db, queue: JobQueue, log?: FastifyBaseLogger, maxClaims = Infinity, carried?: CarriedMarks): Promise<number> {
  let published = 0
  for (let claims = 0; claims < maxClaims; claims++) {
    const { rows: claimed } = await db.executeQuery<OutboxRow & { created_at: Date }>(CompiledQuery.raw(CLAIM_ROWS, [CLAIM, CLAIM_LEASE_SECONDS, carried?.ids ?? []]))
    if (carried) carried.ids = []
    if (claimed.length === 0) break
    // UPDATE … RETURNING keeps no order: oldest first, as claimed.
    const rows = claimed.sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
    const ids = rows.map(r => r.id)
    try {
      await queue.enqueue(rows.flatMap(row => {
        try {
          return jobsForEvent(row)
        } catch (err) {
          // A malformed event can never be published; it must not block the rest.
          log?.error({ err, eventId: row.id, type: row.type }, 'outbox event has no valid jobs; skipped')
          return []
        }
      }))
    } catch (err) {
      await db.executeQuery(CompiledQuery.raw(RELEASE_CLAIM, [ids])).catch(() => {})
      throw err
    }
    if (carried) carried.ids = ids
    else await db.executeQuery(CompiledQuery.raw(MARK_PUBLISHED, [ids]))
    published += rows.length
    if (rows.length < CLAIM) break
  }
  return published
}

/**
 * Publishes right after commit. `kick()` is cheap and may be called after
 * every write: passes never overlap, and kicks during a pass cause exactly
 * one more pass, so a burst of writes costs a few passes, not one each.
 */
export function createOutboxRelay (db: Db, queue: JobQueue, log: FastifyBaseLogger, options: {
  maxClaimsPerPass?: number
  warnEveryMs?: number
  /**
   * Mark a pass's rows published with the next pass's claim, or on their
   * own after `MARK_DELAY_MS` without one. Not where nothing may run after
   * the response (Lambda): the rows would wait for their lease to run out.
   */
  carryMarks?: boolean
} = {}) {
  let running: Promise<void> | null = null
  let again = false
  const carried: CarriedMarks | undefined = options.carryMarks === true ? { ids: [] } : undefined
  let markTimer: NodeJS.Timeout | undefined
  // While the queue is down every write fails a pass: say so once per
  // interval (with how many failed since), and once when it recovers.
  let failingSince: number | null = null
  let failuresUnlogged = 0
  let lastWarning = 0
  const warnEveryMs = options.warnEveryMs ?? 30_000

  function failed (err: unknown): void {
    const now = Date.now()
    failingSince ??= now
    if (now - lastWarning < warnEveryMs) {
      failuresUnlogged++
      return
    }
    log.warn({ err, failedPassesSinceLastWarning: failuresUnlogged, failingForMs: now - failingSince }, 'outbox relay: publishing failed; events stay in the outbox and are retried')
    lastWarning = now
    failuresUnlogged = 0
  }

  function succeeded (): void {
    if (failingSince === null) return
    log.info({ failingForMs: Date.now() - failingSince }, 'outbox relay: publishing again')
    failingSince = null
    failuresUnlogged = 0
    lastWarning = 0
  }

  async function loop (): Promise<void> {
    try {
      do {
        again = false
        try {
          await publishPending(db, queue, log, options.maxClaimsPerPass, carried)
          succeeded()
        } catch (err) {
          // The rows stay unpublished; the sweeper or the next write retries.
          failed(err)
          return
        }
      } while (again)
    } finally {
      // Cleared in the same step that decided not to run again, so a kick
      // can never land between the two and be lost.
      running = null
      if (carried !== undefined && carried.ids.length > 0 && markTimer === undefined) {
        markTimer = setTimeout(() => {
          markTimer = undefined
          // A pass running now carries them; its end sets the timer again.
          if (running === null) markCarried().catch(() => {})
        }, MARK_DELAY_MS).unref()
      }
    }
  }

  /** Mark the carried rows published in a statement of their own. */
  async function markCarried (): Promise<void> {
    if (carried === undefined || carried.ids.length === 0) return
    const ids = carried.ids
    carried.ids = []
    try {
      await db.executeQuery(CompiledQuery.raw(MARK_PUBLISHED, [ids]))
    } catch (err) {
      // Kept for the next claim; if none comes, their lease runs out.
      carried.ids = [...ids, ...carried.ids]
      failed(err)
    }
  }

  return {
    kick (): Promise<void> {
      if (running) {
        again = true
        return running
      }
      running = loop()
      return running
    },
    /** Wait for the pass in flight, if any, and mark what it published (shutdown, tests). */
    async idle (): Promise<void> {
      // `running` is reset by the pass itself when it ends.
      // eslint-disable-next-line no-unmodified-loop-condition
      while (running) await running
      clearTimeout(markTimer)
      markTimer = undefined
      await markCarried()
    }
  }
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>
