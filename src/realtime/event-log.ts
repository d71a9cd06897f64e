import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Db, DbOrTx } from '../db/database.ts'
import type { TeamEvent, TeamEventType } from './port.ts'

/**
 * How much of each team's live history is kept for resume: an event stays
 * while it is among the team's last `events` OR younger than `minutes`.
 * The promise to clients is the weaker "10 minutes or 1,000 events".
 */
export const RESUME_WINDOW = { events: 1000, minutes: 60 } as const
/** At most this many events per resume reply or REST page. */
export const REPLAY_LIMIT = 1000

export interface Replay {
  events: TeamEvent[]
  /** The team's newest sequence number (0 before its first event). */
  lastSeq: number
  /** True when events after `after` were already pruned (or `after` is in the future): refetch over REST. */
  resyncRequired: boolean
}

class Duplicate extends Error {}

export interface EventRow { seq: number, id: string, type: string, data: Record<string, unknown>, created_at: Date }

/** A logged event from its row (as `appendEventCtes` returns it). */
export function toEvent (teamId: string, row: EventRow): TeamEvent {
  return { id: row.id, seq: Number(row.seq), teamId, type: row.type as TeamEventType, data: row.data, at: row.created_at.toISOString() }
}

/**
 * Appending one event, as CTEs (`event_counter`, `event_inserted`,
 * `event_pruned`) for a statement to carry with its own writes: count,
 * insert, and on every hundredth event prune what is both beyond the last
 * RESUME_WINDOW.events and older than RESUME_WINDOW.minutes. The counter
 * row stays locked until commit: events of one team commit in sequence
 * order, so seeing N means 1…N-1 are visible. `event_inserted` holds the
 * event (seq, id, type, data, created_at), or nothing when the id was
 * logged before.
 */
export function appendEventCtes (teamId: string, type: TeamEventType, data: Record<string, unknown>, id: string) {
  return sql`event_counter as (
      insert into team_event_counters (team_id, last_seq) values (${teamId}, 1)
      on conflict (team_id) do update set last_seq = team_event_counters.last_seq + 1
      returning last_seq
    ), event_inserted as (
      insert into team_events (team_id, seq, id, type, data)
      select ${teamId}, last_seq, ${id}, ${type}, ${JSON.stringify(data)} from event_counter
      on conflict (id) do nothing
      returning seq, id, type, data, created_at
    ), event_pruned as (
      delete from team_events e using event_counter
      where event_counter.last_seq % 100 = 0 and e.team_id = ${teamId}
        and e.seq <= event_counter.last_seq - ${RESUME_WINDOW.events}
        and e.created_at < now() - make_interval(mins => ${RESUME_WINDOW.minutes})
    )`
}

/** One statement appending one event; null when the id was logged before. */
async function appendStatement (tx: DbOrTx, teamId: string, type: TeamEventType, data: Record<string, unknown>, id: string): Promise<TeamEvent | null> {
  const { rows } = await sql<EventRow>`/* prepare: append-team-event */
    with ${appendEventCtes(teamId, type, data, id)}
    select seq, id, type, data, created_at from event_inserted`.execute(tx)
  return rows[0] === undefined ? null : toEvent(teamId, rows[0])
}

/**
 * Each team's event log in Postgres, shared by every instance and runtime:
 * the one place sequence numbers come from, and what resume replays.
 * Postgres rather than Redis streams because every mode has it (embedded
 * mode and Lambda may run without Redis), it is the source of truth, and a
 * sequence number taken under a row lock in the committing transaction
 * needs no second store to agree with.
 */
export function createEventLog (db: Db) {
  return {
    /** Append one event; null when the team is gone or the id was logged before. */
    async append (teamId: string, type: TeamEventType, data: Record<string, unknown>, id: string = randomUUID()): Promise<TeamEvent | null> {
      try {
        return await db.transaction().execute(async (tx) => {
          // Rolls the counter back too: no gap for a duplicate.
          const event = await appendStatement(tx, teamId, type, data, id)
          if (event === null) throw new Duplicate()
          return event
        })
      } catch (err) {
        if (err instanceof Duplicate) return null
        // The team was deleted meanwhile: nobody is left to tell.
        if ((err as { code?: string }).code === '23503') return null
        throw err
      }
    },

    /** Events after `after`, oldest first (at most `limit`), or resyncRequired when some are gone. */
    async after (teamId: string, after: number, limit: number = REPLAY_LIMIT): Promise<Replay> {
      const [events, bounds] = await Promise.all([
        db.selectFrom('team_events')
          .select(['seq', 'id', 'type', 'data', 'created_at'])
          .where('team_id', '=', teamId)
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(limit)
          .execute(),
        db.selectFrom('team_event_counters')
          .select(['last_seq', sql<number | null>`(select min(seq) from team_events where team_id = ${teamId})`.as('min_seq')])
          .where('team_id', '=', teamId)
          .executeTakeFirst()
      ])
      const lastSeq = Number(bounds?.last_seq ?? 0)
      const minSeq = bounds?.min_seq == null ? lastSeq + 1 : Number(bounds.min_seq)
      const resyncRequired = after > lastSeq || (after < lastSeq && minSeq > after + 1)
      return { events: resyncRequired ? [] : events.map(r => toEvent(teamId, r as EventRow)), lastSeq, resyncRequired }
    },

    /** Events with seq in (from, to], oldest first: what a subscriber missed between two pushes. */
    async between (teamId: string, from: number, to: number): Promise<TeamEvent[]> {
      const rows = await db.selectFrom('team_events')
        .select(['seq', 'id', 'type', 'data', 'created_at'])
        .where('team_id', '=', teamId)
        .where('seq', '>', from)
        .where('seq', '<=', to)
        .orderBy('seq')
        .execute()
      return rows.map(r => toEvent(teamId, r as EventRow))
    },

    async lastSeq (teamId: string): Promise<number> {
      const row = await db.selectFrom('team_event_counters').select('last_seq').where('team_id', '=', teamId).executeTakeFirst()
      return Number(row?.last_seq ?? 0)
    }
  }
}

export type EventLog = ReturnType<typeof createEventLog>
