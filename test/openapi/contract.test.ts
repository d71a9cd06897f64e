import t from 'tap'
import { readFile } from 'node:fs/promises'
import { generateOpenApiDocument } from '../../src/app/openapi-document.ts'

const generated = await generateOpenApiDocument()
const doc = JSON.parse(generated)

t.test('the committed openapi/openapi.json is what the code produces', async (t) => {
  const committed = await readFile(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')
  t.equal(committed, generated, 'run `npm run openapi` and commit the result')
})

t.test('every operation is documented for SDK generators and readers', async (t) => {
  const operationIds = new Set<string>()
  let operations = 0
  for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(methods)) {
      operations++
      const name = `${method.toUpperCase()} ${path}`
      t.type(op.operationId, 'string', `${name} has an operationId`)
      t.notOk(operationIds.has(op.operationId), `${name}: operationId is unique`)
      operationIds.add(op.operationId)
      t.ok(op.tags?.length, `${name} has tags`)
      t.type(op.summary, 'string', `${name} has a summary`)
      const statuses = Object.keys(op.responses)
      t.ok(statuses.some(s => s.startsWith('2')), `${name} documents its success`)
      t.ok(statuses.includes('500'), `${name} documents 500`)
      for (const [status, response] of Object.entries<any>(op.responses)) {
        t.not(response.description, 'Default Response', `${name} ${status} is described`)
        if (Number(status) >= 400) {
          t.equal(response.content['application/json'].schema.$ref, '#/components/schemas/ErrorResponse', `${name} ${status} uses the error envelope`)
        }
      }
      if (op.requestBody) {
        t.ok(op.requestBody.content['application/json'].schema.$ref, `${name} body is a named component`)
        t.ok(op.responses['400'] && op.responses['413'], `${name} documents 400 and 413`)
      }
    }
  }
  t.ok(operations >= 10, `${operations} operations`)
})

t.test('error codes and shared schemas are named components', async (t) => {
  for (const name of ['ErrorResponse', 'Meta', 'User', 'PublicUser', 'AuthResult', 'RegisterBody', 'LoginBody', 'RefreshBody', 'UpdateMeBody']) {
    t.ok(doc.components.schemas[name], name)
  }
  t.match(doc.paths['/auth/refresh'].post.responses['401'].description, /REFRESH_TOKEN_REUSED/)
  t.same(doc.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
})
