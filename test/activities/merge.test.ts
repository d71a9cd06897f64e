import t from 'tap'
import { chooseDailyTotal, creditDay, type DayActivity } from '../../src/routes/activities/crediting.ts'

// The per-day merge as a plain function: several sources describe one day,
// and the credited total is never their sum.
const day = '2026-11-30'
const team = { teamId: 'team', startDate: '2026-11-01', endDate: '2026-12-31', dailyCapMeters: null }
let n = 0
function activity (fields: Partial<DayActivity>): DayActivity {
  return { id: `a${n++}`, type: 'steps', rawMeters: 0, steps: null, durationSeconds: null, startedAt: new Date(`${day}T12:00:00Z`), late: false, ...fields }
}
const total = (source: string, steps: number) => activity({ source, dailyTotal: true, steps, rawMeters: steps * 0.8 })
const byId = (credits: ReturnType<typeof creditDay>) => Object.fromEntries(credits.map(c => [c.activityId, c]))
const sum = (credits: ReturnType<typeof creditDay>) => credits.reduce((s, c) => s + c.creditedMeters, 0)

t.test('two whole-day totals: the higher counts, the other is superseded', async (t) => {
  const phone = total('healthkit', 8000)
  const google = total('google_health', 10_000)
  const credits = byId(creditDay([phone, google], day, [team], 0.8))
  t.match(credits[google.id], { creditedMeters: 8000, reason: null })
  t.match(credits[phone.id], { creditedMeters: 0, reason: 'superseded_by_source' })
})

t.test('a source priority wins over the default rule; sources it does not list fall back to it', async (t) => {
  const phone = total('healthkit', 8000)
  const google = total('google_health', 10_000)
  t.equal(chooseDailyTotal([phone, google], ['healthkit'])?.id, phone.id)
  t.equal(chooseDailyTotal([phone, google], ['garmin'])?.id, google.id, 'no total from the preferred source: the highest')
  t.equal(chooseDailyTotal([], ['healthkit']), undefined)
  const credits = creditDay([phone, google], day, [team], 0.8, ['healthkit'])
  t.equal(sum(credits), 6400)
})

t.test('the chosen total tops up the day\'s on-foot outings; rides add on top', async (t) => {
  const google = total('google_health', 10_000) // 8 km
  const walk = activity({ type: 'walk', rawMeters: 3000, durationSeconds: 2400, startedAt: new Date(`${day}T09:00:00Z`), source: 'manual' })
  const ride = activity({ type: 'cycle', rawMeters: 20_000, durationSeconds: 3600, startedAt: new Date(`${day}T15:00:00Z`), source: 'strava' })
  const credits = byId(creditDay([google, walk, ride], day, [team], 0.8))
  t.match(credits[google.id], { creditedMeters: 5000, reason: 'covered_by_activities' })
  t.equal(credits[walk.id]!.creditedMeters, 3000)
  t.equal(credits[ride.id]!.creditedMeters, 20_000)
  const long = activity({ type: 'run', rawMeters: 9000, durationSeconds: 3000, startedAt: new Date(`${day}T18:00:00Z`) })
  const again = byId(creditDay([google, walk, ride, long], day, [team], 0.8))
  t.match(again[google.id], { creditedMeters: 0, reason: 'covered_by_activities' })
  t.equal(sum(Object.values(again)), 32_000, 'on foot max(8 km, 12 km) + the ride')
})

t.test('without whole-day totals nothing changes: the result does not depend on the merge', async (t) => {
  const a = activity({ type: 'walk', rawMeters: 4000, durationSeconds: 3000 })
  const b = activity({ type: 'walk', rawMeters: 4000, durationSeconds: 3000, startedAt: new Date(`${day}T12:10:00Z`) })
  const credits = byId(creditDay([a, b], day, [team], 0.8))
  t.match(credits[b.id], { creditedMeters: 0, reason: 'duplicate' }, 'the overlap rule still applies')
  t.equal(credits[a.id]!.creditedMeters, 4000)
})

t.test('daily ceilings and team caps still bound a merged day', async (t) => {
  const google = total('google_health', 120_000)
  const capped = { ...team, dailyCapMeters: 50_000 }
  const credits = byId(creditDay([google, total('healthkit', 90_000)], day, [capped], 0.8))
  t.match(credits[google.id], { creditedMeters: 50_000, reason: 'daily_ceiling' })
})
