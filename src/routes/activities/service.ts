import { randomUUID } from 'node:crypto'
import type { Db, DbOrTx } from '../../db/database.ts'
import type { ActivityCreditRow, ActivityRow } from '../../db/schema.ts'
import { recordEvent } from '../../db/outbox.ts'
import { AppError } from '../../lib/errors.ts'
import { canonicalTimeZone } from '../../lib/time-zones.ts'
import { decodeCursor, pageOf } from '../../lib/pagination.ts'
import { findUserById } from '../users/repository.ts'
import { requireMember } from '../teams/service.ts'
import { canManage } from '../teams/views.ts'
import { addDays, creditDay, creditNext, localDayOf, rawMetersOf, type Credit, type DayActivity } from './crediting.ts'
import {
  appendActivity, appendCredits, findEarlierCopies, insertMany, lockUserForCrediting, readDays, writeDays,
  type CreditedDay, type CreditingUser, type DayActivityRow, type NewActivity
} from './day-statements.ts'
import {
  creditsOf, deleteActivity, findActivity, findDuplicate, insertActivity, ledgerLines,
  listActivities, lockAndReadDay, memberDaysWithActivities, sourcePriorityOf, teamWindowsOf, writeCredits, type MemberDay
} from './repository.ts'
import { findBySourceExternalId, findDailyTotal, listBySource, updateActivity } from './imports-repository.ts'
import type {
  ActivityView, LedgerLineView, LedgerQueryInput, ListActivitiesInput, LogActivityInput, SyncResultView
} from './schemas.ts'

/** Sources only the service's own provider imports may write (clients cannot forge them). */
export const PROVIDER_SOURCES = new Set(['google_health', 'strava', 'garmin'])

/** A moment inside a local day (its noon, give or take the zone's offset): where a whole-day total sits. */
export function instantInDay (localDay: string, timezone: string): Date {
  let instant = new Date(`${localDay}T12:00:00Z`)
  const seen = localDayOf(instant, timezone)
  if (seen > localDay) instant = new Date(instant.getTime() - 12 * 3_600_000)
  else if (seen < localDay) instant = new Date(instant.getTime() + 11 * 3_600_000)
  return instant
}

/** A whole-day total from a source: the phone's (GREATEST: a retried older figure never lowers it) or a provider's roll-up (replace: the provider recomputed the day). */
export interface DailyTotalInput {
  source: string
  localDay: string
  steps: number
  timezone: string
  policy: 'greatest' | 'replace'
  startedAt?: Date
}

/** One activity as a provider describes it, keyed by source and its id there. */
export interface ExternalActivityInput {
  source: string
  externalId: string
  type: ActivityRow['type']
  distanceMeters: number
  durationSeconds: number | null
  startedAt: Date
  timezone: string
  displayRestricted: boolean
}

export type ImportOutcome = 'created' | 'updated' | 'unchanged'

export interface ActivityServiceOptions {
  backfillDays: number
  /** Clock skew allowed for start times a little in the future. */
  futureSlackMs?: number
}

/** A computed credit in the shape of a stored one. */
function creditRow (c: Credit) {
  return { activity_id: c.activityId, team_id: c.teamId, raw_m: c.rawMeters, credited_m: c.creditedMeters, reason: c.reason }
}

function toView (row: ActivityRow, credits: Array<Pick<ActivityCreditRow, 'activity_id' | 'team_id' | 'raw_m' | 'credited_m' | 'reason'>>): ActivityView {
  return {
    id: row.id,
    type: row.type,
    distanceMeters: row.distance_m,
    steps: row.steps,
    durationSeconds: row.duration_s,
    startedAt: row.started_at.toISOString(),
    timezone: row.timezone,
    localDay: row.local_day,
    source: row.source,
    clientId: row.client_id,
    externalId: row.external_id,
    rawMeters: row.raw_m,
    credits: credits.filter(c => c.activity_id === row.id).map(c => ({
      teamId: c.team_id, rawMeters: c.raw_m, creditedMeters: c.credited_m, reason: c.reason as ActivityView['credits'][number]['reason']
    })),
    createdAt: row.created_at.toISOString()
  }
}

/**
 * Recompute one user's day: every activity of that day, in start order,
 * against the plausibility rules and each team's window and cap. Runs in the
 * caller's transaction under a lock on the user-day.
 */
async function recomputeDay (tx: DbOrTx, userId: string, localDay: string, strideLengthM: number, backfillDays: number): Promise<{ teamIds: string[], credits: Credit[] }> {
  // Every change to a user-day is serialised by an advisory lock, taken with
  // the read; its credits are recomputed as a whole.
  const activities = await lockAndReadDay(tx, userId, localDay)
  const teams = await teamWindowsOf(tx, userId)
  const priority = activities.some(a => a.daily_total) ? await sourcePriorityOf(tx, userId) : null
  const lateAfter = addDays(localDay, backfillDays)
  const credits = creditDay(activities.map(a => dayActivityOf(a, lateAfter)), localDay, teams, strideLengthM, priority)
  await writeCredits(tx, userId, localDay, credits)
  return { teamIds: teams.map(t => t.teamId), credits }
}

/**
 * A stored activity as the crediting rules see it. `lateAfter` is the last
 * upload day on which an activity of this day is on time (the day plus
 * the back-fill window).
 */
function dayActivityOf (a: DayActivityRow, lateAfter: string): DayActivity {
  return {
    id: a.id,
    type: a.type,
    rawMeters: a.raw_m,
    steps: a.steps,
    durationSeconds: a.duration_s,
    startedAt: a.started_at,
    // Judged against the day it was uploaded, so a later recomputation
    // (after a deletion, say) never turns an on-time activity late: late
    // when uploaded more than the back-fill window after its day.
    late: localDayOf(a.created_at, a.timezone) > lateAfter,
    source: a.source,
    dailyTotal: a.daily_total
  }
}

/**
 * What can be said of an activity before the database is asked: a missing
 * measure, an unreadable or future start, a reserved source, a malformed
 * daily total.
 */
function checkInput (input: LogActivityInput, futureSlackMs: number): Date {
  if (input.type === 'steps' ? input.steps === undefined : input.distanceMeters === undefined) {
    const field = input.type === 'steps' ? 'steps' : 'distanceMeters'
    throw new AppError('VALIDATION_ERROR', `${field} is required for a ${input.type} activity`, { fields: [{ in: 'body', field, message: 'is required for this type' }] })
  }
  const startedAt = new Date(input.startedAt)
  if (Number.isNaN(startedAt.getTime())) {
    throw new AppError('VALIDATION_ERROR', 'startedAt is not a valid instant', { fields: [{ in: 'body', field: 'startedAt', message: 'is not a valid instant' }] })
  }
  if (startedAt.getTime() > Date.now() + futureSlackMs) throw new AppError('ACTIVITY_IN_FUTURE')
  const source = input.source ?? 'manual'
  if (PROVIDER_SOURCES.has(source)) {
    throw new AppError('VALIDATION_ERROR', `source "${source}" is written by the provider connection only`, { fields: [{ in: 'body', field: 'source', message: 'is reserved for provider connections' }] })
  }
  if (input.dailyTotal === true && (input.type !== 'steps' || input.source === undefined)) {
    throw new AppError('VALIDATION_ERROR', 'a daily total is a steps activity with its source', { fields: [{ in: 'body', field: 'dailyTotal', message: 'needs type "steps" and a source' }] })
  }
  return startedAt
}

/** A phone's whole-day total as sent (GREATEST: a retried older figure never lowers it). */
function phoneDailyTotal (user: { timezone: string }, input: LogActivityInput, startedAt: Date): DailyTotalInput {
  const timezone = canonicalTimeZone(input.timezone ?? user.timezone)
  return { source: input.source ?? 'manual', localDay: localDayOf(startedAt, timezone), steps: input.steps ?? 0, timezone, policy: 'greatest', startedAt }
}

/** The row an activity (not a daily total) is stored as. */
function activityRowOf (user: { id: string, timezone: string, stride_length_m: number }, input: LogActivityInput, startedAt: Date) {
  const timezone = canonicalTimeZone(input.timezone ?? user.timezone)
  const type = input.type as ActivityRow['type']
  return {
    user_id: user.id,
    type,
    distance_m: input.distanceMeters ?? null,
    steps: input.steps ?? null,
    duration_s: input.durationSeconds ?? null,
    started_at: startedAt,
    timezone,
    local_day: localDayOf(startedAt, timezone),
    source: input.source ?? 'manual',
    client_id: input.clientId ?? null,
    external_id: input.externalId ?? null,
    raw_m: rawMetersOf({ type, distanceMeters: input.distanceMeters, steps: input.steps }, user.stride_length_m)
  }
}

export function createActivityService (db: Db, options: ActivityServiceOptions) {
  const futureSlackMs = options.futureSlackMs ?? 15 * 60_000

  /**
   * The common case of POST /activities, in three round trips: BEGIN and
   * the user's lock (reading the user), insert and read the day's running
   * totals, the new activity's lines and event with the COMMIT. An activity
   * that starts before others of its day (a back-dated one), or a day whose
   * lines lack their state, is credited with the whole day instead.
   */
  async function logOne (tx: DbOrTx, user: CreditingUser, input: LogActivityInput, startedAt: Date): Promise<{ activity: ActivityView, duplicate: boolean }> {
    const row = activityRowOf(user, input, startedAt)
    const { inserted, teams, state } = await appendActivity(tx, row, user.stride_length_m)
    if (!inserted) {
      const existing = await findDuplicate(tx, user.id, { clientId: input.clientId, externalId: input.externalId, source: row.source })
      if (!existing) throw new Error('insert conflicted but no duplicate was found')
      return { activity: toView(existing, await creditsOf(tx, [existing.id])), duplicate: true }
    }
    const lateAfter = addDays(row.local_day, options.backfillDays)
    const logged = { type: 'activity.logged' as const, teamId: null, payload: { activityId: inserted.id, userId: user.id, localDay: row.local_day, teamIds: teams.map(t => t.teamId) } }
    if (state) {
      const credits = creditNext(state, dayActivityOf(inserted, lateAfter), false, row.local_day, teams, user.stride_length_m)
      await appendCredits(tx, inserted, credits, [logged])
      return { activity: toView(inserted, credits.map(creditRow)), duplicate: false }
    }
    const day = creditReadDay(user, row.local_day, await readDays(tx, user.id, [row.local_day]))
    await writeDays(tx, user.id, [day], [logged])
    return { activity: toView(inserted, day.credits.map(creditRow)), duplicate: false }
  }

  /** A day as readDays read it, credited whole: what writeDays is to make of its stored lines. */
  function creditReadDay (user: CreditingUser, localDay: string, read: Awaited<ReturnType<typeof readDays>>): CreditedDay {
    const activities = read.days.get(localDay) ?? []
    const lateAfter = addDays(localDay, options.backfillDays)
    const priority = activities.some(a => a.daily_total) ? user.source_priority : null
    return {
      localDay,
      stored: read.credits.get(localDay) ?? [],
      credits: creditDay(activities.map(a => dayActivityOf(a, lateAfter)), localDay, read.teams, user.stride_length_m, priority)
    }
  }

  /**
   * Upsert a source's total of a day under the day's lock: one row per
   * user, source and day. Returns whether it was new, changed or the same.
   */
  async function writeDailyTotal (tx: DbOrTx, user: { id: string, stride_length_m: number }, input: DailyTotalInput): Promise<{ row: ActivityRow, outcome: ImportOutcome }> {
    await lockAndReadDay(tx, user.id, input.localDay)
    const existing = await findDailyTotal(tx, user.id, input.source, input.localDay)
    if (!existing) {
      const row = await insertActivity(tx, {
        user_id: user.id,
        type: 'steps',
        distance_m: null,
        steps: input.steps,
        duration_s: null,
        started_at: input.startedAt ?? instantInDay(input.localDay, input.timezone),
        timezone: input.timezone,
        local_day: input.localDay,
        source: input.source,
        client_id: null,
        external_id: null,
        raw_m: input.steps * user.stride_length_m,
        daily_total: true
      })
      if (!row) throw new Error('daily total conflicted under the day lock')
      return { row, outcome: 'created' }
    }
    const steps = input.policy === 'greatest' ? Math.max(existing.steps ?? 0, input.steps) : input.steps
    if (steps === existing.steps) return { row: existing, outcome: 'unchanged' }
    const row = await updateActivity(tx, existing.id, { steps, raw_m: steps * user.stride_length_m })
    return { row, outcome: 'updated' }
  }

  /** Credit a user-day again and record one activity.logged per new activity of it. */
  async function credit (tx: DbOrTx, userId: string, localDay: string, strideLengthM: number, newActivityIds: string[]) {
    const result = await recomputeDay(tx, userId, localDay, strideLengthM, options.backfillDays)
    for (const activityId of newActivityIds) {
      await recordEvent(tx, { type: 'activity.logged', teamId: null, payload: { activityId, userId, localDay, teamIds: result.teamIds } })
    }
    return result
  }

  /** Recompute each user-day, one transaction each. */
  async function recomputeAll (days: MemberDay[]): Promise<void> {
    for (const day of days) {
      await db.transaction().execute(tx => recomputeDay(tx, day.user_id, day.local_day, day.stride_length_m, options.backfillDays))
    }
  }

  return {
    /** Log one activity; a clientId or externalId seen before returns the first copy. */
    async log (userId: string, input: LogActivityInput): Promise<{ activity: ActivityView, duplicate: boolean }> {
      const startedAt = checkInput(input, futureSlackMs)
      return db.transaction().execute(async (tx) => {
        const user = await lockUserForCrediting(tx, userId)
        if (!user) throw new AppError('USER_NOT_FOUND')
        if (input.dailyTotal !== true) return logOne(tx, user, input, startedAt)
        const { row, outcome } = await writeDailyTotal(tx, user, phoneDailyTotal(user, input, startedAt))
        if (outcome === 'unchanged') return { activity: toView(row, await creditsOf(tx, [row.id])), duplicate: true }
        // A changed daily total is credited again like a new one.
        const { credits } = await credit(tx, userId, row.local_day, user.stride_length_m, [row.id])
        return { activity: toView(row, credits.map(creditRow)), duplicate: false }
      })
    },

    /**
     * A phone's batch, in one transaction and a handful of statements
     * whatever its size: the items are stored with one multi-row insert,
     * every day they touch is read and credited once (not once per item),
     * and the credits and events are written with one statement; a crash
     * never leaves stored-but-uncredited activities. A rejected item (future
     * start, missing distance) is refused before it touches the database
     * and does not sink the others.
     */
    async sync (userId: string, items: LogActivityInput[]): Promise<SyncResultView> {
      const results: SyncResultView['results'] = []
      const accepted: Array<{ index: number, item: LogActivityInput, startedAt: Date }> = []
      for (const [index, item] of items.entries()) {
        try {
          accepted.push({ index, item, startedAt: checkInput(item, futureSlackMs) })
        } catch (err) {
          if (!(err instanceof AppError)) throw err
          results.push({ index, status: 'rejected', error: { code: err.code, message: err.message } })
        }
      }
      await db.transaction().execute(async (tx) => {
        const user = await lockUserForCrediting(tx, userId)
        if (!user) throw new AppError('USER_NOT_FOUND')
        // Days to credit again, with the activities new or changed on each.
        const touched = new Map<string, string[]>()
        const touch = (day: string, id: string) => touched.set(day, [...(touched.get(day) ?? []), id])

        // Whole-day totals: an upsert each (GREATEST), under the same lock.
        for (const { index, item, startedAt } of accepted.filter(a => a.item.dailyTotal === true)) {
          const { row, outcome } = await writeDailyTotal(tx, user, phoneDailyTotal(user, item, startedAt))
          results.push({ index, status: outcome === 'unchanged' ? 'duplicate' : outcome, activityId: row.id })
          if (outcome !== 'unchanged') touch(row.local_day, row.id)
        }

        const outings = accepted.filter(a => a.item.dailyTotal !== true)
          .map(a => ({ ...a, row: { id: randomUUID(), ...activityRowOf(user, a.item, a.startedAt) } satisfies NewActivity }))
        const stored = await insertMany(tx, user.id, outings.map(o => o.row))
        const copies = await findEarlierCopies(tx, user.id, {
          clientIds: outings.filter(o => !stored.has(o.row.id) && o.row.client_id !== null).map(o => o.row.client_id!),
          external: outings.filter(o => !stored.has(o.row.id) && o.row.external_id !== null).map(o => ({ source: o.row.source, externalId: o.row.external_id! }))
        })
        for (const { index, row } of outings) {
          if (stored.has(row.id)) {
            results.push({ index, status: 'created', activityId: row.id })
            touch(row.local_day, row.id)
            continue
          }
          const copy = copies.find(c => (row.client_id !== null && c.client_id === row.client_id) ||
            (row.external_id !== null && c.source === row.source && c.external_id === row.external_id))
          if (!copy) throw new Error('insert conflicted but no earlier copy was found')
          results.push({ index, status: 'duplicate', activityId: copy.id })
        }

        if (touched.size === 0) return
        const { days, teams, credits: storedCredits } = await readDays(tx, user.id, [...touched.keys()])
        const teamIds = teams.map(t => t.teamId)
        const credited = [...touched.keys()].map(localDay => creditReadDay(user, localDay, { days, teams, credits: storedCredits }))
        await writeDays(tx, user.id, credited, [{
          type: 'activities.synced',
          teamId: null,
          payload: { userId: user.id, localDays: [...touched.keys()], activityIds: [...touched.values()].flat(), teamIds }
        }])
      })
      results.sort((a, b) => a.index - b.index)
      return {
        results,
        created: results.filter(r => r.status === 'created').length,
        updated: results.filter(r => r.status === 'updated').length,
        duplicates: results.filter(r => r.status === 'duplicate').length,
        rejected: results.filter(r => r.status === 'rejected').length
      }
    },

    /**
     * A provider's whole-day totals (Google Health roll-ups), one
     * transaction per day; a day whose figure did not change writes nothing,
     * so a re-run or a re-delivery changes nothing.
     */
    async importDailyTotals (userId: string, totals: DailyTotalInput[]): Promise<Record<ImportOutcome, number>> {
      const user = await findUserById(db, userId)
      if (!user) throw new AppError('USER_NOT_FOUND')
      const counts: Record<ImportOutcome, number> = { created: 0, updated: 0, unchanged: 0 }
      for (const total of totals) {
        await db.transaction().execute(async (tx) => {
          const { row, outcome } = await writeDailyTotal(tx, user, total)
          counts[outcome]++
          if (outcome !== 'unchanged') await credit(tx, userId, row.local_day, user.stride_length_m, [row.id])
        })
      }
      return counts
    },

    /** One provider activity (a Strava ride), created or brought up to date by its id there. */
    async importExternal (userId: string, input: ExternalActivityInput): Promise<ImportOutcome> {
      return db.transaction().execute(async (tx) => {
        const user = await findUserById(tx, userId)
        if (!user) throw new AppError('USER_NOT_FOUND')
        const timezone = canonicalTimeZone(input.timezone)
        const localDay = localDayOf(input.startedAt, timezone)
        const fields = {
          type: input.type,
          distance_m: input.distanceMeters,
          steps: null,
          duration_s: input.durationSeconds,
          started_at: input.startedAt,
          timezone,
          local_day: localDay,
          raw_m: rawMetersOf({ type: input.type, distanceMeters: input.distanceMeters }, user.stride_length_m),
          display_restricted: input.displayRestricted
        }
        const existing = await findBySourceExternalId(tx, userId, input.source, input.externalId)
        if (!existing) {
          await lockAndReadDay(tx, userId, localDay)
          const row = await insertActivity(tx, { ...fields, user_id: userId, source: input.source, external_id: input.externalId, client_id: null })
          if (!row) return 'unchanged'
          await credit(tx, userId, localDay, user.stride_length_m, [row.id])
          return 'created'
        }
        const same = existing.type === fields.type && existing.distance_m === fields.distance_m && existing.duration_s === fields.duration_s &&
          existing.started_at.getTime() === fields.started_at.getTime() && existing.timezone === fields.timezone && existing.display_restricted === fields.display_restricted
        if (same) return 'unchanged'
        await lockAndReadDay(tx, userId, existing.local_day)
        await updateActivity(tx, existing.id, fields)
        if (existing.local_day !== localDay) {
          const { teamIds } = await recomputeDay(tx, userId, existing.local_day, user.stride_length_m, options.backfillDays)
          await recordEvent(tx, { type: 'activity.deleted', teamId: null, payload: { activityId: existing.id, userId, localDay: existing.local_day, teamIds, reason: 'moved_by_source' } })
        }
        await credit(tx, userId, localDay, user.stride_length_m, [existing.id])
        return 'updated'
      })
    },

    /** Credit a user's days again (their source priority changed), one transaction each. */
    async recreditDays (userId: string, days: string[], reason: string): Promise<void> {
      const user = await findUserById(db, userId)
      if (!user) return
      for (const day of days) {
        await db.transaction().execute(async (tx) => {
          const { teamIds } = await recomputeDay(tx, userId, day, user.stride_length_m, options.backfillDays)
          await recordEvent(tx, { type: 'activity.recredited', teamId: null, payload: { userId, localDay: day, teamIds, reason } })
        })
      }
    },

    /** A provider deleted one of its activities: ours goes, and its day is credited again. */
    async removeExternal (userId: string, source: string, externalId: string): Promise<boolean> {
      const existing = await findBySourceExternalId(db, userId, source, externalId)
      if (!existing) return false
      await this.remove(userId, existing.id)
      return true
    },

    /** Everything imported from one source (a disconnection that takes its data): each day credited again. */
    async removeSource (userId: string, source: string): Promise<number> {
      const rows = await listBySource(db, userId, source)
      const user = await findUserById(db, userId)
      const days = [...new Set(rows.map(r => r.local_day))]
      for (const day of days) {
        await db.transaction().execute(async (tx) => {
          const ids = rows.filter(r => r.local_day === day).map(r => r.id)
          await lockAndReadDay(tx, userId, day)
          await tx.deleteFrom('activities').where('id', 'in', ids).execute()
          const { teamIds } = await recomputeDay(tx, userId, day, user?.stride_length_m ?? 0.8, options.backfillDays)
          await recordEvent(tx, { type: 'activity.deleted', teamId: null, payload: { userId, localDay: day, teamIds, reason: `source_removed:${source}` } })
        })
      }
      return rows.length
    },

    async list (userId: string, query: ListActivitiesInput) {
      if (query.teamId !== undefined) await requireMember(db, query.teamId, userId)
      const after = decodeCursor(query.cursor, { s: 'timestamp', i: 'uuid' })
      const rows = await listActivities(db, userId, query, query.limit + 1, after && { startedAt: after.s, id: after.i })
      const { page, nextCursor } = pageOf(rows, query.limit, r => ({ s: r.started_at_key, i: r.id }))
      const credits = await creditsOf(db, page.map(r => r.id))
      return { activities: page.map(r => toView(r, credits)), nextCursor }
    },

    /**
     * Credit a newcomer's activities that fall inside a team's dates (the
     * member.joined event tells aggregation that the totals moved).
     */
    async creditTeamDays (userId: string, teamId: string): Promise<void> {
      const team = await db.selectFrom('teams').select(['start_date', 'end_date']).where('id', '=', teamId).executeTakeFirst()
      if (!team) return
      await recomputeAll(await memberDaysWithActivities(db, teamId, { from: team.start_date, to: team.end_date, userId }))
    },

    /**
     * A team's dates or cap changed: credit its members' days in the range
     * again, the most recent first. Inside the request it is bounded by
     * `limit` (the rest is done by the `recredit-team` job, which passes no
     * limit); recomputing a day twice writes nothing the second time.
     */
    async recreditTeam (teamId: string, from: string, to: string, limit?: number): Promise<{ recomputed: number, skipped: number }> {
      const rows = await memberDaysWithActivities(db, teamId, { from, to, ...(limit !== undefined && { limit: limit + 1 }) })
      const todo = limit === undefined ? rows : rows.slice(0, limit)
      await recomputeAll(todo)
      return { recomputed: todo.length, skipped: rows.length - todo.length }
    },

    /** Delete your own activity; the day's credits are recomputed without it. */
    async remove (userId: string, activityId: string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const activity = await findActivity(tx, activityId)
        if (!activity || activity.user_id !== userId) throw new AppError('ACTIVITY_NOT_FOUND')
        const user = await findUserById(tx, userId)
        await deleteActivity(tx, activityId)
        const { teamIds } = await recomputeDay(tx, userId, activity.local_day, user?.stride_length_m ?? 0.8, options.backfillDays)
        await recordEvent(tx, { type: 'activity.deleted', teamId: null, payload: { activityId, userId, localDay: activity.local_day, teamIds } })
      })
    },

    /** Members see their own lines; the owner and admins see the whole team's. */
    async ledger (userId: string, query: LedgerQueryInput): Promise<{ lines: LedgerLineView[], nextCursor: string | null }> {
      const team = await requireMember(db, query.teamId, userId)
      const after = decodeCursor(query.cursor, { d: 'day', i: 'uuid' })
      const rows = await ledgerLines(db, query.teamId, query, canManage(team.role) ? undefined : userId, query.limit + 1, after && { day: after.d, id: after.i })
      const { page, nextCursor } = pageOf(rows, query.limit, r => ({ d: r.local_day, i: r.activity_id }))
      return {
        // A source whose terms restrict display (Strava) shows others its credited metres only.
        lines: page.map(r => {
          const hidden = r.display_restricted && r.user_id !== userId
          return {
            activityId: r.activity_id,
            userId: r.user_id,
            displayName: r.display_name,
            type: hidden ? null : r.type as LedgerLineView['type'],
            startedAt: hidden ? null : r.started_at.toISOString(),
            localDay: r.local_day,
            source: hidden ? null : r.source,
            rawMeters: hidden ? null : r.raw_m,
            creditedMeters: r.credited_m,
            reason: r.reason as LedgerLineView['reason'],
            detailsHidden: hidden
          }
        }),
        nextCursor
      }
    }
  }
}

export type ActivityService = ReturnType<typeof createActivityService>
