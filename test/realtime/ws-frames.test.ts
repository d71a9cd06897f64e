import t from 'tap'
import type { Test } from 'tap'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import * as ws from 'ws'
import WebSocket, { WebSocketServer } from 'ws'
import { createFramedSender } from '../../src/realtime/ws-frames.ts'

// The framed-once send against real ws sockets: what clients receive, and
// that ws still orders everything when it would queue.
async function pair (t: Test, count: number, perMessageDeflate = false) {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate })
  await once(server, 'listening')
  t.teardown(() => new Promise(resolve => server.close(resolve)))
  const { port } = server.address() as AddressInfo
  const accepted: WebSocket[] = []
  const received: string[][] = []
  server.on('connection', ws => accepted.push(ws))
  for (let i = 0; i < count; i++) {
    const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate })
    const frames: string[] = []
    received.push(frames)
    client.on('message', (data: Buffer, isBinary: boolean) => frames.push(`${isBinary ? 'binary' : 'text'}:${data.toString()}`))
    await once(client, 'open')
    t.teardown(() => client.terminate())
  }
  while (accepted.length < count) await new Promise(resolve => setImmediate(resolve))
  const until = async (n: number) => { while (received.some(f => f.length < n)) await new Promise(resolve => setTimeout(resolve, 5)) }
  return { sockets: accepted, received, until }
}

t.test('one buffer to many sockets: framed once, each client gets the same text frame', async (t) => {
  const { sockets, received, until } = await pair(t, 20)
  const sender = createFramedSender()
  const { Sender } = ws as unknown as { Sender: { frame: (...args: unknown[]) => unknown } }
  const original = Sender.frame
  let framings = 0
  Sender.frame = (...args: unknown[]) => { framings++; return original.apply(Sender, args) }
  t.teardown(() => { Sender.frame = original })
  const bytes = Buffer.from(JSON.stringify({ type: 'chat_message', text: 'héllo ✓' }))
  for (const ws of sockets) sender.send(ws, bytes, ws.extensions === '')
  Sender.frame = original
  await until(1)
  t.equal(framings, 1, 'one framing for 20 sockets')
  t.ok(received.every(f => f[0] === `text:${bytes.toString()}`), 'a text frame with the exact bytes, on every socket')
})

t.test('frames of every length form (7-bit, 16-bit, 64-bit), in order with ws\'s own sends', async (t) => {
  const { sockets: [ws], received: [frames], until } = await pair(t, 1)
  const sender = createFramedSender()
  const sizes = [1, 125, 126, 65_535, 65_536, 200_000]
  const expected: string[] = []
  for (const size of sizes) {
    const bytes = Buffer.from('x'.repeat(size))
    sender.send(ws!, bytes, true)
    ws!.send(`after ${size}`)
    expected.push(`text:${bytes.toString()}`, `text:after ${size}`)
  }
  await until(expected.length)
  t.equal(frames!.length, expected.length)
  t.ok(frames!.every((f, i) => f === expected[i]), 'every frame intact and in order')
})

t.test('what is written straight to the socket counts in bufferedAmount (the slow-reader limit sees it)', async (t) => {
  const { sockets: [ws] } = await pair(t, 1)
  const sender = createFramedSender()
  const before = ws!.bufferedAmount
  const bytes = Buffer.alloc(4 * 1024 * 1024, 'y')
  sender.send(ws!, bytes, true)
  t.ok(ws!.bufferedAmount - before > 1024 * 1024, `${ws!.bufferedAmount} bytes waiting after a 4 MB frame`)
})

t.test('with permessage-deflate, ws sends (it may be compressing): order is kept', async (t) => {
  const { sockets: [ws], received: [frames], until } = await pair(t, 1, true)
  t.not(ws!.extensions, '', 'deflate negotiated')
  const sender = createFramedSender()
  const expected: string[] = []
  for (let i = 0; i < 20; i++) {
    // Over ws's 1 KB threshold: compressed, so ws's sender is busy while the next arrives.
    ws!.send(`${i} ${'z'.repeat(2000)}`)
    const bytes = Buffer.from(`framed ${i}`)
    sender.send(ws!, bytes, ws!.extensions === '')
    expected.push(`text:${i} ${'z'.repeat(2000)}`, `text:framed ${i}`)
  }
  await until(expected.length)
  t.ok(frames!.every((f, i) => f === expected[i]), 'in the order sent')
})

t.test('a closing socket is left to ws', async (t) => {
  const { sockets: [ws] } = await pair(t, 1)
  const sender = createFramedSender()
  ws!.close(1000, 'bye')
  const before = ws!.bufferedAmount
  sender.send(ws!, Buffer.from('too late'), true)
  t.ok(ws!.bufferedAmount > before, 'counted by ws as sent after close, not written to the wire')
})
