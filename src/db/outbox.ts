import type { DbOrTx } from './database.ts'

/**
 * Event types written to the outbox. src/workers/outbox-relay.ts publishes
 * them after commit and says which jobs each one starts.
 */
export type OutboxEventType =
  | 'member.joined'
  | 'member.left'
  | 'member.role_changed'
  | 'team.created'
  | 'team.updated'
  | 'team.deleted'
  | 'invitation.created'
  | 'route.changed'
  | 'activity.logged'
  | 'activity.deleted'
  | 'waypoint.reached'

export interface OutboxEvent {
  type: OutboxEventType
  teamId: string | null
  payload: Record<string, unknown>
}

/**
 * Record an event in the same transaction as the change it describes, so
 * the event exists if and only if the change committed.
 */
export async function recordEvent (tx: DbOrTx, event: OutboxEvent): Promise<string> {
  const row = await tx.insertInto('outbox')
    .values({ type: event.type, team_id: event.teamId, payload: JSON.stringify(event.payload) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}
