import t from 'tap'
import { quietHoursEnd, resolvePreferences, wants } from '../../src/routes/notifications/preferences.ts'
import { renderEmail } from '../../src/routes/notifications/templates.ts'
import { deriveKey, invitationToken, signValue, verifyValue } from '../../src/lib/signing.ts'
import { zonedTime } from '../../src/lib/wall-clock.ts'
import { isoWeekOf, weekRange } from '../../src/routes/reports/weeks.ts'
import { csvSafe } from '../../src/routes/reports/render.ts'
import { computeReport } from '../../src/routes/reports/compute.ts'

t.test('quiet hours in the person\'s own zone, across midnight and DST', async (t) => {
  const night = { start: '22:00', end: '07:00' }
  t.equal(quietHoursEnd(new Date('2027-01-15T04:30:00Z'), 'America/New_York', night)?.toISOString(), '2027-01-15T12:00:00.000Z', '23:30 EST → 07:00 EST')
  t.equal(quietHoursEnd(new Date('2027-01-15T22:30:00Z'), 'Europe/London', night)?.toISOString(), '2027-01-16T07:00:00.000Z', 'before midnight: ends tomorrow')
  t.equal(quietHoursEnd(new Date('2027-01-16T05:00:00Z'), 'Europe/London', night)?.toISOString(), '2027-01-16T07:00:00.000Z', 'after midnight: ends today')
  t.equal(quietHoursEnd(new Date('2027-01-16T12:00:00Z'), 'Europe/London', night), null, 'midday is not quiet')
  t.equal(quietHoursEnd(new Date('2027-01-16T07:00:00Z'), 'Europe/London', night), null, 'the end minute is not quiet')
  // London springs forward at 01:00 UTC on 28 March 2027: 07:00 local is then 06:00 UTC.
  t.equal(quietHoursEnd(new Date('2027-03-27T23:00:00Z'), 'Europe/London', night)?.toISOString(), '2027-03-28T06:00:00.000Z', 'DST night')
  t.equal(quietHoursEnd(new Date('2027-01-15T13:00:00Z'), 'Asia/Kolkata', { start: '13:00', end: '20:30' })?.toISOString(), '2027-01-15T15:00:00.000Z', 'a daytime window, half-hour zone')
  t.equal(quietHoursEnd(new Date(), 'UTC', null), null)
  t.equal(zonedTime('2027-10-31', 90, 'Europe/London').toISOString(), '2027-10-31T01:30:00.000Z', '01:30 on the night clocks go back happens twice: the later one (quiet hours never end early)')
})

t.test('preferences: defaults, per type and channel, digest', async (t) => {
  const defaults = resolvePreferences(undefined)
  t.equal(wants(defaults, 'waypoint_reached', 'email'), true)
  t.equal(wants(defaults, 'member_joined', 'email'), false)
  t.equal(wants(defaults, 'digest', 'email'), false, 'no digest unless asked')
  const mine = resolvePreferences({ channels: { milestone: { inApp: false } }, quietStart: null, quietEnd: null, digest: true })
  t.same(mine.types.milestone, { inApp: false, email: true }, 'a partial change keeps the other channel')
  t.equal(wants(mine, 'digest', 'email'), true)
})

t.test('signed values: tamper-proof, purpose-bound', async (t) => {
  const a = deriveKey('a-secret-that-is-long-enough-0123456789', 'unsubscribe-links')
  const b = deriveKey('a-secret-that-is-long-enough-0123456789', 'invitation-tokens')
  const token = signValue(a, { e: 'x@example.com', t: 'milestone' })
  t.same(verifyValue(a, token), { e: 'x@example.com', t: 'milestone' })
  t.equal(verifyValue(b, token), undefined, 'another purpose\'s key rejects it')
  t.equal(verifyValue(a, token.replace(/^./, c => c === 'e' ? 'f' : 'e')), undefined, 'a changed body fails')
  t.equal(verifyValue(a, `${token}x`), undefined)
  t.equal(verifyValue(a, 'no-dot'), undefined)
  t.equal(invitationToken(b, 'id-1'), invitationToken(b, 'id-1'), 'an invitation token is derived, the same every time')
  t.not(invitationToken(b, 'id-1'), invitationToken(b, 'id-2'))
})

t.test('emails escape names and carry the unsubscribe link in both bodies', async (t) => {
  const mail = renderEmail('waypoint_reached', {
    data: { teamName: '<img src=x onerror=alert(1)>', waypointName: 'Bath & "Wells"', position: 2, totalDistance: 12_345 },
    reader: { displayName: 'Ada', units: 'imperial', timezone: 'UTC' },
    links: { unsubscribe: 'http://x.test/unsubscribe?token=a.b', preferences: 'http://x.test/prefs' }
  })
  t.notMatch(mail.html, '<img')
  t.match(mail.html, '&lt;img src=x onerror=alert(1)&gt;')
  t.match(mail.html, 'Bath &amp; &quot;Wells&quot;')
  t.match(mail.text, '7.7 mi')
  t.match(mail.text, 'http://x.test/unsubscribe?token=a.b')
  t.match(mail.html, 'href="http://x.test/unsubscribe?token=a.b"')
})

t.test('ISO weeks', async (t) => {
  t.equal(isoWeekOf('2026-11-16'), '2026-W47')
  t.equal(isoWeekOf('2026-11-22'), '2026-W47', 'Sunday ends the week')
  t.equal(isoWeekOf('2027-01-01'), '2026-W53', '2026 has 53 weeks: 1 Jan 2027 is in its last')
  t.equal(isoWeekOf('2024-12-30'), '2025-W01', 'late December can be next year\'s week 1')
  t.same(weekRange('2026-W47'), { from: '2026-11-16', to: '2026-11-22' })
  t.same(weekRange('2026-W53'), { from: '2026-12-28', to: '2027-01-03' })
  t.equal(weekRange('2027-W53'), undefined, '2027 has 52 weeks')
  t.equal(weekRange('2026-47'), undefined)
})

t.test('CSV cells that a spreadsheet would run become text', async (t) => {
  for (const value of ['=1+1', '+44 20', '-2', '@SUM(A1)', '\tx', '\rx']) t.equal(csvSafe(value), `'${value}`, JSON.stringify(value))
  t.equal(csvSafe('Ada'), 'Ada')
  t.equal(csvSafe('a=b'), 'a=b')
})

t.test('a report from its inputs: streaks, average scoring, pace, a finished route', async (t) => {
  const base = {
    team: { id: 't', name: 'T', timezone: 'UTC', startDate: '2026-11-01', endDate: '2026-11-30', scoring: 'average' as const, goalMeters: 100_000 },
    week: '2026-W47',
    from: '2026-11-16',
    to: '2026-11-22',
    people: [{ userId: 'a', displayName: 'A', isMember: true }, { userId: 'b', displayName: 'B', isMember: true }],
    arrivals: []
  }
  const report = computeReport({
    ...base,
    credits: [
      { userId: 'a', day: '2026-11-14', meters: 1000 }, { userId: 'a', day: '2026-11-15', meters: 1000 },
      { userId: 'a', day: '2026-11-16', meters: 2000 }, { userId: 'a', day: '2026-11-20', meters: 3000 },
      { userId: 'a', day: '2026-11-21', meters: 3000 }, { userId: 'a', day: '2026-11-22', meters: 3000 },
      { userId: 'b', day: '2026-11-16', meters: 7000 }, { userId: 'b', day: '2026-11-23', meters: 50_000 }
    ]
  })
  const a = report.members.find(m => m.userId === 'a')!
  t.same([a.weekMeters, a.toDateMeters, a.activeDays, a.streakDays, a.longestStreakInWeek], [11_000, 13_000, 4, 3, 3])
  const b = report.members.find(m => m.userId === 'b')!
  t.same([b.weekMeters, b.toDateMeters, b.streakDays], [7000, 7000, 0], 'nothing after the week counts')
  t.equal(report.totals.weekMeters, 18_000)
  t.equal(report.totals.progressMeters, 10_000, 'average scoring: 20 km over two members')
  t.equal(report.totals.percentComplete, 10)
  t.equal(report.pace.daysRemaining, 8, '23 to 30 November')
  t.equal(report.pace.requiredDailyMeters, 11_250)
  t.equal(report.pace.achievedDailyMeters, Math.round((18_000 / 2 / 7) * 100) / 100)
  t.same(report.daily.map(d => d.meters), [9000, 0, 0, 0, 3000, 3000, 3000])
  const done = computeReport({ ...base, team: { ...base.team, scoring: 'sum', goalMeters: 5000 }, credits: [{ userId: 'a', day: '2026-11-17', meters: 6000 }] })
  t.equal(done.totals.percentComplete, 100)
  t.equal(done.pace.requiredDailyMeters, null, 'finished: no pace needed')
})
