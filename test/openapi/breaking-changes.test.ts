import t from 'tap'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { generateOpenApiDocument } from '../../src/app/openapi-document.ts'
import { breakingChanges } from '../helpers/api-compat.ts'

// What clients were generated from: the document as last committed (the
// working copy when git cannot say, e.g. in an exported tree).
function committedSpec (): Record<string, any> {
  try {
    return JSON.parse(execFileSync('git', ['show', 'HEAD:openapi/openapi.json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }))
  } catch {
    return JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8'))
  }
}

t.test('the service breaks nothing a client of the committed document relies on', async (t) => {
  const served = JSON.parse(await generateOpenApiDocument())
  t.same(breakingChanges(committedSpec(), served), [], 'no operation, status, schema, property or enum value removed; no request property newly required')
})

t.test('the check catches what would break a generated client', async (t) => {
  const before = committedSpec()
  const after = structuredClone(before)
  delete after.components.schemas.User.properties.displayName
  delete after.paths['/users/me'].get
  delete after.paths['/teams'].post.responses['201']
  after.components.schemas.CreateTeamBody.required = [...(after.components.schemas.CreateTeamBody.required ?? []), 'description']
  const found = breakingChanges(before, after)
  t.ok(found.includes('components.schemas.User: property "displayName" removed'), 'a removed response field')
  t.ok(found.includes('GET /users/me: operation removed'), 'a removed operation')
  t.ok(found.includes('POST /teams: response 201 removed'), 'a removed status')
  t.ok(found.includes('components.schemas.CreateTeamBody: property "description" became required'), 'a newly required request field')
  t.same(breakingChanges(before, structuredClone(before)), [], 'an identical document breaks nothing')
})
