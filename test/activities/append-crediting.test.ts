import t from 'tap'
import fc from 'fast-check'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register } from '../helpers/api.ts'
import { createTeam, joinWithCode } from '../helpers/teams.ts'
import { createDatabase } from '../../src/db/database.ts'
import { creditNext, emptyDayState, type DayState } from '../../src/routes/activities/crediting.ts'
import { appendActivity, lockUserForCrediting, readDays } from '../../src/routes/activities/day-statements.ts'

// POST /activities credits an activity that starts last in its day from
// the day's stored running totals, and anything else by recomputing the
// whole day. Both must give the same lines, to the last bit.

const environment = await testEnvironment(t)
const app = await build(t, environment)
const db = createDatabase({ url: environment.databaseUrl, poolMax: 2 })
t.teardown(() => db.destroy())

const HOUR = 3_600_000
// Midday two days ago in UTC, so every activity's local day is one of three whole days.
const base = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() - 2, 12)

const activity = fc.record({
  type: fc.constantFrom('walk', 'run', 'cycle', 'steps', 'hike'),
  // Big enough for the ceilings (250 km, 100,000 steps) and team caps to bite.
  amount: fc.integer({ min: 1_000, max: 90_000 }),
  // A duration in some: speed limits and duplicate outings.
  minutes: fc.option(fc.integer({ min: 5, max: 300 }), { nil: null }),
  // In steps of 20 minutes over 40 hours: the same start twice happens, and overlaps.
  slot: fc.integer({ min: -60, max: 60 })
})
const scenario = fc.record({
  caps: fc.array(fc.option(fc.integer({ min: 5_000, max: 120_000 }), { nil: null }), { minLength: 1, maxLength: 2 }),
  activities: fc.array(activity, { minLength: 2, maxLength: 14 }),
  // A few in start order (credited alone), the rest as drawn (back-dated ones recompute their day).
  sorted: fc.boolean()
})

type Line = [string, string, number, string | null, number | null, string | null]
async function linesOf (userId: string): Promise<Line[]> {
  const rows = await db.selectFrom('activity_credits').select(['activity_id', 'team_id', 'credited_m', 'reason', 'eligible_m', 'day_reason'])
    .where('user_id', '=', userId).orderBy('activity_id').orderBy('team_id').execute()
  return rows.map(r => [r.activity_id, r.team_id, r.credited_m, r.reason, r.eligible_m, r.day_reason])
}

/**
 * The state the next append to a day would credit from (undefined: it
 * would credit the whole day), read by appending a 1 m probe that is
 * deleted again in the same transaction.
 */
async function probeState (userId: string, localDay: string, startedAt: Date): Promise<DayState | undefined> {
  return db.transaction().execute(async (tx) => {
    const user = (await lockUserForCrediting(tx, userId))!
    const { state } = await appendActivity(tx, {
      user_id: userId, type: 'walk', distance_m: 1, started_at: startedAt, timezone: 'UTC', local_day: localDay, source: 'manual', raw_m: 1
    }, user.stride_length_m)
    await tx.deleteFrom('activities').where('user_id', '=', userId).where('distance_m', '=', 1).execute()
    return state
  })
}

/** The state a day's stored activities leave, by the rules themselves (creditNext in creditDay's order). */
function stateByRules (activities: Array<{ id: string, type: string, raw_m: number, steps: number | null, duration_s: number | null, started_at: Date }>, localDay: string, teams: Parameters<typeof creditNext>[4], stride: number): DayState {
  const state = emptyDayState()
  const ordered = [...activities].sort((a, b) => a.started_at.getTime() - b.started_at.getTime() || a.id.localeCompare(b.id))
  for (const a of ordered) {
    creditNext(state, { id: a.id, type: a.type as never, rawMeters: a.raw_m, steps: a.steps, durationSeconds: a.duration_s, startedAt: a.started_at, late: false }, false, localDay, teams, stride)
  }
  return state
}

t.test('an activity credited alone gets the lines a recomputation of its whole day gives', async (t) => {
  let runs = 0
  let creditedAlone = 0
  await fc.assert(fc.asyncProperty(scenario, async (s) => {
    runs++
    const walker = await register(app, { timezone: 'UTC' })
    const owner = await register(app, { timezone: 'UTC' })
    for (const cap of s.caps) {
      const team = await createTeam(app, owner, { startDate: '2020-01-01', endDate: '2035-12-31', dailyCapMeters: cap })
      await joinWithCode(app, walker, team.joinCode)
    }
    const items = s.sorted ? [...s.activities].sort((a, b) => a.slot - b.slot) : s.activities
    for (const a of items) {
      const res = await app.inject({
        method: 'POST',
        url: '/activities',
        headers: bearer(walker.accessToken),
        payload: {
          type: a.type,
          ...(a.type === 'steps' ? { steps: a.amount } : { distanceMeters: a.amount }),
          ...(a.minutes !== null && { durationSeconds: a.minutes * 60 }),
          startedAt: new Date(base + a.slot * HOUR / 3).toISOString()
        }
      })
      if (res.statusCode !== 201) throw new Error(res.body)
    }
    const before = await linesOf(walker.userId)
    if (before.some(l => l[4] === null)) throw new Error('a line without its day state')

    // The state the stored lines give, as the next append would read it,
    // equals the state the rules reach over the same activities.
    const days = [...new Set((await db.selectFrom('activities').select('local_day').where('user_id', '=', walker.userId).execute()).map(r => r.local_day))]
    const user = (await db.selectFrom('users').select('stride_length_m').where('id', '=', walker.userId).executeTakeFirst())!
    const stored = await readDays(db, walker.userId, days)
    for (const localDay of days) {
      const latest = Math.max(...stored.days.get(localDay)!.map(a => a.started_at.getTime()))
      const state = await probeState(walker.userId, localDay, new Date(latest + 1))
      if (!state) throw new Error(`${localDay}: a last activity was not credited alone`)
      creditedAlone++
      const expected = stateByRules(stored.days.get(localDay)!, localDay, stored.teams, user.stride_length_m)
      const byStart = (a: { start: number }, b: { start: number }) => a.start - b.start
      const expectedCounted = expected.counted.filter(c => c.end > latest + 1).sort(byStart)
      if (state.dayMeters !== expected.dayMeters || state.daySteps !== expected.daySteps || state.onFootMeters !== expected.onFootMeters) {
        throw new Error(`${localDay}: stored totals ${JSON.stringify(state)} vs rules ${JSON.stringify(expected)}`)
      }
      for (const team of stored.teams) {
        if ((state.teamTotals.get(team.teamId) ?? 0) !== (expected.teamTotals.get(team.teamId) ?? 0)) throw new Error(`${localDay}: team total differs`)
      }
      if (JSON.stringify([...state.counted].sort(byStart)) !== JSON.stringify(expectedCounted)) throw new Error(`${localDay}: counted outings differ`)
    }

    // Recomputing every day in full changes no line.
    await app.activities.recreditDays(walker.userId, days, 'check')
    const after = await linesOf(walker.userId)
    if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error(`recomputing changed lines:\n${JSON.stringify(before)}\n${JSON.stringify(after)}`)
  }), { numRuns: 25, endOnFailure: true })
  t.ok(creditedAlone > 0, `${creditedAlone} day states read from stored lines`)
  t.pass(`${runs} random scenarios: credited-alone lines equal the whole day's recomputation`)
})

t.test('a back-dated activity, a day with a whole-day total, and lines without state are credited with their whole day', async (t) => {
  const walker = await register(app, { timezone: 'UTC' })
  const owner = await register(app, { timezone: 'UTC' })
  const team = await createTeam(app, owner, { startDate: '2020-01-01', endDate: '2035-12-31', dailyCapMeters: 10_000 })
  await joinWithCode(app, walker, team.joinCode)
  const post = async (payload: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: '/activities', headers: bearer(walker.accessToken), payload })
    t.equal(res.statusCode, 201, res.body)
    return res.json().data.activity
  }
  const at = (h: number) => new Date(base + h * HOUR).toISOString()
  const probe = (startedAt: string) => probeState(walker.userId, startedAt.slice(0, 10), new Date(startedAt))

  await post({ type: 'walk', distanceMeters: 6000, startedAt: at(2) })
  t.ok(await probe(at(3)), 'after the day\'s last activity: credited alone')
  t.notOk(await probe(at(1)), 'before it: the whole day')
  // The earlier walk takes the first 6 km of the 10 km cap, so the later one keeps only 4 km.
  const early = await post({ type: 'walk', distanceMeters: 6000, startedAt: at(1) })
  t.same(early.credits.map((c: { creditedMeters: number }) => c.creditedMeters), [6000], 'the back-dated walk is credited first in its day')
  const lines = await linesOf(walker.userId)
  t.same(lines.map(l => l[2]).sort(), [4000, 6000], 'and the later walk was credited again behind it')

  await db.updateTable('activity_credits').set({ eligible_m: null }).where('user_id', '=', walker.userId).execute()
  t.notOk(await probe(at(4)), 'lines without state: the whole day')
  await post({ type: 'walk', distanceMeters: 1000, startedAt: at(4) })
  t.notOk((await linesOf(walker.userId)).some(l => l[4] === null), 'and recomputing it fills their state in')

  await post({ type: 'steps', steps: 5000, startedAt: at(-1), source: 'healthkit', dailyTotal: true })
  t.notOk(await probe(at(5)), 'a day with a whole-day total: the whole day')
})
