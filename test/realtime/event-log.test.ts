import t from 'tap'
import { sql } from 'kysely'
import { build, testEnvironment } from '../helpers/build.ts'
import { register } from '../helpers/api.ts'
import { createTeam } from '../helpers/teams.ts'
import { Client, is } from '../helpers/ws.ts'
import { createEventLog, RESUME_WINDOW } from '../../src/realtime/event-log.ts'

const environment = await testEnvironment(t)
const app = await build(t, environment)
const log = createEventLog(app.db)
const ada = await register(app)

t.test('sequence numbers: per team, strictly increasing, no gaps, even under concurrency', async (t) => {
  const team = await createTeam(app, ada)
  const base = await log.lastSeq(team.id)
  const events = await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(team.id, 'chat_message', { i })))
  const seqs = events.map(e => e!.seq).sort((a, b) => a - b)
  t.same(seqs, Array.from({ length: 50 }, (_, i) => base + i + 1))
  t.equal(new Set(events.map(e => e!.id)).size, 50, 'unique ids')
  const other = await createTeam(app, ada)
  t.equal((await log.append(other.id, 'chat_message', {}))!.seq, (await log.lastSeq(other.id)), 'another team counts on its own')

  const fixed = '0b9f7f8e-2f7c-4f55-9d61-3f0c1e7a0b11'
  const once = await log.append(team.id, 'member_joined', { userId: ada.userId }, fixed)
  t.ok(once)
  t.equal(await log.append(team.id, 'member_joined', { userId: ada.userId }, fixed), null, 'the same id again is a no-op')
  t.equal(await log.lastSeq(team.id), once!.seq, 'and leaves no gap')
  t.equal(await log.append('6f1b9a3e-0000-4000-8000-000000000000', 'chat_message', {}), null, 'a team that does not exist gets nothing')
})

t.test('resume window: the last 1,000 events are kept; beyond that and older than the window, resync_required', async (t) => {
  const team = await createTeam(app, ada)
  for (let i = 0; i < 1200; i++) await log.append(team.id, 'chat_message', { i })
  const last = await log.lastSeq(team.id)
  t.same((await log.after(team.id, 0, 5)).events.length, 5, 'young events are all kept, whatever their number')
  // An hour and a half later (moved in the table, as the clock would):
  await sql`update team_events set created_at = now() - interval '90 minutes' where team_id = ${team.id}`.execute(app.db)
  // The next hundredth event prunes what is both old and beyond the last 1,000.
  while ((await log.lastSeq(team.id)) % 100 !== 99) await log.append(team.id, 'chat_message', {})
  const pruneAt = (await log.append(team.id, 'chat_message', {}))!.seq
  const kept = pruneAt - RESUME_WINDOW.events
  t.equal((await log.after(team.id, 0)).resyncRequired, true, 'from the start: resync_required')
  t.equal((await log.after(team.id, kept - 1)).resyncRequired, true, 'one before the kept window: resync_required')
  const fromEdge = await log.after(team.id, kept)
  t.equal(fromEdge.resyncRequired, false, `after ${kept}: still served`)
  t.equal(fromEdge.events[0]!.seq, kept + 1)
  t.equal(fromEdge.events.length, RESUME_WINDOW.events, 'all 1,000, in one reply')
  t.ok(last < pruneAt)

  // Over the socket: the same answers.
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const c = await Client.open(`${address.replace('http', 'ws')}/ws?token=${ada.accessToken}`)
  t.teardown(() => c.close())
  await c.next(is('authenticated'))
  await c.request({ action: 'subscribe', teamId: team.id, after: 3 }, is('resync_required'))
  t.match(c.frames.at(-1), { type: 'resync_required', teamId: team.id, seq: pruneAt })
  const from = c.frames.length
  c.send({ action: 'resume', teamId: team.id, after: pruneAt - 10 })
  await c.next(f => f.seq === pruneAt, 10_000, from)
  t.same(c.frames.slice(from).map(f => f.seq), Array.from({ length: 10 }, (_, i) => pruneAt - 9 + i), 'the last ten, once each, in order')
})
