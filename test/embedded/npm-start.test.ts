import t from 'tap'
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { once } from 'node:events'
import { uniqueEmail, STRONG_PASSWORD } from '../helpers/api.ts'

async function freePort (): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  return port
}

t.test('with no configuration the server runs everything embedded, then shuts down cleanly', async (t) => {
  // mkdtemp makes a 0700 folder: as root, the postgres user Postgres runs as
  // cannot enter it, as with a clone under /root.
  const privateParent = await mkdtemp(path.join(tmpdir(), 'teamtrek-embedded-'))
  t.teardown(() => rm(privateParent, { recursive: true, force: true }))
  const dataDir = path.join(privateParent, 'data')

  // Only what a developer's shell would have: no DATABASE_URL, no REDIS_URL, no AWS settings.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    EMBEDDED_POSTGRES_PORT: String(await freePort())
  }
  // Its own process group, with the Postgres it starts: a teardown after a
  // failure kills both, not the server alone.
  const server = spawn(process.execPath, ['src/app/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let output = ''
  server.stdout.on('data', chunk => { output += chunk })
  server.stderr.on('data', chunk => { output += chunk })
  t.teardown(() => {
    try {
      process.kill(-server.pid!, 'SIGKILL')
    } catch {}
  })

  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output}`)), 60_000)
    server.stdout.on('data', () => {
      const match = /API on (http:\/\/[^\s"]+) — docs on (http:\/\/[^\s"]+)/.exec(output)
      if (match) { clearTimeout(timer); resolve(match[1]!) }
    })
    server.once('exit', code => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${output}`)) })
  })
  t.match(output, /embedded services running/)
  // As root the cluster cannot live in the private folder: it says where it went.
  const cluster = /postgres \(([^,]+), port/.exec(output)?.[1]
  t.ok(cluster, 'the banner names the cluster\'s folder')
  if (cluster !== undefined && !cluster.startsWith(privateParent)) {
    t.equal(process.getuid?.(), 0, 'only as root does it move')
    t.teardown(() => rm(path.dirname(cluster), { recursive: true, force: true }))
  }
  t.match(output, /docs on http:\/\/.*\/docs/, 'it prints the docs URL')

  // A second start on the same data folder says so in one line, and leaves the first running.
  const second = spawn(process.execPath, ['src/app/server.ts'], { env: { ...env, EMBEDDED_POSTGRES_PORT: String(await freePort()) }, stdio: ['ignore', 'pipe', 'pipe'] })
  let secondErr = ''
  second.stderr.on('data', chunk => { secondErr += chunk })
  second.stdout.resume()
  const [secondCode] = await once(second, 'exit')
  t.equal(secondCode, 1, 'the second start exits 1')
  t.match(secondErr.trim(), /^TeamTrek did not start: The embedded database in .* is in use by another process \(PID \d+\), probably another `npm start` in this checkout: stop that one first, or give this one its own DATA_DIR and EMBEDDED_POSTGRES_PORT$/)

  const ready = await fetch(`${base}/ready`)
  t.equal(ready.status, 200, 'embedded Postgres and DynamoDB answer')

  const docs = await fetch(`${base}/docs/`)
  t.equal(docs.status, 200)
  t.match(await docs.text(), /swagger/i)

  const email = uniqueEmail('embedded')
  const registered = await fetch(`${base}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: STRONG_PASSWORD, displayName: 'Embedded' })
  })
  t.equal(registered.status, 201)
  const { data } = await registered.json() as { data: { accessToken: string } }
  const auth = { authorization: `Bearer ${data.accessToken}`, 'content-type': 'application/json' }
  const me = await fetch(`${base}/users/me`, { headers: auth })
  t.equal(me.status, 200)

  // The whole pipeline in one process: outbox → SQS emulator → in-process
  // poller → aggregation. The teams leaderboard lists only stored progress.
  t.match(output, /job consumers running in this process/)
  const today = new Date().toISOString().slice(0, 10)
  const team = await (await fetch(`${base}/teams`, {
    method: 'POST', headers: auth, body: JSON.stringify({ name: 'Embedded walkers', startDate: today, endDate: today, timezone: 'UTC' })
  })).json() as { data: { id: string } }
  for (const point of [{ name: 'A', lat: 51.5, lon: -0.12 }, { name: 'B', lat: 51.6, lon: -0.12 }]) {
    await fetch(`${base}/waypoints`, { method: 'POST', headers: auth, body: JSON.stringify({ teamId: team.data.id, ...point }) })
  }
  const walk = await fetch(`${base}/activities`, {
    method: 'POST', headers: auth, body: JSON.stringify({ type: 'walk', distanceMeters: 3000, startedAt: new Date(Date.now() - 3_600_000).toISOString(), timezone: 'UTC' })
  })
  t.equal(walk.status, 201)
  let standing: { totalDistance: number } | undefined
  for (let i = 0; i < 200 && standing?.totalDistance !== 3000; i++) {
    const board = await (await fetch(`${base}/leaderboards/teams`, { headers: auth })).json() as { data: Array<{ totalDistance: number }> }
    standing = board.data[0]
    if (standing?.totalDistance !== 3000) await new Promise(resolve => setTimeout(resolve, 50))
  }
  t.equal(standing?.totalDistance, 3000, 'the in-process worker aggregated the walk')

  server.kill('SIGTERM')
  const [code] = await once(server, 'exit')
  t.equal(code, 0, 'graceful shutdown exits 0', { output: output.slice(-2000) })
  t.match(output, /closing/)
})
