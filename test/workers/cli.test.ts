import t from 'tap'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { build, testEnvironment } from '../helpers/build.ts'
import { register } from '../helpers/api.ts'
import { createTeam } from '../helpers/teams.ts'
import { addRoute, dayFromToday, logRide } from '../helpers/progress.ts'

const run = promisify(execFile)

/** `npm run job -- <args>`, as ops would type it (without npm's banner). */
async function job (env: Record<string, string>, ...args: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['src/app/job-cli.ts', ...args], { env: { ...env, PATH: process.env.PATH ?? '' } })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code: number, stdout: string, stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

t.test('npm run job runs one job by hand', async (t) => {
  const environment = await testEnvironment(t)
  const app = await build(t, environment)
  const owner = await register(app)
  const team = await createTeam(app, owner, { startDate: dayFromToday(-3), endDate: dayFromToday(3), timezone: 'UTC' })
  await addRoute(app, owner, team.id)
  await logRide(app, owner, 90_000)
  await app.db.deleteFrom('team_progress').execute()

  const ok = await job(environment.env, 'aggregate-progress', JSON.stringify({ teamId: team.id }))
  t.equal(ok.code, 0, ok.stderr)
  t.match(JSON.parse(ok.stdout), { job: 'aggregate-progress', result: { teamId: team.id, reached: 1 } })
  const stored = await app.db.selectFrom('team_progress').select('total_distance_m').where('team_id', '=', team.id).executeTakeFirstOrThrow()
  t.equal(stored.total_distance_m, 90_000)

  const unknown = await job(environment.env, 'no-such-job')
  t.equal(unknown.code, 2)
  t.match(unknown.stderr, /jobs: aggregate-progress, calculate-distances/)
  const notJson = await job(environment.env, 'cleanup', '{oops')
  t.equal(notJson.code, 2)
  const invalid = await job(environment.env, 'aggregate-progress', '{"teamId":"nope"}')
  t.equal(invalid.code, 1)
  t.match(invalid.stderr, /invalid payload/)
})
