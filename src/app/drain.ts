import type { IncomingMessage, ServerResponse } from 'node:http'
import type { App } from './app.ts'

/**
 * Graceful shutdown for a listening server. Closing at once destroys idle
 * keep-alive connections, and a client that is sending its next request on
 * one just then gets a reset (the request is lost without an answer). So
 * first drain: keep serving for a moment, answer every request with
 * `Connection: close` (clients open a new connection for the next one,
 * which a load balancer sends elsewhere) and /ready with 503; only then
 * close. Install before the app is ready.
 *
 * Nothing runs per request until the drain starts: a hook on every request
 * to ask "are we draining?" cost every request of the process's life for
 * its last second.
 */
export function installDrain (app: App) {
  // Node then writes `Connection: close` and ends the socket after the response.
  const closeAfterResponse = (_request: IncomingMessage, response: ServerResponse) => {
    response.shouldKeepAlive = false
  }
  return {
    get draining () { return app.readiness.draining },
    /** Start draining and resolve after `ms`. */
    async drain (ms: number): Promise<void> {
      if (!app.readiness.draining) {
        app.readiness.draining = true
        // Before Fastify's own listener, which may answer synchronously.
        app.server.prependListener('request', closeAfterResponse)
      }
      if (ms > 0) await new Promise(resolve => setTimeout(resolve, ms))
    }
  }
}
