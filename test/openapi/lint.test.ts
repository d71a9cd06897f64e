import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ERRORS } from '../../src/lib/errors.ts'
import { errorCodesOf } from '../../src/plugins/openapi-contract.ts'

// `npm run lint:api` (Redocly's recommended rules, stricter, plus rules of
// our own in redocly.yaml), and the SDK rules a linter cannot express.
const run = promisify(execFile)
const ROOT = new URL('../../', import.meta.url).pathname
const REDOCLY = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js')
const doc = JSON.parse(await readFile(join(ROOT, 'openapi/openapi.json'), 'utf8'))

async function lint (file: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [REDOCLY, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'stylish'], {
      cwd: ROOT, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' }
    })
    return { code: 0, output: stdout + stderr }
  } catch (err) {
    const e = err as { code: number, stdout: string, stderr: string }
    return { code: e.code, output: e.stdout + e.stderr }
  }
}

const operations = Object.entries<Record<string, any>>(doc.paths).flatMap(([path, methods]) =>
  Object.entries<any>(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })))

t.test('Redocly: 0 errors, 0 warnings', async (t) => {
  const { code, output } = await lint(join(ROOT, 'openapi/openapi.json'))
  t.equal(code, 0, output)
  t.match(output, /Your API description is valid/)
  t.notMatch(output, /warning/i, 'no warnings either')
})

t.test('the lint catches what an SDK would suffer from', async (t) => {
  // Break one thing per copy; each must fail with its rule.
  const dir = await mkdtemp(join(tmpdir(), 'teamtrek-lint-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const breakages: Array<[string, (d: any) => void]> = [
    ['rule/operation-security-stated', d => { delete d.paths['/auth/login'].post.security }],
    ['operation-description', d => { delete d.paths['/teams'].get.description }],
    ['rule/response-example', d => { delete d.paths['/teams/{id}'].get.responses['200'].content['application/json'].example }],
    ['rule/request-body-example', d => { delete d.paths['/teams'].post.requestBody.content['application/json'].example }],
    ['rule/error-response-codes', d => { d.paths['/teams/{id}'].get.responses['404'].description = 'Not found' }],
    ['no-invalid-media-type-examples', d => { d.paths['/users/me'].get.responses['200'].content['application/json'].example.data.id = 42 }],
    ['rule/operation-id-camel-case', d => { d.paths['/teams'].get.operationId = 'get_teams' }],
    ['rule/parameter-example', d => { delete d.paths['/teams/{id}'].get.parameters[0].example }]
  ]
  // One copy with every breakage (one Redocly run); each rule must be named.
  const copy = structuredClone(doc)
  for (const [, breakIt] of breakages) breakIt(copy)
  const file = join(dir, 'broken.json')
  await writeFile(file, JSON.stringify(copy))
  const { code, output } = await lint(file)
  t.not(code, 0, 'the broken copy fails the lint')
  for (const [rule] of breakages) t.match(output, rule, `${rule} reports its breakage`)
})

t.test('pagination is described once, as shared parameters', async (t) => {
  t.ok(doc.components.parameters.PageCursor && doc.components.parameters.PageLimit)
  let lists = 0
  for (const { name, op } of operations) {
    for (const parameter of op.parameters ?? []) {
      if (parameter.$ref !== undefined) continue
      t.not(parameter.name, 'cursor', `${name}: cursor is a $ref to the shared parameter`)
      t.not(parameter.name, 'limit', `${name}: limit is a $ref to a shared parameter`)
    }
    if ((op.parameters ?? []).some((p: any) => p.$ref === '#/components/parameters/PageCursor')) {
      lists++
      const data = op.responses['200'].content['application/json'].schema.properties.data
      t.equal(data.type, 'array', `${name}: a list returns an array`)
      t.ok(op.responses['400'].description.includes('INVALID_CURSOR'), `${name}: documents INVALID_CURSOR`)
    }
  }
  t.ok(lists >= 4, `${lists} cursor-paginated lists`)
})

t.test('every error response lists real codes of its status, each with an example', async (t) => {
  for (const { name, op } of operations) {
    for (const [status, response] of Object.entries<any>(op.responses)) {
      if (Number(status) < 400) continue
      const codes = errorCodesOf(response.description)
      t.ok(codes.length > 0, `${name} ${status} lists its codes`)
      const listed = response.description.replace('Error codes: ', '').split(', ')
      t.same(listed, codes, `${name} ${status}: every listed code exists in src/lib/errors.ts`)
      for (const code of codes) t.equal(ERRORS[code].status, Number(status), `${name}: ${code} is a ${status}`)
      const examples = response.content['application/json'].examples
      t.same(Object.keys(examples), codes, `${name} ${status}: one example per code`)
    }
  }
})

t.test('shared shapes are named components, not copies', async (t) => {
  // An object schema written out inline in two operations should be a component.
  const seen = new Map<string, string>()
  const walk = (schema: any, where: string) => {
    if (schema === null || typeof schema !== 'object') return
    // The envelope itself ({ success, data, meta }) is per response by design.
    if (schema.type === 'object' && schema.properties !== undefined && schema.properties.success === undefined) {
      const key = JSON.stringify(schema)
      const first = seen.get(key)
      const operation = where.split(' ')[0]
      if (first !== undefined && first.split(' ')[0] !== operation) t.fail(`${where} repeats an inline shape of ${first}: make it a component`)
      else seen.set(key, where)
    }
    for (const value of Object.values(schema)) walk(value, where)
  }
  for (const { name, op } of operations) {
    for (const [status, response] of Object.entries<any>(op.responses)) {
      for (const media of Object.values<any>(response.content ?? {})) walk(media.schema, `${op.operationId} ${status}`)
    }
    for (const media of Object.values<any>(op.requestBody?.content ?? {})) walk(media.schema, `${op.operationId} body`)
    t.ok(op.operationId, name)
  }
  for (const { op } of operations) {
    const body = op.requestBody?.content['application/json']?.schema
    if (body !== undefined) t.ok(body.$ref, `${op.operationId}: its body is a named component`)
  }
})
