import t from 'tap'
import fc from 'fast-check'
import { sql } from 'kysely'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, register } from '../helpers/api.ts'
import { createTeam, joinWithCode } from '../helpers/teams.ts'
import { createDatabase } from '../../src/db/database.ts'

const environment = await testEnvironment(t)
const app = await build(t, environment)
const db = createDatabase({ url: environment.databaseUrl, poolMax: 2 })
t.teardown(() => db.destroy())

const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kolkata', 'Australia/Adelaide']
const DAY = 86_400_000
const dayOffset = (d: number) => new Date(Date.now() + d * DAY).toISOString().slice(0, 10)

const scenario = fc.record({
  zones: fc.tuple(fc.constantFrom(...ZONES), fc.constantFrom(...ZONES)),
  teams: fc.array(fc.record({
    cap: fc.option(fc.integer({ min: 500, max: 15_000 }), { nil: null }),
    startOffset: fc.integer({ min: -6, max: 0 }),
    length: fc.integer({ min: 0, max: 6 })
  }), { minLength: 1, maxLength: 2 }),
  activities: fc.array(fc.record({
    who: fc.integer({ min: 0, max: 1 }),
    hoursAgo: fc.integer({ min: 1, max: 8 * 24 }),
    meters: fc.integer({ min: 1, max: 20_000 }),
    zone: fc.option(fc.constantFrom(...ZONES), { nil: undefined })
  }), { minLength: 1, maxLength: 10 })
})

t.test('per team and day, credited totals equal an independent SQL computation', async (t) => {
  let runs = 0
  await fc.assert(fc.asyncProperty(scenario, async (s) => {
    runs++
    const people = [await register(app, { timezone: s.zones[0] }), await register(app, { timezone: s.zones[1] })]
    const teamIds: string[] = []
    for (const spec of s.teams) {
      const team = await createTeam(app, people[0]!, {
        startDate: dayOffset(spec.startOffset), endDate: dayOffset(spec.startOffset + spec.length), dailyCapMeters: spec.cap
      })
      await joinWithCode(app, people[1]!, team.joinCode)
      teamIds.push(team.id)
    }
    for (const a of s.activities) {
      const res = await app.inject({
        method: 'POST',
        url: '/activities',
        headers: bearer(people[a.who]!.accessToken),
        payload: { type: 'walk', distanceMeters: a.meters, startedAt: new Date(Date.now() - a.hoursAgo * 3_600_000).toISOString(), ...(a.zone && { timezone: a.zone }) }
      })
      if (res.statusCode !== 201) throw new Error(res.body)
    }

    // What the API's ledger says, summed per team and day…
    const fromLedger = new Map<string, number>()
    for (const teamId of teamIds) {
      const lines = (await app.inject({ method: 'GET', url: `/activities/ledger?teamId=${teamId}&limit=500`, headers: bearer(people[0]!.accessToken) })).json().data
      for (const line of lines) {
        const key = `${teamId} ${line.localDay}`
        fromLedger.set(key, (fromLedger.get(key) ?? 0) + line.creditedMeters)
      }
    }
    // …against SQL over the raw activities, memberships and team rules only
    // (no speed or ceiling limits can bite: walks without durations, ≤ 200 km a day).
    const expected = await sql<{ team_id: string, local_day: string, total: number }>`
      with per_member as (
        select t.id as team_id, a.local_day, a.user_id,
               least(sum(a.raw_m), coalesce(t.daily_cap_m, 'Infinity'::float8)) as credited
        from activities a
        join team_members m on m.user_id = a.user_id
        join teams t on t.id = m.team_id
        where t.id = any(${teamIds}::uuid[]) and a.local_day between t.start_date and t.end_date
        group by t.id, a.local_day, a.user_id, t.daily_cap_m
      )
      select team_id, local_day::text, sum(credited) as total from per_member group by team_id, local_day`.execute(db)
    const fromSql = new Map(expected.rows.map(r => [`${r.team_id} ${r.local_day}`, Number(r.total)]))
    for (const [key, total] of fromLedger) {
      if (total === 0 && !fromSql.has(key)) continue
      if (Math.abs((fromSql.get(key) ?? 0) - total) > 1e-6) throw new Error(`${key}: ledger ${total} vs SQL ${fromSql.get(key)}`)
    }
    for (const [key, total] of fromSql) {
      if (Math.abs((fromLedger.get(key) ?? 0) - total) > 1e-6) throw new Error(`${key}: SQL ${total} vs ledger ${fromLedger.get(key)}`)
    }
  }), { numRuns: 12 })
  t.pass(`${runs} random scenarios: ledger totals per team and day equal the SQL computation`)
})
