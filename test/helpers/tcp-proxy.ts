import { connect, createServer, type Socket } from 'node:net'
import { once } from 'node:events'
import type { Test } from 'tap'

/**
 * How the proxy treats connections: `pass` forwards them, `reset` drops
 * each at once (a service that is down), `blackhole` accepts and never
 * answers (a network partition: the worst case for a client without
 * timeouts).
 */
export type ProxyMode = 'pass' | 'reset' | 'blackhole'

export interface TcpProxy {
  url: string
  /** Switch mode; open connections are cut so that none outlives the change. */
  set: (mode: ProxyMode) => void
}

/** A TCP proxy in front of `target` (http://host:port) whose failures a test switches on and off. */
export async function startTcpProxy (t: Test, target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target)
  let mode: ProxyMode = 'pass'
  const open = new Set<Socket>()
  const server = createServer(client => {
    open.add(client)
    client.on('close', () => open.delete(client))
    client.on('error', () => {})
    if (mode === 'reset') {
      client.resetAndDestroy()
      return
    }
    if (mode === 'blackhole') return
    const upstream = connect(Number(port), hostname)
    open.add(upstream)
    upstream.on('close', () => { open.delete(upstream); client.destroy() })
    upstream.on('error', () => client.destroy())
    client.on('close', () => upstream.destroy())
    client.pipe(upstream).pipe(client)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => {
    for (const socket of open) socket.destroy()
    return new Promise<void>(resolve => server.close(() => resolve()))
  })
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    set (next) {
      mode = next
      for (const socket of open) socket.destroy()
    }
  }
}
