import t from 'tap'
import { sql } from 'kysely'
import { build, testEnvironment } from '../helpers/build.ts'
import { register } from '../helpers/api.ts'
import { createTeam } from '../helpers/teams.ts'
import { addRoute, dayFromToday, logRide } from '../helpers/progress.ts'
import { jobMessage, PoisonJobError } from '../../src/lib/jobs.ts'
import { runJob } from '../../src/workers/handlers.ts'
import { jobsForEvent } from '../../src/workers/event-jobs.ts'
import { createOutboxRelay, MARK_DELAY_MS, publishPending } from '../../src/workers/outbox-relay.ts'
import { scheduledJobOfRule, SCHEDULES } from '../../src/workers/schedules.ts'
import type { JobQueue, JobMessage } from '../../src/workers/queue/port.ts'

/** A queue that records what it was given, or refuses everything. */
function recordingQueue (fail = false): JobQueue & { sent: JobMessage[] } {
  const sent: JobMessage[] = []
  return {
    driver: 'sqs',
    queueUrl: 'http://127.0.0.1:1/never-read',
    sent,
    async enqueue (jobs) {
      if (fail) throw new Error('queue down')
      sent.push(...jobs)
    },
    async close () {}
  }
}

t.test('job handlers', async (t) => {
  const environment = await testEnvironment(t)
  // OUTBOX_RELAY before-response would publish in the request; these tests drive the relay by hand.
  const app = await build(t, environment)
  const deps = { ...app.jobDeps, queue: recordingQueue() }
  const owner = await register(app, { displayName: 'Ada' })
  const team = await createTeam(app, owner, { startDate: dayFromToday(-10), endDate: dayFromToday(30), timezone: 'UTC' })
  await addRoute(app, owner, team.id)
  await app.outboxRelay.idle()

  t.test('unknown jobs and bad payloads are poison, not retried failures', async (t) => {
    await t.rejects(runJob('no-such-job', {}, deps), PoisonJobError)
    await t.rejects(runJob('aggregate-progress', { teamId: 'not-a-uuid' }, deps), PoisonJobError)
    await t.rejects(runJob('aggregate-progress', { teamId: team.id, extra: 1 }, deps), PoisonJobError)
    t.throws(() => jobMessage('cleanup', { surprise: true }), PoisonJobError)
  })

  t.test('aggregate-progress records each waypoint arrival once, however often and concurrently it runs', async (t) => {
    await logRide(app, owner, 90_000)
    await Promise.all(Array.from({ length: 6 }, () => runJob('aggregate-progress', { teamId: team.id }, deps)))
    await runJob('aggregate-progress', { teamId: team.id }, deps)
    const arrivals = await app.db.selectFrom('waypoint_arrivals').selectAll().where('team_id', '=', team.id).execute()
    t.equal(arrivals.length, 1, 'Oxford, once')
    const events = await app.db.selectFrom('outbox').select('payload').where('type', '=', 'waypoint.reached').where('team_id', '=', team.id).execute()
    t.equal(events.length, 1, 'one waypoint.reached event')
    t.equal(events[0]!.payload.name, 'Oxford')
    const stored = await app.db.selectFrom('team_progress').selectAll().where('team_id', '=', team.id).executeTakeFirstOrThrow()
    t.equal(stored.total_distance_m, 90_000)
  })

  t.test('calculate-distances corrects a wrong route total, once per event', async (t) => {
    await app.db.updateTable('teams').set({ goal_distance_m: 1 }).where('id', '=', team.id).execute()
    const eventId = '11111111-2222-4333-8444-555555555555'
    const first = await runJob('calculate-distances', { teamId: team.id, eventId }, deps) as { corrected: number, skipped: boolean }
    t.same([first.corrected, first.skipped], [1, false])
    const goal = await app.db.selectFrom('teams').select('goal_distance_m').where('id', '=', team.id).executeTakeFirstOrThrow()
    t.ok(goal.goal_distance_m > 280_000, `goal back to the route's length (${goal.goal_distance_m})`)
    const again = await runJob('calculate-distances', { teamId: team.id, eventId }, deps) as { skipped: boolean }
    t.equal(again.skipped, true, 'a redelivered event is not handled twice')
    const all = await runJob('calculate-distances', {}, deps) as { teams: number }
    t.ok(all.teams >= 1, 'without a team: every team')
    t.ok(deps.queue.sent.some(j => j.name === 'aggregate-progress' && j.payload.teamId === team.id), 'progress re-aggregated')
  })

  t.test('cleanup removes expired keys and old published events only', async (t) => {
    await app.db.insertInto('idempotency_keys').values([
      { user_id: owner.userId, key: 'old', request_hash: 'x', status: 'done', expires_at: new Date(Date.now() - 1000) },
      { user_id: owner.userId, key: 'fresh', request_hash: 'x', status: 'done', expires_at: new Date(Date.now() + 3_600_000) }
    ]).execute()
    await app.db.insertInto('outbox').values([
      { type: 'team.updated', team_id: team.id, payload: '{}', published_at: sql`now() - interval '30 days'` as never },
      { type: 'team.updated', team_id: team.id, payload: '{}', published_at: null }
    ]).execute()
    const result = await runJob('cleanup', {}, deps) as { idempotencyKeys: number, outbox: number }
    t.equal(result.idempotencyKeys, 1)
    t.equal(result.outbox, 1)
    const keys = await app.db.selectFrom('idempotency_keys').select('key').where('user_id', '=', owner.userId).execute()
    t.same(keys.map(k => k.key), ['fresh'])
    const unpublished = await app.db.selectFrom('outbox').select('id').where('published_at', 'is', null).execute()
    t.ok(unpublished.length >= 1, 'unpublished events are never cleaned up')
  })

  t.test('the relay leaves events unpublished while the queue is down, then publishes them', async (t) => {
    await app.db.insertInto('outbox').values({ type: 'member.joined', team_id: team.id, payload: JSON.stringify({ teamId: team.id }) }).execute()
    await t.rejects(publishPending(app.db, recordingQueue(true)), /queue down/)
    const waiting = await app.db.selectFrom('outbox').select('id').where('published_at', 'is', null).execute()
    t.ok(waiting.length >= 1, 'nothing marked published')
    const queue = recordingQueue()
    t.ok(await publishPending(app.db, queue) >= waiting.length)
    t.ok(queue.sent.some(j => j.name === 'aggregate-progress' && j.payload.teamId === team.id))
    t.equal((await app.db.selectFrom('outbox').select('id').where('published_at', 'is', null).execute()).length, 0)
  })

  t.test('a row claimed by a pass that died is published once its claim runs out, not before', async (t) => {
    const [row] = await app.db.insertInto('outbox')
      .values({ type: 'member.joined', team_id: team.id, payload: JSON.stringify({ teamId: team.id }), claimed_until: sql`now() + interval '1 minute'` as never })
      .returning('id').execute()
    const queue = recordingQueue()
    await publishPending(app.db, queue)
    const state = () => app.db.selectFrom('outbox').select('published_at').where('id', '=', row!.id).executeTakeFirstOrThrow()
    t.equal((await state()).published_at, null, 'left to its claimer while the claim lasts')
    await app.db.updateTable('outbox').set({ claimed_until: sql`now() - interval '1 second'` as never }).where('id', '=', row!.id).execute()
    await publishPending(app.db, queue)
    t.not((await state()).published_at, null, 'taken over once it ran out')
    t.ok(queue.sent.some(j => j.name === 'aggregate-progress' && j.payload.teamId === team.id), 'and its jobs queued')
  })

  t.test('a change of dates or cap re-credits every member-day through recredit-team', async (t) => {
    const res = await app.inject({ method: 'PUT', url: `/teams/${team.id}`, headers: { authorization: `Bearer ${owner.accessToken}` }, payload: { dailyCapMeters: 10_000 } })
    t.equal(res.statusCode, 200)
    const event = await app.db.selectFrom('outbox').select(['id', 'type', 'team_id', 'payload'])
      .where('type', '=', 'team.updated').where('team_id', '=', team.id).orderBy('created_at', 'desc').executeTakeFirstOrThrow()
    t.match(event.payload, { recredit: { from: dayFromToday(-10), to: dayFromToday(30) } })
    const jobs = jobsForEvent(event as never)
    t.same(jobs.map(j => j.name), ['aggregate-progress', 'recredit-team'])
    // As if the request had stopped at its bound before reaching this day.
    await app.db.updateTable('activity_credits').set({ credited_m: 90_000, reason: null }).where('team_id', '=', team.id).execute()
    const result = await runJob('recredit-team', jobs[1]!.payload, deps) as { recomputed: number }
    t.ok(result.recomputed >= 1)
    const credits = await app.db.selectFrom('activity_credits').select(['credited_m', 'reason']).where('team_id', '=', team.id).execute()
    t.same(credits, [{ credited_m: 10_000, reason: 'team_daily_cap' }], 'credited under the new cap')
    t.ok(deps.queue.sent.some(j => j.name === 'aggregate-progress' && j.payload.teamId === team.id), 'then aggregated')
  })

  t.test('a relay failing on every write warns once per interval, and says when it recovers', async (t) => {
    // The app's own relay published the last test's writes; its marks follow its last pass.
    await app.outboxRelay.idle()
    const lines: Array<[string, string]> = []
    const log = { warn: (_o: unknown, m: string) => lines.push(['warn', m]), info: (_o: unknown, m: string) => lines.push(['info', m]), error: () => {} }
    let down = true
    const queue = { ...recordingQueue(), async enqueue () { if (down) throw new Error('queue down') } }
    const relay = createOutboxRelay(app.db, queue, log as never)
    for (let i = 0; i < 5; i++) {
      await app.db.insertInto('outbox').values({ type: 'team.updated', team_id: team.id, payload: JSON.stringify({ teamId: team.id }) }).execute()
      await relay.kick()
    }
    t.same(lines, [['warn', 'outbox relay: publishing failed; events stay in the outbox and are retried']], 'five failed passes, one warning')
    down = false
    await relay.kick()
    t.same(lines.at(-1), ['info', 'outbox relay: publishing again'])
    t.equal((await app.db.selectFrom('outbox').select('id').where('published_at', 'is', null).execute()).length, 0)
  })

  t.test('after the response a pass marks its rows with the next pass\'s claim, or on their own once writes stop', async (t) => {
    const queue = recordingQueue()
    const relay = createOutboxRelay(app.db, queue, { warn () {}, info () {}, error () {} } as never, { carryMarks: true })
    const unpublished = async () => (await app.db.selectFrom('outbox').select(['id', 'claimed_until']).where('published_at', 'is', null).execute())
    const write = () => app.db.insertInto('outbox').values({ type: 'team.updated', team_id: team.id, payload: JSON.stringify({ teamId: team.id }) }).returning('id').executeTakeFirstOrThrow()
    const first = await write()
    await relay.kick()
    const left = await unpublished()
    t.same(left.map(r => r.id), [first.id], 'queued, not marked yet')
    t.ok(left[0]!.claimed_until! > new Date(), 'but still under its claim: no other pass publishes it again')
    const sentBefore = queue.sent.length
    await publishPending(app.db, recordingQueue())
    t.same((await unpublished()).map(r => r.id), [first.id], 'the sweeper leaves it to its claimer')
    const second = await write()
    await relay.kick()
    t.same((await unpublished()).map(r => r.id), [second.id], 'the next pass\'s claim marked the first')
    t.equal(queue.sent.length, sentBefore + 1, 'and each row\'s job was queued once')
    await new Promise(resolve => setTimeout(resolve, MARK_DELAY_MS + 100))
    t.same(await unpublished(), [], 'with no next pass, marked on its own shortly after')
    await write()
    await relay.kick()
    await relay.idle()
    t.same(await unpublished(), [], 'idle() marks what was queued (shutdown)')
  })

  t.test('each event starts the right jobs', async (t) => {
    const row = (type: string, payload: Record<string, unknown>, teamId: string | null = team.id) =>
      jobsForEvent({ id: '11111111-2222-4333-8444-555555555555', type, team_id: teamId, payload })
    t.same(row('activity.logged', { teamIds: [team.id, owner.userId] }, null).map(j => j.coalesceKey),
      [`aggregate-progress:${team.id}`, `aggregate-progress:${owner.userId}`], 'every team the activity credits')
    t.same(row('route.changed', {}).map(j => j.name), ['calculate-distances'])
    for (const type of ['invitation.created', 'milestone.reached', 'report.ready']) {
      t.same(row(type, {}).map(j => [j.name, j.payload]), [['send-notifications', { eventId: '11111111-2222-4333-8444-555555555555' }]], `${type} notifies, carrying only the event's id`)
    }
    const reached = row('waypoint.reached', { teamId: team.id, waypointId: team.id, name: 'Exeter', position: 1, totalDistance: 5 })
    t.same(reached.map(j => j.name), ['send-notifications', 'push-team-event'], 'an arrival notifies and goes live to the team')
    t.same(row('member.joined', { teamId: team.id, userId: owner.userId, role: 'member', via: 'code' }).map(j => j.name), ['aggregate-progress', 'send-notifications', 'push-team-event'])
    t.same(row('member.role_changed', {}), [], 'no consumer')
  })
})

t.test('schedules dispatch by rule name', async (t) => {
  t.equal(scheduledJobOfRule('TeamTrekApi-relay-outbox'), 'relay-outbox')
  t.equal(scheduledJobOfRule('cleanup'), 'cleanup')
  t.equal(scheduledJobOfRule('TeamTrekApi-rebuild-leaderboards'), 'rebuild-leaderboards')
  t.equal(scheduledJobOfRule('TeamTrekApi-something-else'), undefined)
  t.ok(SCHEDULES.every(s => s.everyMs > 0 && /^rate\(\d+ (minute|minutes|hour|hours)\)$/.test(s.rate)))
})
