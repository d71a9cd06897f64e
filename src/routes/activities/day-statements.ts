import { CompiledQuery, type Insertable } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import { outboxRow, type DomainEvent, type EventType } from '../../db/outbox.ts'
import type { ActivitiesTable, ActivityCreditRow, ActivityRow } from '../../db/schema.ts'
import type { Credit, TeamWindow } from './crediting.ts'

/**
 * The statements of the write path, each a fixed SQL text run as it is
 * (no query building per request, prepared once per connection: see
 * src/db/prepared.ts), and each doing the work of several:
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

/**
 * What crediting needs besides the day's activities, as two JSON columns:
 * the user's ($1) team windows, and the stored credits of the days that
 * `days` (an SQL condition on c.local_day) selects.
 */
const dayContextColumns = (days: string) => `
  (select coalesce(json_agg(json_build_object('teamId', t.id, 'startDate', t.start_date, 'endDate', t.end_date, 'dailyCapMeters', t.daily_cap_m)), '[]')
     from team_members m join teams t on t.id = m.team_id where m.user_id = $1) as teams,
  (select coalesce(json_agg(json_build_object('activity_id', c.activity_id, 'team_id', c.team_id, 'local_day', c.local_day, 'raw_m', c.raw_m, 'credited_m', c.credited_m, 'reason', c.reason)), '[]')
     from activity_credits c where c.user_id = $1 and ${days}) as credits`

// Naming activities makes the statement take its table lock first (relation
// locks come before execution): while something holds the table (a
// migration, a stuck batch) a user's requests time out side by side, not
// one after another behind the user's lock.
const LOCK_USER = `/* prepare: lock-user-for-crediting */
select u.id, u.timezone, u.stride_length_m, u.source_priority
from (select pg_advisory_xact_lock(hashtextextended($2, 0))) as locked, users u
where u.id = $1 and not exists (select from activities where false)`

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
const INSERT_AND_READ_DAY = `/* prepare: insert-and-read-day */
with ins as (
  insert into activities (user_id, type, distance_m, steps, duration_s, started_at, timezone, local_day, source, client_id, external_id, raw_m)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
  on conflict do nothing
  returning *
)
select true as inserted, ins.id, ins.user_id, ins.type, ins.distance_m, ins.steps, ins.duration_s, ins.started_at, ins.timezone, ins.local_day,
  ins.source, ins.client_id, ins.external_id, ins.raw_m, ins.created_at, ins.daily_total, ins.display_restricted, ${dayContextColumns('c.local_day = $8')}
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

const DAY_CONTEXT = `/* prepare: day-context */ select ${dayContextColumns('c.local_day = $2')}`

async function readDayContext (tx: DbOrTx, userId: string, localDay: string): Promise<{ teams: TeamWindow[], credits: StoredCredit[] }> {
  const { rows } = await tx.executeQuery<{ teams: TeamWindow[], credits: StoredCredit[] }>(CompiledQuery.raw(DAY_CONTEXT, [userId, localDay]))
  return rows[0]!
}

const WRITE_DAYS = `/* prepare: write-days */
with stale as (
  delete from activity_credits c
  using unnest($2::uuid[], $3::uuid[]) as s(activity_id, team_id)
  where c.activity_id = s.activity_id and c.team_id = s.team_id
), upserted as (
  insert into activity_credits (activity_id, team_id, user_id, local_day, started_at, raw_m, credited_m, reason)
  select n.activity_id, n.team_id, $1, n.local_day, a.started_at, n.raw_m, n.credited_m, n.reason
  from unnest($4::uuid[], $5::uuid[], $6::date[], $7::float8[], $8::float8[], $9::text[]) as n(activity_id, team_id, local_day, raw_m, credited_m, reason)
  join activities a on a.id = n.activity_id
  on conflict (activity_id, team_id) do update
    set started_at = excluded.started_at, raw_m = excluded.raw_m, credited_m = excluded.credited_m, reason = excluded.reason
), events as (
  insert into outbox (type, team_id, payload)
  select type, team_id, payload
  from unnest($10::text[], $11::uuid[], $12::jsonb[]) as e(type, team_id, payload)
)
select 1`

export interface CreditedDay {
  localDay: string
  /** The day's credits as stored before. */
  stored: StoredCredit[]
  /** What they must be now. */
  credits: Credit[]
}

/**
 * Make each day's stored credits equal its `credits` and record the events,
 * in one statement: only lines that changed are written, lines of
 * activities no longer there are deleted.
 */
export async function writeDays (tx: DbOrTx, userId: string, days: CreditedDay[], events: Array<DomainEvent<EventType>>): Promise<void> {
  const key = (activityId: string, teamId: string) => `${activityId}/${teamId}`
  const stale: StoredCredit[] = []
  const changed: Array<Credit & { localDay: string }> = []
  for (const day of days) {
    const before = new Map(day.stored.map(c => [key(c.activity_id, c.team_id), c]))
    const wanted = new Set(day.credits.map(c => key(c.activityId, c.teamId)))
    for (const c of day.stored) if (!wanted.has(key(c.activity_id, c.team_id))) stale.push(c)
    for (const c of day.credits) {
      const old = before.get(key(c.activityId, c.teamId))
      if (!old || old.credited_m !== c.creditedMeters || old.reason !== c.reason || old.raw_m !== c.rawMeters) changed.push({ ...c, localDay: day.localDay })
    }
  }
  if (stale.length === 0 && changed.length === 0 && events.length === 0) return
  const rows = events.map(outboxRow)
  await tx.executeQuery(CompiledQuery.raw(WRITE_DAYS, [
    userId,
    stale.map(c => c.activity_id), stale.map(c => c.team_id),
    changed.map(c => c.activityId), changed.map(c => c.teamId), changed.map(c => c.localDay),
    changed.map(c => c.rawMeters), changed.map(c => c.creditedMeters), changed.map(c => c.reason),
    rows.map(e => e.type), rows.map(e => e.team_id), rows.map(e => e.payload)
  ]))
}

const INSERT_MANY = `/* prepare: insert-many-activities */
insert into activities (id, user_id, type, distance_m, steps, duration_s, started_at, timezone, local_day, source, client_id, external_id, raw_m)
select id, $1, type, distance_m, steps, duration_s, started_at, timezone, local_day, source, client_id, external_id, raw_m
from unnest($2::uuid[], $3::text[], $4::float8[], $5::int[], $6::int[], $7::timestamptz[], $8::text[], $9::date[], $10::text[], $11::text[], $12::text[], $13::float8[])
  as i(id, type, distance_m, steps, duration_s, started_at, timezone, local_day, source, client_id, external_id, raw_m)
on conflict do nothing
returning id`

export type NewActivity = Insertable<ActivitiesTable> & { id: string, local_day: string }

/**
 * Insert many activities of one user in one statement. Rows whose clientId
 * or source + externalId was seen before (or earlier in the same batch)
 * are skipped; the ids (made by the caller) tell which were stored.
 */
export async function insertMany (tx: DbOrTx, userId: string, rows: NewActivity[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set()
  const { rows: inserted } = await tx.executeQuery<{ id: string }>(CompiledQuery.raw(INSERT_MANY, [
    userId, rows.map(r => r.id), rows.map(r => r.type), rows.map(r => r.distance_m ?? null), rows.map(r => r.steps ?? null),
    rows.map(r => r.duration_s ?? null), rows.map(r => new Date(r.started_at).toISOString()), rows.map(r => r.timezone), rows.map(r => r.local_day),
    rows.map(r => r.source ?? 'manual'), rows.map(r => r.client_id ?? null), rows.map(r => r.external_id ?? null), rows.map(r => r.raw_m)
  ]))
  return new Set(inserted.map(r => r.id))
}

const FIND_EARLIER_COPIES = `/* prepare: find-earlier-copies */
select * from activities a
where a.user_id = $1
  and (a.client_id = any($2::text[]) or (a.source, a.external_id) in (select * from unnest($3::text[], $4::text[])))`

/** The stored copies of activities by clientId or source + externalId. */
export async function findEarlierCopies (tx: DbOrTx, userId: string, keys: { clientIds: string[], external: Array<{ source: string, externalId: string }> }): Promise<ActivityRow[]> {
  if (keys.clientIds.length === 0 && keys.external.length === 0) return []
  const { rows } = await tx.executeQuery<ActivityRow>(CompiledQuery.raw(FIND_EARLIER_COPIES, [
    userId, keys.clientIds, keys.external.map(k => k.source), keys.external.map(k => k.externalId)
  ]))
  return rows
}

const READ_DAYS = `/* prepare: read-days */
select null as local_day, null as id, null as type, null as raw_m, null as steps, null as duration_s, null::float8 as started_at, null::float8 as created_at,
  null as timezone, null as source, null as daily_total, ${dayContextColumns('c.local_day = any($2::date[])')}
union all
select a.local_day, a.id, a.type, a.raw_m, a.steps, a.duration_s,
  (extract(epoch from a.started_at) * 1000)::float8, (extract(epoch from a.created_at) * 1000)::float8, a.timezone, a.source, a.daily_total, null, null
from activities a where a.user_id = $1 and a.local_day = any($2::date[])`

/** Several days of one user at once: their activities, the user's team windows and the days' stored credits. */
export async function readDays (tx: DbOrTx, userId: string, localDays: string[]): Promise<{ days: Map<string, DayActivityRow[]>, teams: TeamWindow[], credits: Map<string, StoredCredit[]> }> {
  // Instants come as epoch milliseconds: a number parses far faster than a timestamp's text.
  const { rows } = await tx.executeQuery<Omit<DayActivityRow, 'started_at' | 'created_at'> & {
    started_at: number, created_at: number, local_day: string | null, teams: TeamWindow[] | null, credits: Array<StoredCredit & { local_day: string }> | null
  }>(CompiledQuery.raw(READ_DAYS, [userId, localDays]))
  const days = new Map<string, DayActivityRow[]>(localDays.map(d => [d, []]))
  const credits = new Map<string, StoredCredit[]>(localDays.map(d => [d, []]))
  let teams: TeamWindow[] = []
  for (const row of rows) {
    if (row.local_day === null) {
      teams = row.teams ?? []
      for (const credit of row.credits ?? []) credits.get(credit.local_day)?.push(credit)
    } else {
      const { local_day: _day, teams: _teams, credits: _credits, started_at: startedAt, created_at: createdAt, ...activity } = row
      days.get(row.local_day)?.push({ ...activity, started_at: new Date(startedAt), created_at: new Date(createdAt) })
    }
  }
  return { days, teams, credits }
}
