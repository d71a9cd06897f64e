import t from 'tap'
import { computeProgress, type ProgressInputs } from '../../src/routes/progress/compute.ts'
import { legsOf } from '../../src/lib/geo.ts'

const route = [
  { id: '00000000-0000-4000-8000-000000000001', name: 'London', position: 0, lat: 51.5074, lon: -0.1278 },
  { id: '00000000-0000-4000-8000-000000000002', name: 'Oxford', position: 1, lat: 51.752, lon: -1.2577 },
  { id: '00000000-0000-4000-8000-000000000003', name: 'Birmingham', position: 2, lat: 52.4862, lon: -1.8904 }
]
const { legs, totalMeters } = legsOf(route)

function inputs (over: Partial<ProgressInputs> = {}): ProgressInputs {
  return {
    team: { id: '00000000-0000-4000-8000-0000000000aa', startDate: '2027-01-01', endDate: '2027-01-31', scoring: 'sum' },
    waypoints: route,
    contributors: [
      { userId: 'u1', displayName: 'Ada', creditedMeters: 60_000, isMember: true },
      { userId: 'u2', displayName: 'Bo', creditedMeters: 40_000, isMember: true }
    ],
    lastSevenDaysMeters: 70_000,
    lastActivity: null,
    today: '2027-01-22',
    now: new Date('2027-01-22T12:00:00Z'),
    ...over
  }
}

t.test('sum scoring: position, leg, next waypoint, pace and shares', async (t) => {
  const view = computeProgress(inputs())
  t.equal(view.totalDistance, 100_000)
  t.equal(view.goalDistance, Math.round(totalMeters * 100) / 100)
  t.equal(view.reachedWaypoints, 1, 'past Oxford (about 82 km)')
  t.equal(view.currentLeg?.from.name, 'Oxford')
  t.equal(view.nextWaypoint?.name, 'Birmingham')
  t.ok(Math.abs(view.distanceToNextWaypoint! - (legs[1]!.cumulativeMeters - 100_000)) < 0.01)
  t.equal(view.pace.dailyMeters, 10_000, '70 km over seven days')
  t.equal(view.pace.daysRemaining, 10, '22nd to 31st inclusive')
  t.ok(Math.abs(view.pace.requiredDailyMeters! - (totalMeters - 100_000) / 10) < 0.01)
  const etaDays = (Date.parse(view.eta.finish!) - Date.parse('2027-01-22T12:00:00Z')) / 86_400_000
  t.ok(Math.abs(etaDays - (totalMeters - 100_000) / 10_000) < 1e-6, 'ETA at the seven-day pace')
  t.same(view.members.map(m => [m.displayName, m.sharePercent]), [['Ada', 60], ['Bo', 40]])
  t.equal(view.completed, false)
})

t.test('average scoring divides by current members; leavers still count in the sum', async (t) => {
  const view = computeProgress(inputs({
    team: { ...inputs().team, scoring: 'average' },
    contributors: [...inputs().contributors, { userId: 'u3', displayName: 'Cy', creditedMeters: 20_000, isMember: false }]
  }))
  t.equal(view.totalDistance, 60_000, '120 km over two current members')
  t.equal(view.pace.dailyMeters, 5000)
  t.equal(view.members.find(m => m.userId === 'u3')?.isMember, false)
})

t.test('finished, not started, no route, no pace', async (t) => {
  const done = computeProgress(inputs({ contributors: [{ userId: 'u1', displayName: 'Ada', creditedMeters: 1e7, isMember: true }] }))
  t.equal(done.percentComplete, 100)
  t.equal(done.completed, true)
  t.equal(done.reachedWaypoints, 2)
  t.equal(done.nextWaypoint, null)
  t.equal(done.currentLeg, null)
  t.equal(done.pace.requiredDailyMeters, null)
  t.same(done.position, { lat: route[2]!.lat, lon: route[2]!.lon })

  const early = computeProgress(inputs({ today: '2026-12-25', lastSevenDaysMeters: 0 }))
  t.equal(early.pace.daysRemaining, 31, 'counted from the start date')
  t.equal(early.eta.finish, null, 'no pace, no ETA')

  const late = computeProgress(inputs({ today: '2027-02-05' }))
  t.equal(late.pace.daysRemaining, 0)
  t.equal(late.pace.requiredDailyMeters, null)

  const empty = computeProgress(inputs({ waypoints: [] }))
  t.equal(empty.percentComplete, 0)
  t.equal(empty.position, null)
  t.equal(empty.eta.finish, null)
  const nothing = computeProgress(inputs({ contributors: [] }))
  t.equal(nothing.totalDistance, 0)
  t.same(nothing.members, [])
})

t.test('the first week\'s pace counts only the days since the start', async (t) => {
  const view = computeProgress(inputs({ team: { ...inputs().team, startDate: '2027-01-21' }, lastSevenDaysMeters: 10_000 }))
  t.equal(view.pace.dailyMeters, 5000, '10 km over two days, not seven')
  const before = computeProgress(inputs({ team: { ...inputs().team, startDate: '2027-01-30' }, lastSevenDaysMeters: 0 }))
  t.equal(before.pace.dailyMeters, 0, 'not started: no pace, no division by zero')
})

t.test('percent is rounded down: 100 only when finished', async (t) => {
  const almost = computeProgress(inputs({ contributors: [{ userId: 'u1', displayName: 'Ada', creditedMeters: totalMeters - 0.4, isMember: true }] }))
  t.equal(almost.completed, false)
  t.equal(almost.percentComplete, 99.99)
  const done = computeProgress(inputs({ contributors: [{ userId: 'u1', displayName: 'Ada', creditedMeters: totalMeters, isMember: true }] }))
  t.same([done.completed, done.percentComplete], [true, 100])
})

t.test('the same inputs give the same view (the worker may run any number of times)', async (t) => {
  t.same(computeProgress(inputs()), computeProgress(inputs()))
})
