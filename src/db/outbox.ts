import type { DomainEvent, EventType } from '../lib/events.ts'
import type { DbOrTx } from './database.ts'

export type { DomainEvent, EventType } from '../lib/events.ts'

/**
 * Record an event in the same transaction as the change it describes, so
 * the event exists if and only if the change committed. Its type and
 * payload come from the catalogue in src/lib/events.ts; src/workers/
 * publishes it after commit.
 */
export async function recordEvent<T extends EventType> (tx: DbOrTx, event: DomainEvent<T>): Promise<string> {
  const row = await tx.insertInto('outbox')
    .values(outboxRow(event))
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** An event as the outbox row that records it (for statements that write several things at once). */
export function outboxRow<T extends EventType> (event: DomainEvent<T>): { type: T, team_id: string | null, payload: string } {
  return { type: event.type, team_id: event.teamId, payload: JSON.stringify(event.payload) }
}
