import t, { type Test } from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type AddressInfo } from 'node:net'
import { createTestDatabase } from '../helpers/database.ts'

/** Run `npm start`'s entrypoint with only these settings; what it printed and how it ended. */
async function start (settings: Record<string, string>) {
  const server = spawn(process.execPath, ['src/app/server.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', HOST: '127.0.0.1', ...settings },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  server.stderr.on('data', chunk => { stderr += chunk })
  server.stdout.resume()
  const timer = setTimeout(() => server.kill('SIGKILL'), 60_000)
  const [code] = await once(server, 'exit')
  clearTimeout(timer)
  return { code, stderr }
}

/** One line that says what is wrong, and nothing of the machinery. */
function assertOneLine (t: Test, run: { code: number, stderr: string }, pattern: RegExp) {
  t.equal(run.code, 1, 'exit code 1')
  const lines = run.stderr.trim().split('\n')
  t.equal(lines.length, 1, `one line: ${run.stderr}`)
  t.match(lines[0], /^TeamTrek did not start: /)
  t.match(lines[0], pattern)
  t.notMatch(run.stderr, /\n\s+at |triggerUncaughtException|undefined$/, 'no stack, no bare undefined')
}

const secret = { JWT_SECRET: 'a-start-up-test-secret-0123456789abcdef' }

t.test('a bad setting', async (t) => {
  assertOneLine(t, await start({ PORT: 'abc' }), /Invalid configuration: PORT: .*Fix the setting/)
})

t.test('an unreachable database', async (t) => {
  assertOneLine(t, await start({ ...secret, PORT: '0', DATABASE_URL: 'postgres://teamtrek@127.0.0.1:1/teamtrek' }), /Cannot reach the database at 127\.0\.0\.1:1\/teamtrek \(ECONNREFUSED\): start it, or set DATABASE_URL/)
})

t.test('the port is in use', async (t) => {
  const database = await createTestDatabase()
  t.teardown(() => database.drop())
  const taken = createServer().listen(0, '127.0.0.1')
  await once(taken, 'listening')
  t.teardown(() => taken.close())
  const { port } = taken.address() as AddressInfo
  assertOneLine(t, await start({ ...secret, PORT: String(port), DATABASE_URL: database.url, LOG_LEVEL: 'silent' }), new RegExp(`Port ${port} .* is already in use.*set PORT to a free port`))
})
