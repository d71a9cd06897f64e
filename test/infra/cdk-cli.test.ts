import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

// The CLI the README tells people to use (aws-cdk 2.1148, a devDependency),
// reading this app through cdk.json, offline and without AWS credentials.
const root = fileURLToPath(new URL('../..', import.meta.url))
// Three CLI runs take about 20 s alone, several times that on a shared machine.
t.setTimeout(300_000)
const outdir = mkdtempSync(join(tmpdir(), 'teamtrek-cdk-cli-'))
t.teardown(() => rmSync(outdir, { recursive: true, force: true }))

async function cdk (args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await promisify(execFile)(join(root, 'node_modules/.bin/cdk'), [...args, '--output', join(outdir, 'cdk.out')], {
    cwd: root,
    encoding: 'utf8',
    // No credentials, no region, a HOME of its own: what a laptop without AWS access has.
    env: { PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH}`, HOME: outdir, ...env },
    timeout: 240_000
  })
  return stdout
}

t.test('cdk ls lists both stacks', async t => {
  t.same((await cdk(['ls'])).trim().split('\n'), ['TeamTrekStateful', 'TeamTrekApi'])
})

t.test('cdk synth passes the settings to the app and writes both templates', async t => {
  await cdk(['synth', '--quiet'], { TEAMTREK_COMPUTE: 'both', TEAMTREK_CACHE: 'on' })
  const template = JSON.parse(readFileSync(join(outdir, 'cdk.out', 'TeamTrekApi.template.json'), 'utf8'))
  const types = Object.values(template.Resources as Record<string, { Type: string }>).map(r => r.Type)
  t.ok(types.includes('AWS::ECS::Service') && types.includes('AWS::ApiGatewayV2::Api'), 'TEAMTREK_COMPUTE=both reached the app')
  t.match(JSON.stringify(template), /rediss:/, 'TEAMTREK_CACHE=on reached the app')
  t.match(readFileSync(join(outdir, 'cdk.out', 'validation-report.json'), 'utf8'), /"conclusion":\s*"success"/, 'cdk-nag ran and passed')
})

t.test('a bad setting stops the synth with its name', async t => {
  await t.rejects(cdk(['ls'], { TEAMTREK_COMPUTE: 'kubernetes' }), /TEAMTREK_COMPUTE must be one of lambda, fargate, both/)
})
