import t from 'tap'
import type { FastifyBaseLogger } from 'fastify'
import { createHub, type ProtocolDeps, type Socket } from '../../src/realtime/hub.ts'
import type { EventLog } from '../../src/realtime/event-log.ts'
import type { TeamEvent } from '../../src/realtime/port.ts'

// The hub on its own, with a log in memory: what many subscribers of one
// team see when the team's events reach this process out of order.
const TEAM = '00000000-0000-4000-8000-0000000000aa'
const SOCKETS = 50
const event = (seq: number): TeamEvent => ({ id: `e${seq}`, seq, teamId: TEAM, type: 'chat_message', data: { text: `m${seq}` }, at: new Date(0).toISOString() })
const quiet = { info () {}, warn () {}, error () {} } as unknown as FastifyBaseLogger

async function subscribedHub (logged: TeamEvent[]) {
  const reads: Array<[number, number]> = []
  const log = {
    async lastSeq () { return 0 },
    async between (_teamId: string, from: number, to: number) {
      reads.push([from, to])
      return logged.filter(e => e.seq > from && e.seq <= to)
    }
  } as unknown as EventLog
  const deps: ProtocolDeps = {
    log,
    verifyToken: async () => ({ userId: 'u1', sessionId: 's1', expiresAt: Date.now() + 3_600_000 }),
    isMember: async () => true,
    chat: () => undefined
  }
  const hub = createHub(deps, { maxSubscriptions: 5, messagesPerSecond: 100, idleTimeoutMs: 60_000, maxConnectionMs: 3_600_000, maxBufferedBytes: 1 << 20, authTimeoutMs: 10_000 }, quiet)
  const received: number[][] = []
  for (let i = 0; i < SOCKETS; i++) {
    const seqs: number[] = []
    received.push(seqs)
    const socket: Socket = {
      send: (data) => {
        const frame = JSON.parse(data.toString()) as { type: string, seq?: number }
        if (frame.type === 'chat_message') seqs.push(frame.seq!)
      },
      close () {},
      terminate () {},
      ping () {},
      bufferedAmount: 0
    }
    await hub.open(socket).onFrame(JSON.stringify({ action: 'subscribe', teamId: TEAM, token: 'any' }))
  }
  return { hub, reads, received }
}
const settle = () => new Promise(resolve => setTimeout(resolve, 20))

t.test('two events swapped on the way: every socket gets both once, in order, and the log is read once for the team', async (t) => {
  const logged = [event(1), event(2)]
  const { hub, reads, received } = await subscribedHub(logged)
  hub.deliverTeam(logged[1]!)
  hub.deliverTeam(logged[0]!)
  await settle()
  t.ok(received.every(seqs => seqs.join() === '1,2'), 'every socket: 1 then 2')
  t.ok(reads.length <= 1, `${reads.length} log reads for ${SOCKETS} sockets`)
})

t.test('an event that never arrives live (a dropped pub/sub message) is read once and delivered before the one after it', async (t) => {
  const logged = [event(1), event(2), event(3)]
  const { hub, reads, received } = await subscribedHub(logged)
  hub.deliverTeam(logged[0]!)
  hub.deliverTeam(logged[2]!)
  await settle()
  t.ok(received.every(seqs => seqs.join() === '1,2,3'), 'every socket: 1, 2, 3')
  t.same(reads, [[1, 2]], 'one read, of the gap')
  hub.deliverTeam(event(4))
  t.ok(received.every(seqs => seqs.join() === '1,2,3,4'), 'then live at once')
})
