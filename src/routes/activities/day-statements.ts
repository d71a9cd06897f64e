import { CompiledQuery, type Insertable } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import { deferred, literal } from '../../db/deferred-begin.ts'
import { outboxRow, type DomainEvent, type EventType } from '../../db/outbox.ts'
import type { ActivitiesTable, ActivityCreditRow, ActivityRow } from '../../db/schema.ts'
import { ON_FOOT, type Credit, type DayState, type TeamWindow } from './crediting.ts'

/**
 * The statements of the write path, each a fixed SQL text run as it is
 * (no query building per request, prepared once per connection: see
 * src/db/prepared.ts), and each doing the work of several:
 * logging an activity takes three round trips (BEGIN with the lock,
 * append-and-read, the write with the COMMIT: src/db/deferred-begin.ts)
 * where it took ten.
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
  (select coalesce(json_agg(json_build_object('activity_id', c.activity_id, 'team_id', c.team_id, 'local_day', c.local_day, 'raw_m', c.raw_m, 'credited_m', c.credited_m, 'reason', c.reason, 'eligible_m', c.eligible_m, 'day_reason', c.day_reason)), '[]')
     from activity_credits c where c.user_id = $1 and ${days}) as credits`

// Naming activities makes the statement take its table lock first (relation
// locks come before execution): while something holds the table (a
// migration, a stuck batch) a user's requests time out side by side, not
// one after another behind the user's lock.
// No parameters (values as literals): as the transaction's first statement
// it goes with the BEGIN, in one round trip (src/db/deferred-begin.ts).
const lockUserStatement = (userId: string) => `
select u.id, u.timezone, u.stride_length_m, u.source_priority
from (select pg_advisory_xact_lock(hashtextextended(${literal.text(activitiesLockKey(userId))}, 0))) as locked, users u
where u.id = ${literal.uuid(userId)} and not exists (select from activities where false)`

/**
 * Take the user's activities lock and read what crediting needs of the
 * user, in one round trip. Every later statement of the transaction sees
 * all that earlier holders of the lock committed.
 */
export async function lockUserForCrediting (tx: DbOrTx, userId: string): Promise<CreditingUser | undefined> {
  const { rows } = await tx.executeQuery<CreditingUser>(CompiledQuery.raw(lockUserStatement(userId)))
  return rows[0]
}

export type StoredCredit = Pick<ActivityCreditRow, 'activity_id' | 'team_id' | 'raw_m' | 'credited_m' | 'reason' | 'eligible_m' | 'day_reason'>
/** What the crediting rules read of a day's other activities. */
export type DayActivityRow = Pick<ActivityRow, 'id' | 'type' | 'raw_m' | 'steps' | 'duration_s' | 'started_at' | 'created_at' | 'timezone' | 'source' | 'daily_total'>

// The new row comes back whole with the user's team windows and, summed
// from the day's stored lines in creditDay's order (start time, then id),
// the running totals its earlier activities left: the day's state as
// creditNext would have it just before the new activity, if it starts last.
// Lines are read through one team (each activity's eligible_m and
// day_reason are the same on all its lines); `teams` counts every team's
// lines so the caller can tell whether the state is whole.
const APPEND_ACTIVITY = `/* prepare: append-activity */
with ins as (
  insert into activities (user_id, type, distance_m, steps, duration_s, started_at, timezone, local_day, source, client_id, external_id, raw_m)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
  on conflict do nothing
  returning *
), teams as (
  select t.id, t.start_date, t.end_date, t.daily_cap_m from team_members m join teams t on t.id = m.team_id where m.user_id = $1
)
select ins.*,
  (select coalesce(json_agg(json_build_object('teamId', t.id, 'startDate', t.start_date, 'endDate', t.end_date, 'dailyCapMeters', t.daily_cap_m,
      'lines', coalesce(l.lines, 0), 'kept', coalesce(l.kept, 0), 'total', coalesce(l.total, 0))), '[]')
   from teams t left join (
     select c.team_id, count(*)::int as lines, count(c.eligible_m)::int as kept, sum(c.credited_m order by c.started_at, c.activity_id) as total
     from activity_credits c where c.user_id = $1 and c.local_day = $8 and c.team_id in (select id from teams)
     group by c.team_id
   ) l on l.team_id = t.id) as teams,
  (select count(*)::int from activities a where a.user_id = $1 and a.local_day = $8) as day_activities,
  exists (select from activities a where a.user_id = $1 and a.local_day = $8 and (a.daily_total or (a.started_at, a.id) >= (ins.started_at, ins.id))) as starts_before_others,
  (select json_build_object(
      'dayMeters', coalesce(sum(c.eligible_m order by c.started_at, c.activity_id), 0),
      'daySteps', coalesce(sum(c.eligible_m / nullif($13::float8, 0) order by c.started_at, c.activity_id) filter (where a.type = 'steps'), 0),
      'onFootMeters', coalesce(sum(c.eligible_m order by c.started_at, c.activity_id) filter (where a.type = any($14::text[]) and not a.daily_total), 0),
      'counted', coalesce(json_agg(json_build_array((extract(epoch from a.started_at) * 1000)::float8, a.duration_s))
        filter (where a.duration_s is not null and c.day_reason is distinct from 'duplicate' and a.started_at + a.duration_s * interval '1 second' > ins.started_at), '[]'))
   from activity_credits c join activities a on a.id = c.activity_id
   where c.user_id = $1 and c.local_day = $8 and c.team_id = (select id from teams order by id limit 1)) as day_state
from ins`

interface AppendedRow extends ActivityRow {
  teams: Array<TeamWindow & { lines: number, kept: number, total: number }>
  day_activities: number
  starts_before_others: boolean
  day_state: { dayMeters: number, daySteps: number, onFootMeters: number, counted: Array<[number, number]> } | null
}

export interface AppendedActivity {
  /** The new row; undefined when its clientId or source + externalId was seen before. */
  inserted: ActivityRow | undefined
  teams: TeamWindow[]
  /**
   * The day's state just before the new activity, when it can be credited
   * alone: it starts after every other activity of its day, the day has no
   * whole-day total (those are credited after all outings), and every
   * earlier activity has a line with its day state for each team. Else
   * undefined: the day is read and credited whole.
   */
  state: DayState | undefined
}

/**
 * Insert one activity and read, in the same statement, the user's team
 * windows and the running totals of its day. Run under lockUserForCrediting,
 * so no other change to the day can come between this read and the write.
 */
export async function appendActivity (tx: DbOrTx, row: Insertable<ActivitiesTable> & { local_day: string }, strideLengthM: number): Promise<AppendedActivity> {
  const { rows } = await tx.executeQuery<AppendedRow>(CompiledQuery.raw(APPEND_ACTIVITY, [
    row.user_id, row.type, row.distance_m ?? null, row.steps ?? null, row.duration_s ?? null, row.started_at, row.timezone,
    row.local_day, row.source ?? 'manual', row.client_id ?? null, row.external_id ?? null, row.raw_m, strideLengthM, [...ON_FOOT]
  ]))
  const found = rows[0]
  if (found === undefined) return { inserted: undefined, teams: [], state: undefined }
  const { teams: teamLines, day_activities: earlier, starts_before_others: before, day_state: day, ...inserted } = found
  const teams = teamLines.map(({ teamId, startDate, endDate, dailyCapMeters }) => ({ teamId, startDate, endDate, dailyCapMeters }))
  const whole = !before && teamLines.every(t => t.lines === earlier && t.kept === earlier)
  const state = !whole
    ? undefined
    : {
        dayMeters: day?.dayMeters ?? 0,
        daySteps: day?.daySteps ?? 0,
        onFootMeters: day?.onFootMeters ?? 0,
        teamTotals: new Map(teamLines.map(t => [t.teamId, t.total])),
        counted: (day?.counted ?? []).map(([start, seconds]) => ({ start, end: start + seconds * 1000 }))
      }
  return { inserted, teams, state }
}

const APPEND_CREDITS = `/* prepare: append-credits */
with lines as (
  insert into activity_credits (activity_id, team_id, user_id, local_day, started_at, raw_m, credited_m, reason, eligible_m, day_reason)
  select $1, n.team_id, $2, $3, $4, $5, n.credited_m, n.reason, $6, $7
  from unnest($8::uuid[], $9::float8[], $10::text[]) as n(team_id, credited_m, reason)
)
insert into outbox (type, team_id, payload)
select type, team_id, payload from unnest($11::text[], $12::uuid[], $13::jsonb[]) as e(type, team_id, payload)`

/**
 * Write the lines of one new activity (one per team, all with its day
 * state) and the events, in one statement. Nothing else of its day changes
 * when it was credited alone.
 */
export async function appendCredits (tx: DbOrTx, activity: Pick<ActivityRow, 'id' | 'user_id' | 'local_day' | 'started_at' | 'raw_m'>, credits: Credit[], events: Array<DomainEvent<EventType>>): Promise<void> {
  const rows = events.map(outboxRow)
  const first = credits[0]
  // Nothing is read back: the lines go with the COMMIT, in one round trip.
  await tx.executeQuery(CompiledQuery.raw(deferred(APPEND_CREDITS), [
    activity.id, activity.user_id, activity.local_day, activity.started_at, activity.raw_m,
    first?.eligibleMeters ?? null, first?.dayReason ?? null,
    credits.map(c => c.teamId), credits.map(c => c.creditedMeters), credits.map(c => c.reason),
    rows.map(e => e.type), rows.map(e => e.team_id), rows.map(e => e.payload)
  ]))
}

const WRITE_DAYS = `/* prepare: write-days */
with stale as (
  delete from activity_credits c
  using unnest($2::uuid[], $3::uuid[]) as s(activity_id, team_id)
  where c.activity_id = s.activity_id and c.team_id = s.team_id
), upserted as (
  insert into activity_credits (activity_id, team_id, user_id, local_day, started_at, raw_m, credited_m, reason, eligible_m, day_reason)
  select n.activity_id, n.team_id, $1, n.local_day, a.started_at, n.raw_m, n.credited_m, n.reason, n.eligible_m, n.day_reason
  from unnest($4::uuid[], $5::uuid[], $6::date[], $7::float8[], $8::float8[], $9::text[], $13::float8[], $14::text[])
    as n(activity_id, team_id, local_day, raw_m, credited_m, reason, eligible_m, day_reason)
  join activities a on a.id = n.activity_id
  on conflict (activity_id, team_id) do update
    set started_at = excluded.started_at, raw_m = excluded.raw_m, credited_m = excluded.credited_m, reason = excluded.reason,
      eligible_m = excluded.eligible_m, day_reason = excluded.day_reason
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
      const same = old !== undefined && old.credited_m === c.creditedMeters && old.reason === c.reason && old.raw_m === c.rawMeters &&
        old.eligible_m === c.eligibleMeters && old.day_reason === c.dayReason
      if (!same) changed.push({ ...c, localDay: day.localDay })
    }
  }
  if (stale.length === 0 && changed.length === 0 && events.length === 0) return
  const rows = events.map(outboxRow)
  // Nothing is read back: the lines go with the next statement or the COMMIT.
  await tx.executeQuery(CompiledQuery.raw(deferred(WRITE_DAYS), [
    userId,
    stale.map(c => c.activity_id), stale.map(c => c.team_id),
    changed.map(c => c.activityId), changed.map(c => c.teamId), changed.map(c => c.localDay),
    changed.map(c => c.rawMeters), changed.map(c => c.creditedMeters), changed.map(c => c.reason),
    rows.map(e => e.type), rows.map(e => e.team_id), rows.map(e => e.payload),
    changed.map(c => c.eligibleMeters), changed.map(c => c.dayReason)
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
