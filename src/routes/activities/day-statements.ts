import { CompiledQuery, type Insertable } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import { outboxRow, type DomainEvent, type EventType } from '../../db/outbox.ts'
import type { ActivitiesTable, ActivityCreditRow, ActivityRow } from '../../db/schema.ts'
import type { Credit, TeamWindow } from './crediting.ts'

/**
 * The statements of the write path, each a fixed SQL text run as it is
 * (no query building per request), and each doing the work of several:
 * logging an activity takes five round trips (BEGIN, lock, insert-and-read,
 * write, COMMIT) where it took ten.
 */

/** Every change to a user's activities holds this lock until its transaction ends. */
export function activitiesLockKey (userId: string): string {
  return `activities/${userId}`
}

export interface CreditingUser {
  id: string
  timezone: string
  stride_length_m: number
  source_priority: string[] | null
}

const DAY_CONTEXT_COLUMNS = `
  (select coalesce(json_agg(json_build_object('teamId', t.id, 'startDate', t.start_date, 'endDate', t.end_date, 'dailyCapMeters', t.daily_cap_m)), '[]')
     from team_members m join teams t on t.id = m.team_id where m.user_id = $1) as teams,
  (select coalesce(json_agg(json_build_object('activity_id', c.activity_id, 'team_id', c.team_id, 'raw_m', c.raw_m, 'credited_m', c.credited_m, 'reason', c.reason)), '[]')
     from activity_credits c where c.user_id = $1 and c.local_day = $8) as credits`

const LOCK_USER = `
select u.id, u.timezone, u.stride_length_m, u.source_priority
from (select pg_advisory_xact_lock(hashtextextended($2, 0))) as locked, users u
where u.id = $1`

/**
 * Take the user's activities lock and read what crediting needs of the
 * user, in one round trip. Every later statement of the transaction sees
 * all that earlier holders of the lock committed.
 */
export async function lockUserForCrediting (tx: DbOrTx, userId: string): Promise<CreditingUser | undefined> {
  const { rows } = await tx.executeQuery<CreditingUser>(CompiledQuery.raw(LOCK_USER, [userId, activitiesLockKey(userId)]))
  return rows[0]
}

// The new row comes back whole, with the day's context (team windows, stored
// credits) once; the day's other activities with only what crediting reads.
const INSERT_AND_READ_DAY = `
with ins as (
  insert into activities (user_id, type, distance_m, steps, duration_s, started_at, timezone, local_day, source, client_id, external_id, raw_m)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
  on conflict do nothing
  returning *
)
select true as inserted, ins.id, ins.user_id, ins.type, ins.distance_m, ins.steps, ins.duration_s, ins.started_at, ins.timezone, ins.local_day,
  ins.source, ins.client_id, ins.external_id, ins.raw_m, ins.created_at, ins.daily_total, ins.display_restricted, ${DAY_CONTEXT_COLUMNS}
from ins
union all
select false, a.id, null, a.type, null, a.steps, a.duration_s, a.started_at, a.timezone, null,
  a.source, null, null, a.raw_m, a.created_at, a.daily_total, null, null, null
from activities a where a.user_id = $1 and a.local_day = $8`

type DayRow = ActivityRow & { inserted: boolean, teams: TeamWindow[] | null, credits: StoredCredit[] | null }
export type StoredCredit = Pick<ActivityCreditRow, 'activity_id' | 'team_id' | 'raw_m' | 'credited_m' | 'reason'>
/** What the crediting rules read of a day's other activities. */
export type DayActivityRow = Pick<ActivityRow, 'id' | 'type' | 'raw_m' | 'steps' | 'duration_s' | 'started_at' | 'created_at' | 'timezone' | 'source' | 'daily_total'>

export interface InsertedDay {
  /** The new row; undefined when its clientId or source + externalId was seen before. */
  inserted: ActivityRow | undefined
  /** Every activity of the day, the new one included. */
  day: DayActivityRow[]
  teams: TeamWindow[]
  /** The day's credits as stored before this change. */
  credits: StoredCredit[]
}

/**
 * Insert one activity and read, in the same statement, what crediting its
 * day needs: the day's activities, the user's team windows and the day's
 * stored credits. Run under lockUserForCrediting.
 */
export async function insertAndReadDay (tx: DbOrTx, row: Insertable<ActivitiesTable> & { local_day: string }): Promise<InsertedDay> {
  const { rows } = await tx.executeQuery<DayRow>(CompiledQuery.raw(INSERT_AND_READ_DAY, [
    row.user_id, row.type, row.distance_m ?? null, row.steps ?? null, row.duration_s ?? null, row.started_at, row.timezone,
    row.local_day, row.source ?? 'manual', row.client_id ?? null, row.external_id ?? null, row.raw_m
  ]))
  const first = rows[0]
  if (first === undefined || !first.inserted) {
    // A duplicate: nothing to credit; the caller returns the first copy.
    return { inserted: undefined, day: rows, ...await readDayContext(tx, row.user_id, row.local_day) }
  }
  const { inserted: _new, teams, credits, ...inserted } = first
  return { inserted, day: rows, teams: teams ?? [], credits: credits ?? [] }
}

const DAY_CONTEXT = `select ${DAY_CONTEXT_COLUMNS.replaceAll('$8', '$2')}`

async function readDayContext (tx: DbOrTx, userId: string, localDay: string): Promise<{ teams: TeamWindow[], credits: StoredCredit[] }> {
  const { rows } = await tx.executeQuery<{ teams: TeamWindow[], credits: StoredCredit[] }>(CompiledQuery.raw(DAY_CONTEXT, [userId, localDay]))
  return rows[0]!
}

const WRITE_DAY = `
with stale as (
  delete from activity_credits c
  using unnest($3::uuid[], $4::uuid[]) as s(activity_id, team_id)
  where c.activity_id = s.activity_id and c.team_id = s.team_id
), upserted as (
  insert into activity_credits (activity_id, team_id, user_id, local_day, raw_m, credited_m, reason)
  select activity_id, team_id, $1, $2, raw_m, credited_m, reason
  from unnest($5::uuid[], $6::uuid[], $7::float8[], $8::float8[], $9::text[]) as n(activity_id, team_id, raw_m, credited_m, reason)
  on conflict (activity_id, team_id) do update
    set raw_m = excluded.raw_m, credited_m = excluded.credited_m, reason = excluded.reason
), events as (
  insert into outbox (type, team_id, payload)
  select type, team_id, payload
  from unnest($10::text[], $11::uuid[], $12::jsonb[]) as e(type, team_id, payload)
)
select 1`

/**
 * Make a day's stored credits equal `credits` and record its events, in
 * one statement: only lines that changed are written, lines of activities
 * no longer there are deleted.
 */
export async function writeDay (tx: DbOrTx, day: { userId: string, localDay: string, stored: StoredCredit[], credits: Credit[], events: Array<DomainEvent<EventType>> }): Promise<void> {
  const key = (activityId: string, teamId: string) => `${activityId}/${teamId}`
  const before = new Map(day.stored.map(c => [key(c.activity_id, c.team_id), c]))
  const wanted = new Set(day.credits.map(c => key(c.activityId, c.teamId)))
  const stale = day.stored.filter(c => !wanted.has(key(c.activity_id, c.team_id)))
  const changed = day.credits.filter(c => {
    const old = before.get(key(c.activityId, c.teamId))
    return !old || old.credited_m !== c.creditedMeters || old.reason !== c.reason || old.raw_m !== c.rawMeters
  })
  if (stale.length === 0 && changed.length === 0 && day.events.length === 0) return
  const events = day.events.map(outboxRow)
  await tx.executeQuery(CompiledQuery.raw(WRITE_DAY, [
    day.userId, day.localDay,
    stale.map(c => c.activity_id), stale.map(c => c.team_id),
    changed.map(c => c.activityId), changed.map(c => c.teamId), changed.map(c => c.rawMeters), changed.map(c => c.creditedMeters), changed.map(c => c.reason),
    events.map(e => e.type), events.map(e => e.team_id), events.map(e => e.payload)
  ]))
}
