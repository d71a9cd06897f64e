import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/database.ts'
import { jobsForEvent, type OutboxRow } from './event-jobs.ts'
import type { JobQueue } from './queue/port.ts'

/** Rows per claim: one SELECT … FOR UPDATE SKIP LOCKED and one UPDATE each. */
const CLAIM = 500

/**
 * Publish every unpublished outbox event, oldest first. Rows are claimed
 * with SKIP LOCKED, so API instances and sweepers never publish the same
 * row at once, and marked published in the same transaction only after
 * the queue accepted their jobs: if the queue is down nothing is marked and
 * the next pass (or the sweeper) tries again.
 */
export async function publishPending (db: Db, queue: JobQueue, log?: FastifyBaseLogger, maxClaims = Infinity): Promise<number> {
  let published = 0
  for (let claims = 0; claims < maxClaims; claims++) {
    const count = await db.transaction().execute(async (tx) => {
      const rows = await tx.selectFrom('outbox')
        .select(['id', 'type', 'team_id', 'payload'])
        .where('published_at', 'is', null)
        .orderBy('created_at')
        .limit(CLAIM)
        .forUpdate()
        .skipLocked()
        .execute() as OutboxRow[]
      if (rows.length === 0) return 0
      await queue.enqueue(rows.flatMap(row => {
        try {
          return jobsForEvent(row)
        } catch (err) {
          // A malformed event can never be published; it must not block the rest.
          log?.error({ err, eventId: row.id, type: row.type }, 'outbox event has no valid jobs; skipped')
          return []
        }
      }))
      await tx.updateTable('outbox').set({ published_at: new Date() }).where('id', 'in', rows.map(r => r.id)).execute()
      return rows.length
    })
    published += count
    if (count < CLAIM) break
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
