import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { createHash } from 'node:crypto'
import type { Db } from '../db/database.ts'
import { AppError } from '../lib/errors.ts'

export interface StoredResponse {
  status: number
  body: unknown
}

function sortedKeys (_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
}

/** A request still marked in progress after this long was abandoned (the process died). */
const ABANDONED_AFTER_MS = 60_000

/**
 * The Idempotency-Key header (IETF httpapi draft): the first request with a
 * key runs and its response is stored; the same key with the same body gets
 * that response again; with another body, 422 IDEMPOTENCY_KEY_REUSED; while
 * the first is still running, 409 IDEMPOTENCY_IN_PROGRESS. Keys are per user
 * and kept `ttlHours`.
 */
export function createIdempotencyStore (db: Db, ttlHours: number) {
  async function claim (userId: string, key: string, requestHash: string): Promise<boolean> {
    const inserted = await db.insertInto('idempotency_keys')
      .values({ user_id: userId, key, request_hash: requestHash, status: 'in_progress', expires_at: new Date(Date.now() + ttlHours * 3_600_000) })
      .onConflict(oc => oc.doNothing())
      .returning('key')
      .executeTakeFirst()
    return inserted !== undefined
  }

  async function release (userId: string, key: string) {
    await db.deleteFrom('idempotency_keys').where('user_id', '=', userId).where('key', '=', key).execute()
  }

  return {
    /** A hash of the request that ignores the order of object keys. */
    fingerprint (parts: unknown[]): string {
      return createHash('sha256').update(JSON.stringify(parts, sortedKeys)).digest('hex')
    },

    async run (userId: string, key: string, requestHash: string, execute: () => Promise<StoredResponse>): Promise<StoredResponse & { replayed: boolean }> {
      for (let attempt = 0; attempt < 2; attempt++) {
        if (await claim(userId, key, requestHash)) {
          let response: StoredResponse
          try {
            response = await execute()
          } catch (err) {
            // Nothing was stored: the client may retry with the same key.
            await release(userId, key)
            throw err
          }
          await db.updateTable('idempotency_keys')
            .set({ status: 'done', response_status: response.status, response_body: JSON.stringify(response.body) })
            .where('user_id', '=', userId).where('key', '=', key)
            .execute()
          return { ...response, replayed: false }
        }
        const existing = await db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', userId).where('key', '=', key).executeTakeFirst()
        if (!existing) continue
        const abandoned = existing.status === 'in_progress' && existing.created_at.getTime() < Date.now() - ABANDONED_AFTER_MS
        if (existing.expires_at.getTime() <= Date.now() || abandoned) {
          await release(userId, key)
          continue
        }
        if (existing.request_hash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED')
        if (existing.status === 'in_progress') throw new AppError('IDEMPOTENCY_IN_PROGRESS', undefined, { retryAfterSeconds: 1 })
        return { status: existing.response_status!, body: existing.response_body, replayed: true }
      }
      throw new AppError('IDEMPOTENCY_IN_PROGRESS', undefined, { retryAfterSeconds: 1 })
    }
  }
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>

declare module 'fastify' {
  interface FastifyInstance {
    idempotency: IdempotencyStore
  }
}

/** The Idempotency-Key store on the instance, for the routes that honour the header. */
async function idempotencyPlugin (fastify: FastifyInstance, opts: { ttlHours: number }) {
  fastify.decorate('idempotency', createIdempotencyStore(fastify.db, opts.ttlHours))
}

export default fp(idempotencyPlugin, { name: 'idempotency', fastify: '5.x', dependencies: ['database'] })
