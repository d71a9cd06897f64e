import { CompiledQuery } from 'kysely'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/database.ts'
import { jobsForEvent, type OutboxRow } from './event-jobs.ts'
import type { JobQueue } from './queue/port.ts'

/** Rows per claim. */
const CLAIM = 500

/** How long a claim keeps other passes off its rows: a claimer that died is taken over after this. */
export const CLAIM_LEASE_SECONDS = 30

// One statement claims a batch: unpublished rows nobody holds a live claim
// on, oldest first, skipping rows another pass is claiming at this moment.
const CLAIM_ROWS = `/* prepare: claim-outbox */
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
 * Publish every unpublished outbox event, oldest first, in two round trips
 * per batch: claim the rows (a lease, so API instances and sweepers never
 * publish the same row at once), queue their jobs, then mark them
 * published, only after the queue accepted them. If the queue is down the
 * claim is given back and the next pass (or the sweeper) tries again; if
 * this process dies in between, the lease runs out and another pass
 * publishes the rows (jobs are idempotent: at least once).
 */
export async function publishPending (db: Db, queue: JobQueue, log?: FastifyBaseLogger, maxClaims = Infinity): Promise<number> {
  let published = 0
  for (let claims = 0; claims < maxClaims; claims++) {
    const { rows: claimed } = await db.executeQuery<OutboxRow & { created_at: Date }>(CompiledQuery.raw(CLAIM_ROWS, [CLAIM, CLAIM_LEASE_SECONDS]))
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
    await db.executeQuery(CompiledQuery.raw(MARK_PUBLISHED, [ids]))
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
export function createOutboxRelay (db: Db, queue: JobQueue, log: FastifyBaseLogger, options: { maxClaimsPerPass?: number, warnEveryMs?: number } = {}) {
  let running: Promise<void> | null = null
  let again = false
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
          await publishPending(db, queue, log, options.maxClaimsPerPass)
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
    /** Wait for the pass in flight, if any (shutdown, tests). */
    async idle (): Promise<void> {
      // `running` is reset by the pass itself when it ends.
      // eslint-disable-next-line no-unmodified-loop-condition
      while (running) await running
    }
  }
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>
