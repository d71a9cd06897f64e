import t from 'tap'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { build, testEnvironment } from '../helpers/build.ts'
import { installDrain } from '../../src/app/drain.ts'

const environment = await testEnvironment(t)

interface Answer { status: number, headers: Record<string, string | string[] | undefined>, body: string, reused: boolean }

/** One GET through `agent`'s keep-alive connections, saying whether it rode one already open. */
function get (port: number, path: string, agent: import('node:http').Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => { body += chunk })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, reused: req.reusedSocket }))
    })
    req.on('error', reject)
    req.end()
  })
}

t.test('draining: every answer closes its connection, /ready says 503, the rest is still served', async (t) => {
  const app = await build(t, environment)
  const drain = installDrain(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const { Agent } = await import('node:http')
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  t.teardown(() => agent.destroy())

  const before = await get(port, '/health', agent)
  t.equal(before.headers.connection, 'keep-alive', 'before: the connection stays open')
  t.equal((await get(port, '/ready', agent)).status, 200)

  t.equal(drain.draining, false)
  await drain.drain(0)
  t.equal(drain.draining, true)

  const health = await get(port, '/health', agent)
  t.equal(health.status, 200, 'requests are still served')
  t.equal(health.reused, true, 'on the connection already open')
  t.equal(health.headers.connection, 'close', 'with Connection: close')
  t.ok(health.headers['x-request-id'] && health.headers['x-content-type-options'] === 'nosniff', 'and the usual headers')

  const ready = await get(port, '/ready?verbose=1', agent)
  t.equal(ready.reused, false, 'the next request needed a new connection')
  t.equal(ready.status, 503, '/ready answers 503, whatever the query')
  t.equal(ready.headers['retry-after'], '5')
  t.equal(ready.headers.connection, 'close')
  t.equal(JSON.parse(ready.body).error.code, 'SERVICE_UNAVAILABLE')
  t.equal(ready.headers['x-content-type-options'], 'nosniff', 'with the security headers')
})
