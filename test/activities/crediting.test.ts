import t from 'tap'
import { addDays, creditDay, localDayOf, rawMetersOf, type DayActivity } from '../../src/routes/activities/crediting.ts'

t.test('local days across DST changes and the date line', async (t) => {
  // London springs forward at 01:00 UTC on 2026-03-29; 00:30 UTC is still the 29th, 23:30 UTC on the 28th is the 28th.
  t.equal(localDayOf(new Date('2026-03-28T23:30:00Z'), 'Europe/London'), '2026-03-28')
  t.equal(localDayOf(new Date('2026-03-29T23:30:00Z'), 'Europe/London'), '2026-03-30', 'BST: 23:30 UTC is 00:30 the next day')
  t.equal(localDayOf(new Date('2026-10-25T23:30:00Z'), 'Europe/London'), '2026-10-25', 'back on GMT')
  // New York falls back on 2026-11-01 at 06:00 UTC.
  t.equal(localDayOf(new Date('2026-11-01T04:30:00Z'), 'America/New_York'), '2026-11-01')
  t.equal(localDayOf(new Date('2026-11-01T03:30:00Z'), 'America/New_York'), '2026-10-31')
  // One instant, two calendar days a date line apart.
  const instant = new Date('2026-11-21T11:00:00Z')
  t.equal(localDayOf(instant, 'Pacific/Kiritimati'), '2026-11-22', 'UTC+14')
  t.equal(localDayOf(instant, 'Pacific/Pago_Pago'), '2026-11-21', 'UTC-11')
  t.equal(addDays('2028-03-01', -1), '2028-02-29', 'leap years')
})

t.test('the cached local day equals Intl\'s across every transition of odd zones', async (t) => {
  const zones = ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kathmandu', 'America/St_Johns', 'Africa/Casablanca', 'America/Santiago', 'Pacific/Kiritimati']
  const reference = new Map(zones.map(z => [z, new Intl.DateTimeFormat('en-CA', { timeZone: z, year: 'numeric', month: '2-digit', day: '2-digit' })]))
  const mismatches: string[] = []
  let checked = 0
  // A year in steps of 23 min 13 s, so instants fall at every minute of the hour, transitions included.
  for (const zone of zones) {
    for (let time = Date.UTC(2026, 0, 1); time < Date.UTC(2027, 0, 1); time += 23 * 60_000 + 13_000) {
      checked++
      const instant = new Date(time)
      if (localDayOf(instant, zone) !== reference.get(zone)!.format(instant)) mismatches.push(`${zone} ${instant.toISOString()}`)
    }
  }
  t.ok(checked > 150_000, `${checked} instants checked`)
  t.same(mismatches.slice(0, 5), [], 'no instant differs')
  t.equal(addDays('2026-12-31', 1), '2027-01-01')
  t.equal(addDays('2026-01-01', -400), '2024-11-27')
})

t.test('steps become distance through the stride', async (t) => {
  t.equal(rawMetersOf({ type: 'steps', steps: 10_000 }, 0.75), 7500)
  t.equal(rawMetersOf({ type: 'run', distanceMeters: 5000 }, 0.75), 5000)
})

const activity = (id: string, over: Partial<DayActivity> = {}): DayActivity => ({
  id, type: 'walk', rawMeters: 5000, steps: null, durationSeconds: null, startedAt: new Date(`2027-01-10T0${id}:00:00Z`), late: false, ...over
})
const team = { teamId: 'T', startDate: '2027-01-01', endDate: '2027-01-31', dailyCapMeters: null }

t.test('what is over a limit is capped and says why', async (t) => {
  const [fast] = creditDay([activity('1', { durationSeconds: 3600, rawMeters: 20_000 })], '2027-01-10', [team], 0.8)
  t.same([fast!.creditedMeters, fast!.reason], [12_000, 'speed_limit'], 'walking 20 km in an hour is capped at 12 km/h')

  const day = creditDay([activity('1', { type: 'cycle', rawMeters: 200_000 }), activity('2', { type: 'cycle', rawMeters: 100_000 })], '2027-01-10', [team], 0.8)
  t.same(day.map(c => [c.creditedMeters, c.reason]), [[200_000, null], [50_000, 'daily_ceiling']], '250 km a day at most, whatever the stride')

  const mixed = creditDay([activity('1', { type: 'steps', steps: 90_000, rawMeters: 72_000 }), activity('2', { type: 'cycle', rawMeters: 120_000 }), activity('3', { type: 'steps', steps: 20_000, rawMeters: 16_000 })], '2027-01-10', [team], 0.8)
  t.same(mixed.map(c => [c.creditedMeters, c.reason]), [[72_000, null], [120_000, null], [8000, 'daily_ceiling']], 'the step ceiling counts steps only')

  const steppy = creditDay([activity('1', { type: 'steps', rawMeters: 120_000 * 0.8, steps: 120_000 })], '2027-01-10', [team], 0.8)
  t.same([steppy[0]!.creditedMeters, steppy[0]!.reason], [80_000, 'daily_ceiling'], '100,000 steps a day at most')

  const capped = creditDay([activity('1'), activity('2')], '2027-01-10', [{ ...team, dailyCapMeters: 8000 }], 0.8)
  t.same(capped.map(c => [c.creditedMeters, c.reason]), [[5000, null], [3000, 'team_daily_cap']])

  const outside = creditDay([activity('1')], '2027-02-01', [team], 0.8)
  t.same([outside[0]!.creditedMeters, outside[0]!.reason], [0, 'outside_team_window'])

  const late = creditDay([activity('1', { late: true })], '2027-01-10', [team], 0.8)
  t.same([late[0]!.creditedMeters, late[0]!.reason], [0, 'late'])
})

t.test('the same outing recorded twice credits once', async (t) => {
  const watch = activity('1', { durationSeconds: 3600, startedAt: new Date('2027-01-10T07:00:00Z') })
  const manual = activity('2', { durationSeconds: 3000, startedAt: new Date('2027-01-10T07:05:00Z'), rawMeters: 5200 })
  const later = activity('3', { durationSeconds: 1800, startedAt: new Date('2027-01-10T07:50:00Z') })
  const credits = creditDay([manual, later, watch], '2027-01-10', [team], 0.8)
  const byId = Object.fromEntries(credits.map(c => [c.activityId, [c.creditedMeters, c.reason]]))
  t.same(byId['1'], [5000, null], 'the first recording counts')
  t.same(byId['2'], [0, 'duplicate'], 'the overlapping one is a duplicate')
  t.same(byId['3'], [5000, null], 'ten minutes of overlap is not the same outing')
})

t.test('the order activities arrive in does not change the result', async (t) => {
  const teams = [{ ...team, dailyCapMeters: 7000 }]
  const a = creditDay([activity('1'), activity('2'), activity('3')], '2027-01-10', teams, 0.8)
  const b = creditDay([activity('3'), activity('1'), activity('2')], '2027-01-10', teams, 0.8)
  t.same(a, b)
})
