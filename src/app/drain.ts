import type { App } from './app.ts'
import { errorBody } from '../lib/envelope.ts'

/**
 * Graceful shutdown for a listening server. Closing at once destroys idle
 * keep-alive connections, and a client that is sending its next request on
 * one just then gets a reset (the request is lost without an answer). So
 * first drain: keep serving for a moment, answer every request with
 * `Connection: close` (clients open a new connection for the next one,
 * which a load balancer sends elsewhere) and /ready with 503; only then
 * close. Install before the app is ready.
 */
export function installDrain (app: App) {
  let draining = false
  // Callback hooks: they run on every request, and an async hook costs a
  // promise and a turn of the microtask queue each time for nothing.
  app.addHook('onRequest', (request, reply, done) => {
    if (draining && request.url === '/ready') {
      reply.code(503).header('retry-after', '5').send(errorBody('SERVICE_UNAVAILABLE', 'Shutting down'))
      return
    }
    done()
  })
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close')
    done(null, payload)
  })
  return {
    get draining () { return draining },
    /** Start draining and resolve after `ms`. */
    async drain (ms: number): Promise<void> {
      draining = true
      if (ms > 0) await new Promise(resolve => setTimeout(resolve, ms))
    }
  }
}
