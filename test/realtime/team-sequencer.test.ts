import t from 'tap'
import { createTeamSequencer } from '../../src/realtime/team-sequencer.ts'
import type { TeamEvent } from '../../src/realtime/port.ts'

const TEAM = '00000000-0000-4000-8000-000000000001'
const event = (seq: number, teamId = TEAM): TeamEvent => ({ id: `e${seq}`, seq, teamId, type: 'chat_message', data: {}, at: new Date(0).toISOString() })

/** A sequencer over a log holding `logged`; `answer` decides when each gap read returns. */
function setUp (logged: number[], answer: 'now' | 'manual' = 'now') {
  const released: number[] = []
  const reads: Array<{ from: number, to: number, resolve: () => void }> = []
  const sequencer = createTeamSequencer({
    between: (teamId, from, to) => new Promise((resolve) => {
      const read = { from, to, resolve: () => resolve(logged.filter(s => s > from && s <= to).map(s => event(s, teamId))) }
      reads.push(read)
      if (answer === 'now') read.resolve()
    }),
    release: e => released.push(e.seq),
    onError: (err) => { throw err }
  })
  return { sequencer, released, reads }
}
const settle = () => new Promise(resolve => setImmediate(resolve))

t.test('in order: handed on at once, no reads', async (t) => {
  const { sequencer, released, reads } = setUp([])
  sequencer.seen(TEAM, 4)
  for (const seq of [5, 6, 7]) sequencer.push(event(seq))
  t.same(released, [5, 6, 7])
  t.equal(reads.length, 0)
})

t.test('the missing event arriving live releases the one held behind it; the read changes nothing', async (t) => {
  const { sequencer, released, reads } = setUp([5, 6], 'manual')
  sequencer.seen(TEAM, 4)
  sequencer.push(event(6))
  t.same(released, [], 'held behind the gap')
  t.same(reads.map(r => [r.from, r.to]), [[4, 5]], 'the gap read once')
  sequencer.push(event(5))
  t.same(released, [5, 6])
  reads[0]!.resolve()
  await settle()
  t.same(released, [5, 6], 'nothing twice')
})

t.test('a gap that never arrives live is filled from the log', async (t) => {
  const { sequencer, released, reads } = setUp([5, 6, 7])
  sequencer.seen(TEAM, 4)
  sequencer.push(event(8))
  await settle()
  t.same(released, [5, 6, 7, 8])
  t.equal(reads.length, 1)
  sequencer.push(event(7))
  t.same(released, [5, 6, 7, 8, 7], 'a late copy is handed on: subscriptions drop what they have')
})

t.test('an event held behind one gap and covered by the read of an earlier one goes out once, and the reads stop', async (t) => {
  const { sequencer, released, reads } = setUp([1, 2, 3, 4], 'manual')
  sequencer.seen(TEAM, 0)
  sequencer.push(event(4))
  sequencer.push(event(2))
  t.same(reads.map(r => [r.from, r.to]), [[0, 3]])
  reads[0]!.resolve()
  await settle()
  t.same(released, [1, 2, 3, 4])
  t.equal(reads.length, 1, 'no read after the last gap is filled')
})

t.test('a gap opened while another is read is read next', async (t) => {
  const { sequencer, released, reads } = setUp([1, 2, 3, 4, 5], 'manual')
  sequencer.seen(TEAM, 0)
  sequencer.push(event(3))
  sequencer.push(event(5))
  reads[0]!.resolve()
  await settle()
  t.same(released, [1, 2, 3])
  t.same(reads.map(r => [r.from, r.to]), [[0, 2], [3, 4]])
  reads[1]!.resolve()
  await settle()
  t.same(released, [1, 2, 3, 4, 5])
})

t.test('a gap the log cannot fill: what is held is handed on, in order', async (t) => {
  const { sequencer, released, reads } = setUp([])
  sequencer.seen(TEAM, 0)
  sequencer.push(event(3))
  sequencer.push(event(5))
  await settle()
  t.same(released, [3, 5])
  t.equal(reads.length, 1)
  sequencer.push(event(6))
  t.same(released, [3, 5, 6], 'then in order again')
})

t.test('a failed read hands on what is held and reports the error', async (t) => {
  const released: number[] = []
  const errors: unknown[] = []
  const sequencer = createTeamSequencer({
    between: async () => { throw new Error('database down') },
    release: e => released.push(e.seq),
    onError: err => errors.push(err)
  })
  sequencer.seen(TEAM, 0)
  sequencer.push(event(2))
  await settle()
  t.same(released, [2])
  t.match(errors, [{ message: 'database down' }])
})

t.test('teams are independent, and a forgotten team starts afresh', async (t) => {
  const other = '00000000-0000-4000-8000-000000000002'
  const { sequencer, released, reads } = setUp([], 'manual')
  sequencer.seen(TEAM, 0)
  sequencer.push(event(2))
  sequencer.push(event(1, other))
  t.same(released, [1], 'the other team is not held behind this one')
  sequencer.forget(TEAM)
  reads[0]!.resolve()
  await settle()
  t.same(released, [1], 'the read of a forgotten team hands nothing on')
  sequencer.push(event(9))
  t.same(released, [1, 9], 'the first event after starts the count')
})
