import { WebSocket } from 'ws'

export interface Frame { type: string, [key: string]: any }

/** A real WebSocket client that keeps every frame it receives and waits for the ones a test expects. */
export class Client {
  readonly frames: Frame[] = []
  readonly socket: WebSocket
  closed: { code: number, reason: string } | null = null
  private waiters: Array<() => void> = []

  private constructor (socket: WebSocket) {
    this.socket = socket
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()))
      this.wake()
    })
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() }
      this.wake()
    })
  }

  private wake () {
    const waiters = this.waiters
    this.waiters = []
    for (const w of waiters) w()
  }

  static async open (url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}): Promise<Client> {
    const socket = new WebSocket(url, options)
    const client = new Client(socket)
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)))
    })
    return client
  }

  send (frame: Record<string, unknown> | string): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  }

  /** The first frame (from `from`) matching `match`; rejects after `timeoutMs`. */
  async next (match: (f: Frame) => boolean, timeoutMs = 10_000, from = 0): Promise<Frame> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.frames.slice(from).find(match)
      if (found) return found
      if (Date.now() > deadline) throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map(f => f.type))}`)
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) before a matching frame; got ${JSON.stringify(this.frames.map(f => f.type))}`)
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()))
        this.waiters.push(() => { clearTimeout(timer); resolve() })
      })
    }
  }

  /** Send and wait for the first frame after it that matches. */
  async request (frame: Record<string, unknown>, match: (f: Frame) => boolean, timeoutMs?: number): Promise<Frame> {
    const from = this.frames.length
    this.send(frame)
    return this.next(match, timeoutMs, from)
  }

  async waitClosed (timeoutMs = 10_000): Promise<{ code: number, reason: string }> {
    const deadline = Date.now() + timeoutMs
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('socket still open')
      await new Promise(resolve => setTimeout(resolve, 10))
    }
    return this.closed
  }

  teamEvents (teamId: string): Frame[] {
    return this.frames.filter(f => typeof f.seq === 'number' && f.teamId === teamId && f.id !== undefined)
  }

  close (): void {
    this.socket.close()
  }
}

/** Open clients as a test needs them; every one is closed when the test ends. */
export function clientsOf (t: import('tap').Test): (url: string, options?: ConstructorParameters<typeof WebSocket>[2]) => Promise<Client> {
  const clients: Client[] = []
  t.teardown(() => { for (const c of clients) c.close() })
  return async (url, options) => {
    const c = await Client.open(url, options)
    clients.push(c)
    return c
  }
}

export const is = (type: string, extra: Record<string, unknown> = {}) => (f: Frame) =>
  f.type === type && Object.entries(extra).every(([k, v]) => f[k] === v)

/** `node src/app/server.ts` on a free port with exactly `env`; resolves once it listens. */
export async function startApiServer (t: import('tap').Test, env: Record<string, string>, label: string) {
  const { freePort, spawnManaged } = await import('./processes.ts')
  const { tmpdir } = await import('node:os')
  const port = await freePort()
  const server = spawnManaged(t, label, process.execPath, ['src/app/server.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', MIGRATE_ON_START: 'false' }
  })
  await server.waitForOutput(/TeamTrek API on/, 60_000)
  return { server, port, http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}/ws` }
}
