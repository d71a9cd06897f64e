import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { sql } from 'kysely'
import { build, testEnvironment } from '../helpers/build.ts'
import { bearer, errorCode, register, type Account } from '../helpers/api.ts'
import { createTeam, joinWithCode } from '../helpers/teams.ts'
import { addRoute } from '../helpers/progress.ts'
import { sentMail } from '../helpers/mail.ts'
import { launchChromium } from '../helpers/browser.ts'
import { runJob, type JobDeps } from '../../src/workers/handlers.ts'
import { addDays, isoWeekOf, isoWeekday, weekRange } from '../../src/routes/reports/weeks.ts'

const environment = await testEnvironment(t)
const app = await build(t, environment)
const deps: JobDeps = app.jobDeps

// The last full ISO week (UTC), whatever day the tests run.
const today = new Date().toISOString().slice(0, 10)
const thisMonday = addDays(today, 1 - isoWeekday(today))
const week = isoWeekOf(addDays(thisMonday, -7))
const { from, to } = weekRange(week)!

async function logOn (account: Account, day: string, meters: number, hour = 9) {
  const res = await app.inject({
    method: 'POST',
    url: '/activities',
    headers: bearer(account.accessToken),
    payload: { type: 'cycle', distanceMeters: meters, durationSeconds: Math.ceil(meters / 6), startedAt: `${day}T${String(hour).padStart(2, '0')}:00:00Z`, timezone: 'UTC' }
  })
  if (res.statusCode !== 201) throw new Error(`log failed: ${res.statusCode} ${res.body}`)
}

const owner = await register(app, { displayName: 'Ada', timezone: 'UTC' })
const evil = await register(app, { displayName: '=HYPERLINK("http://evil.example","x")', timezone: 'UTC' })
const tagged = await register(app, { displayName: '<script>alert(1)</script>', timezone: 'UTC', units: 'imperial' })
const outsider = await register(app, { displayName: 'Outsider' })
await createTeam(app, outsider, { name: 'Elsewhere' })
const team = await createTeam(app, owner, { name: 'Walkers & Co', startDate: addDays(from, -14), endDate: addDays(to, 40), timezone: 'UTC' })
await joinWithCode(app, evil, team.joinCode)
await joinWithCode(app, tagged, team.joinCode)
await addRoute(app, owner, team.id)

// A seeded week: Ada every day but Wednesday, the others now and then; some before the week, one after it.
const seeded: Array<[Account, number, number]> = [
  [owner, -3, 15_000], [owner, 0, 10_000], [owner, 1, 12_500], [owner, 3, 8_000], [owner, 4, 9_000], [owner, 5, 20_000], [owner, 6, 5_000],
  [evil, 0, 30_000], [evil, 6, 2_500], [evil, 6, 4_000],
  [tagged, -1, 7_000], [tagged, 2, 11_000]
]
for (const [who, offset, meters] of seeded) await logOn(who, addDays(from, offset), meters, 8 + (meters % 7))
await logOn(owner, addDays(to, 1), 50_000)

// Aggregation runs now and reaches Oxford (82 km) and Birmingham (176 km); as if it had run
// during the week, Oxford's arrival is moved to its Saturday (Birmingham came after the week).
await runJob('aggregate-progress', { teamId: team.id }, deps)
const oxford = await app.db.selectFrom('waypoints').select('id').where('team_id', '=', team.id).where('name', '=', 'Oxford').executeTakeFirstOrThrow()
await app.db.updateTable('waypoint_arrivals').set({ reached_at: new Date(`${addDays(from, 5)}T18:00:00Z`) }).where('waypoint_id', '=', oxford.id).execute()

const generated = await runJob('generate-reports', { teamId: team.id, week }, deps) as { reports: Array<{ reportId: string, replaced: boolean }> }
const reportId = generated.reports[0]!.reportId

t.test('the report\'s numbers equal an independent SQL computation', async (t) => {
  const res = await app.inject({ method: 'GET', url: `/reports/${reportId}`, headers: bearer(evil.accessToken) })
  t.equal(res.statusCode, 200)
  const report = res.json().data.report
  t.equal(report.week, week)
  t.same([report.from, report.to], [from, to])

  const perMember = await sql<{ user_id: string, week_m: number, to_date_m: number, active_days: number }>`
    select user_id,
           coalesce(sum(credited_m) filter (where local_day between ${from}::date and ${to}::date), 0)::float8 as week_m,
           coalesce(sum(credited_m) filter (where local_day <= ${to}::date), 0)::float8 as to_date_m,
           count(distinct local_day) filter (where local_day between ${from}::date and ${to}::date and credited_m > 0)::int as active_days
    from activity_credits where team_id = ${team.id} group by user_id`.execute(app.db)
  t.equal(perMember.rows.length, 3)
  for (const row of perMember.rows) {
    const line = report.members.find((m: { userId: string }) => m.userId === row.user_id)
    t.ok(line, `a line for ${row.user_id}`)
    t.equal(line.weekMeters, row.week_m, 'week distance')
    t.equal(line.toDateMeters, row.to_date_m, 'distance to date (not counting after the week)')
    t.equal(line.activeDays, row.active_days, 'active days')
  }
  const daily = await sql<{ day: string, meters: number }>`
    select local_day::text as day, sum(credited_m)::float8 as meters from activity_credits
    where team_id = ${team.id} and local_day between ${from}::date and ${to}::date group by local_day`.execute(app.db)
  for (const d of report.daily) t.equal(d.meters, daily.rows.find(r => r.day === d.day)?.meters ?? 0, `daily distance ${d.day}`)
  const weekTotal = perMember.rows.reduce((s, r) => s + r.week_m, 0)
  const toDate = perMember.rows.reduce((s, r) => s + r.to_date_m, 0)
  t.equal(report.totals.weekMeters, weekTotal)
  t.equal(report.totals.toDateMeters, toDate)
  const goal = (await app.db.selectFrom('teams').select('goal_distance_m').where('id', '=', team.id).executeTakeFirstOrThrow()).goal_distance_m
  t.equal(report.totals.percentComplete, Math.floor((toDate / goal) * 10_000) / 100)
  const daysLeft = Math.round((Date.parse(addDays(to, 40)) - Date.parse(to)) / 86_400_000)
  t.equal(report.pace.daysRemaining, daysLeft)
  t.equal(report.pace.requiredDailyMeters, Math.round(((goal - toDate) / daysLeft) * 100) / 100, 'the pace needed to finish on time')
  t.equal(report.pace.achievedDailyMeters, Math.round((weekTotal / 7) * 100) / 100)
  t.same(report.waypointsReached.map((w: { name: string }) => w.name), ['Oxford'], 'waypoints reached that week')
  t.equal(report.topContributors[0].userId, owner.userId, 'Ada contributed most')
  const ada = report.members.find((m: { userId: string }) => m.userId === owner.userId)
  t.equal(ada.streakDays, 4, 'Thursday to Sunday')
  t.equal(ada.longestStreakInWeek, 4)
})

t.test('stored once per team and week: a rerun replaces, and report.ready is recorded once', async (t) => {
  t.equal(generated.reports[0]!.replaced, false)
  const again = await runJob('generate-reports', { teamId: team.id, week }, deps) as { reports: Array<{ reportId: string, replaced: boolean }> }
  t.same(again.reports.map(r => [r.reportId, r.replaced]), [[reportId, true]], 'same report, replaced')
  const rows = await app.db.selectFrom('reports').select('id').where('team_id', '=', team.id).execute()
  t.equal(rows.length, 1)
  const events = await app.db.selectFrom('outbox').select(['id', 'payload']).where('type', '=', 'report.ready').where('team_id', '=', team.id).execute()
  t.equal(events.length, 1)
  t.same(events[0]!.payload, { teamId: team.id, reportId, week })

  // report.ready → in-app and email to each member.
  await runJob('send-notifications', { eventId: events[0]!.id }, deps)
  await runJob('send-notifications', { eventId: events[0]!.id }, deps)
  const inApp = await app.db.selectFrom('notifications').select('user_id').where('event_id', '=', events[0]!.id).execute()
  t.equal(inApp.length, 3, 'one in-app notification per member')
  const mail = (await sentMail(environment.emulators.sesEndpoint, owner.email)).filter(m => m.subject.includes(week))
  t.equal(mail.length, 1, 'one email to the owner')
  t.match(mail[0]!.body.text, `/reports/${reportId}?format=html`, 'linking to the report')
  t.match(mail[0]!.body.html, 'Walkers &amp; Co')
})

t.test('the weekly schedule: Monday morning in each team\'s zone, once', async (t) => {
  const west = await createTeam(app, owner, { name: 'West coast', startDate: addDays(from, -7), endDate: addDays(to, 30), timezone: 'America/Los_Angeles' })
  const at = (iso: string): JobDeps => ({ ...deps, now: () => new Date(iso) })
  const early = await runJob('generate-reports', {}, at(`${thisMonday}T10:00:00Z`)) as { reports: Array<{ teamId: string }> }
  t.notOk(early.reports.some(r => r.teamId === west.id), '02:00 on Monday in Los Angeles: not yet')
  const due = await runJob('generate-reports', {}, at(`${thisMonday}T15:00:00Z`)) as { reports: Array<{ teamId: string, week: string }> }
  t.same(due.reports.filter(r => r.teamId === west.id).map(r => r.week), [week], '07:00 there: last week\'s report')
  t.notOk(due.reports.some(r => r.teamId === team.id), 'a team with its report already is left alone')
  const later = await runJob('generate-reports', {}, at(`${thisMonday}T16:00:00Z`)) as { reports: unknown[] }
  t.equal(later.reports.length, 0, 'the next hourly run generates nothing again')
})

t.test('listing and reading are for members only', async (t) => {
  const list = await app.inject({ method: 'GET', url: `/teams/${team.id}/reports`, headers: bearer(tagged.accessToken) })
  t.equal(list.statusCode, 200)
  t.same(list.json().data.map((r: { id: string }) => r.id), [reportId])
  t.equal(list.json().meta.nextCursor, null)
  t.equal(errorCode(await app.inject({ method: 'GET', url: `/teams/${team.id}/reports`, headers: bearer(outsider.accessToken) })), 'TEAM_NOT_FOUND')
  t.equal(errorCode(await app.inject({ method: 'GET', url: `/reports/${reportId}`, headers: bearer(outsider.accessToken) })), 'REPORT_NOT_FOUND')
  t.equal(errorCode(await app.inject({ method: 'GET', url: `/reports/${reportId}?format=pdf`, headers: bearer(owner.accessToken) })), 'VALIDATION_ERROR')
  t.equal(errorCode(await app.inject({ method: 'GET', url: `/teams/${team.id}/reports?cursor=nope`, headers: bearer(owner.accessToken) })), 'INVALID_CURSOR')
})

t.test('CSV by ?format or Accept, safe against formula injection', async (t) => {
  const byQuery = await app.inject({ method: 'GET', url: `/reports/${reportId}?format=csv`, headers: bearer(owner.accessToken) })
  const byAccept = await app.inject({ method: 'GET', url: `/reports/${reportId}`, headers: { ...bearer(owner.accessToken), accept: 'text/csv' } })
  for (const res of [byQuery, byAccept]) {
    t.equal(res.statusCode, 200)
    t.match(res.headers['content-type'], 'text/csv')
    t.match(res.headers['content-disposition'], `${week}-report.csv`)
  }
  t.equal(byQuery.body, byAccept.body)
  const lines = byQuery.body.trim().split('\r\n')
  t.equal(lines[0], 'week,user_id,display_name,current_member,week_meters,to_date_meters,active_days,streak_days,longest_streak_in_week')
  t.equal(lines.length, 5, 'a header, three people and the total')
  const evilLine = lines.find(l => l.includes(evil.userId))!
  t.match(evilLine, ',"\'=HYPERLINK(""http://evil.example"",""x"")",', 'the formula is text: an apostrophe, quoted and escaped')
  t.notOk(lines.some(l => /,=/.test(l)), 'no cell starts with =')
  const report = (await app.inject({ method: 'GET', url: `/reports/${reportId}`, headers: bearer(owner.accessToken) })).json().data.report
  t.equal(lines.at(-1), `${week},,TOTAL,,${report.totals.weekMeters},${report.totals.toDateMeters},,,`)
})

t.test('HTML with an inline SVG chart, escaped, self-contained, rendered in Chromium', async (t) => {
  const res = await app.inject({ method: 'GET', url: `/reports/${reportId}`, headers: { ...bearer(tagged.accessToken), accept: 'text/html,application/xhtml+xml' } })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], 'text/html')
  t.match(res.headers['content-security-policy'], "default-src 'none'")
  t.notMatch(res.body, '<script>', 'display names are escaped')
  t.match(res.body, '&lt;script&gt;alert(1)&lt;/script&gt;')
  t.equal(res.body.match(/<rect class="bar"/g)?.length, 7, 'a bar per day')
  t.notMatch(res.body, /\s(?:src|href|xlink:href)\s*=|url\(|@import/, 'no external resources')
  t.match(res.body, ' mi', 'in the reader\'s units (miles)')
  t.match(res.body, '@media print', 'printable')
  t.match(res.body, 'name="viewport"', 'sized for phones')

  const browser = await launchChromium(t)
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 })
  const requests: string[] = []
  const consoleErrors: string[] = []
  page.on('request', request => { requests.push(request.url()) })
  page.on('console', message => { if (message.type() === 'error') consoleErrors.push(message.text()) })
  // Served with the API's own headers (CSP included), as a phone would get it.
  await page.route('http://teamtrek.test/report', route => route.fulfill({
    status: res.statusCode, body: res.body, headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)]))
  }))
  await page.goto('http://teamtrek.test/report')
  const bars = await page.locator('svg rect.bar').count()
  t.equal(bars, 7, 'seven bars drawn')
  const box = await page.locator('svg').boundingBox()
  t.ok(box && box.width > 300 && box.width <= 390, `the chart fits the phone's width (${box?.width} px)`)
  const tallest = await page.locator('svg rect.bar').evaluateAll(rects => Math.max(...rects.map(r => Number(r.getAttribute('height')))))
  t.ok(tallest > 100, 'the busiest day has the tallest bar')
  t.equal(await page.locator('h1').textContent(), 'Walkers & Co')
  t.same(requests, ['http://teamtrek.test/report'], 'nothing else loaded')
  t.same(consoleErrors, [], 'no errors (CSP violations included)')
  const dir = join(process.cwd(), 'tmp', 'artifacts')
  await mkdir(dir, { recursive: true })
  await page.screenshot({ path: join(dir, 'weekly-report.png'), fullPage: true })
  await writeFile(join(dir, 'weekly-report.html'), res.body)
  const printed = await page.pdf({ format: 'A4' })
  t.ok(printed.length > 1000, 'it prints')
})
