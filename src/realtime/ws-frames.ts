import * as ws from 'ws'
import type WebSocket from 'ws'
import type { Socket as NetSocket } from 'node:net'

/** The parts of ws's socket this module reads: its transport and its sender's state (ws 8). */
interface WsInternals {
  _socket?: NetSocket
  _sender?: { _state?: number, _queue?: unknown[] }
}
/** ws's public framing function (`Sender.frame`, not in @types/ws). */
const { Sender } = ws as unknown as { Sender: { frame: (data: Buffer, options: object) => Buffer[] } }
/** A server's frame: final, text, unmasked, uncompressed. */
const TEXT = { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false } as const
/** ws's sender writes at once in this state; any other (compressing, reading a blob) queues. */
const SENDER_IDLE = 0

/**
 * One event's bytes sent to many `ws` sockets, framed once. ws frames every
 * send anew (two options objects, a header buffer, a corked two-buffer
 * write), which for the thousand sockets of a team is most of the work
 * outside the kernel. The frame is built on the first send of a buffer and
 * kept while the buffer lives.
 *
 * It is written straight to the transport only where ws would itself write
 * at once: the socket open, no extension negotiated (permessage-deflate
 * frames are per socket), and ws's sender idle with nothing queued, so no
 * frame can go out ahead of or inside another. Anywhere else, and if ws's
 * internals ever differ from these, ws sends it.
 */
export function createFramedSender () {
  const frames = new WeakMap<Buffer, Buffer>()

  function framed (bytes: Buffer): Buffer {
    let bytesFramed = frames.get(bytes)
    if (!bytesFramed) frames.set(bytes, bytesFramed = Buffer.concat(Sender.frame(bytes, TEXT)))
    return bytesFramed
  }

  return {
    /**
     * Send `bytes` (UTF-8 JSON) as a text frame. `plain` says the socket
     * negotiated no extension (read once: `socket.extensions === ''`).
     */
    send (socket: WebSocket, bytes: Buffer, plain: boolean): void {
      const internals = socket as unknown as WsInternals
      const transport = internals._socket
      const sender = internals._sender
      if (plain && socket.readyState === socket.OPEN && transport !== undefined && sender?._state === SENDER_IDLE && sender._queue?.length === 0) {
        transport.write(framed(bytes))
        return
      }
      socket.send(bytes, { binary: false })
    }
  }
}
