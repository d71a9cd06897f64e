import t from 'tap'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { AddressInfo } from 'node:net'
import ts from 'typescript'
import { createClient } from '@hey-api/openapi-ts'
import { build, testEnvironment } from '../helpers/build.ts'
import { uniqueEmail, STRONG_PASSWORD } from '../helpers/api.ts'

// The SDK in sdk/typescript/ comes from openapi-typescript. A second,
// independent generator (@hey-api/openapi-ts) must accept the same document,
// its client must compile under strict TypeScript, and it must work against
// the running server: the spec is not tuned to one tool.
const SPEC = new URL('../../openapi/openapi.json', import.meta.url).pathname

function compile (files: string[], outDir: string | undefined) {
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2024.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: [],
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    ...(outDir === undefined ? { noEmit: true } : { outDir })
  })
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...(outDir === undefined ? [] : program.emit().diagnostics)]
  return diagnostics.map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
}

t.test('@hey-api/openapi-ts generates a client that compiles and talks to the server', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'teamtrek-hey-api-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const out = join(dir, 'src')
  await createClient({
    input: SPEC,
    output: out,
    plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
    logs: { level: 'silent' }
  })
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n')

  const sdk = await readFile(join(out, 'sdk.gen.ts'), 'utf8')
  const spec = JSON.parse(await readFile(SPEC, 'utf8'))
  const operationIds = Object.values<Record<string, { operationId: string }>>(spec.paths).flatMap(methods => Object.values(methods).map(op => op.operationId))
  for (const id of operationIds) t.match(sdk, new RegExp(`export const ${id} = `), `a function for ${id}`)

  // A typed use of the generated client, and a wrong one that must not compile.
  await writeFile(join(out, 'use.ts'), `
import { getTeam, listMyTeams } from './index.js'
export async function teamName (id: string): Promise<string | undefined> {
  const { data } = await getTeam({ path: { id } })
  const page = await listMyTeams({ query: { limit: 10 } })
  const next: string | null | undefined = page.data?.meta.nextCursor
  return next === undefined ? data?.data.name : data?.data.name
}
`)
  await writeFile(join(dir, 'misuse.ts'), `
import { getTeam } from './src/index.js'
export const wrong = getTeam({ path: { teamId: 1 } })
`)
  const errors = compile([join(out, 'index.ts'), join(out, 'use.ts')], join(dir, 'dist'))
  t.same(errors, [], 'the generated client compiles under strict TypeScript')
  const misuse = compile([join(dir, 'misuse.ts')], undefined)
  t.ok(misuse.length > 0, `a wrong path parameter does not compile (${misuse[0]?.slice(0, 80)}…)`)

  // And it works: register, then a bearer call, against a listening server.
  const environment = await testEnvironment(t)
  const app = await build(t, environment)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const generated = await import(pathToFileURL(join(dir, 'dist', 'index.js')).href)
  const { client } = await import(pathToFileURL(join(dir, 'dist', 'client.gen.js')).href)
  client.setConfig({ baseUrl })
  const health = await generated.health()
  t.equal(health.data.data.status, 'ok')
  // /health documents its 4xx: an unknown parameter is refused, as everywhere.
  const odd = await fetch(`${baseUrl}/health?verbose=1`)
  t.equal(odd.status, 400)
  t.equal(((await odd.json()) as { error: { code: string } }).error.code, 'VALIDATION_ERROR')
  t.ok(spec.paths['/health'].get.responses['400'].description.includes('VALIDATION_ERROR'), 'and the spec says so')
  const registered = await generated.register({ body: { email: uniqueEmail('hey'), password: STRONG_PASSWORD, displayName: 'Hey' } })
  t.equal(registered.response.status, 201)
  const me = await generated.getMe({ auth: registered.data.data.accessToken })
  t.equal(me.data.data.displayName, 'Hey', 'the bearerAuth scheme is applied from `auth`')
  const denied = await generated.getMe()
  t.equal(denied.response.status, 401)
  t.equal(denied.error.error.code, 'UNAUTHORIZED')
})
