import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import Fastify from 'fastify'
import { Parser } from '@asyncapi/parser'
import { Value } from '@sinclair/typebox/value'
import { ClientFrameSchema } from '../../src/realtime/protocol.ts'
import openApiPlugin from '../../src/plugins/openapi.ts'
import { loadAsyncApiDocument } from '../../src/plugins/asyncapi-document.ts'

const source = await readFile(new URL('../../openapi/asyncapi.yaml', import.meta.url), 'utf8')

t.test('openapi/asyncapi.yaml is a valid AsyncAPI 3 document', async (t) => {
  const { document, diagnostics } = await new Parser().parse(source)
  const errors = diagnostics.filter(d => d.severity === 0)
  t.same(errors.map(d => `${d.path.join('.')}: ${d.message}`), [], 'no errors')
  t.ok(document, 'parsed')
  t.equal(document!.version(), '3.0.0')
})

t.test('it names every client action and every server frame the code has', async (t) => {
  const { document } = await new Parser().parse(source)
  const payloads = document!.allMessages().all().map(m => m.payload()?.json() as Record<string, any>)
  const consts = new Set<string>()
  for (const p of payloads) {
    if (p.properties?.action?.const) consts.add(`action:${p.properties.action.const}`)
    if (p.properties?.type?.const) consts.add(`type:${p.properties.type.const}`)
    for (const part of p.allOf ?? []) if (part.properties?.type?.const) consts.add(`type:${part.properties.type.const}`)
  }
  const actions = ClientFrameSchema.anyOf.map(s => `action:${s.properties.action.const}`)
  for (const a of actions) t.ok(consts.has(a), `${a} documented`)
  const serverTypes = ['authenticated', 'subscribed', 'unsubscribed', 'subscription_ended', 'session_ended', 'resync_required', 'message_sent', 'pong',
    'reconnect', 'error', 'notification', 'progress_update', 'waypoint_reached', 'member_joined', 'member_left', 'chat_message', 'chat_message_deleted']
  for (const type of serverTypes) t.ok(consts.has(`type:${type}`), `${type} documented`)
  // And what the document says a client sends, the server accepts.
  t.ok(Value.Check(ClientFrameSchema, { action: 'resume', teamId: '0b9f7f8e-2f7c-4f55-9d61-3f0c1e7a0b11', after: 3 }))
})

t.test('the API serves it at GET /asyncapi.yaml, public, as the committed file', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(openApiPlugin, { tags: [] })
  const res = await app.inject({ url: '/asyncapi.yaml' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/yaml; charset=utf-8')
  t.equal(res.body, source, 'byte for byte the committed openapi/asyncapi.yaml')
  const { document, diagnostics } = await new Parser().parse(res.body)
  t.same(diagnostics.filter(d => d.severity === 0), [], 'the served document parses without errors')
  t.equal(document?.info().title(), 'TeamTrek real time')
  t.equal((await app.inject({ url: '/asyncapi.yaml' })).body, source, 'and again, from memory')
})

t.test('the OpenAPI description links it, so /docs shows the link', async (t) => {
  const description = (url?: string) => {
    const app = Fastify()
    t.teardown(() => app.close())
    return app.register(openApiPlugin, { tags: [], publicUrl: url }).then(() => app.ready()).then(() => (app.swagger() as { info: { description: string } }).info.description)
  }
  t.match(await description(), '[asyncapi.yaml](/asyncapi.yaml)', 'on the page\'s origin')
  t.match(await description('https://api.example.com/v1/'), '[asyncapi.yaml](https://api.example.com/v1/asyncapi.yaml)', 'under a deployment\'s public URL')
  const committed = JSON.parse(await readFile(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as { info: { description: string } }
  t.match(committed.info.description, '[asyncapi.yaml](/asyncapi.yaml)', 'in the committed contract too')
})

t.test('the compiled server finds it where the image puts it: /var/task/openapi beside dist/', async (t) => {
  const taskRoot = await mkdtemp(path.join(tmpdir(), 'teamtrek-image-'))
  t.teardown(() => rm(taskRoot, { recursive: true, force: true }))
  const compiledModule = pathToFileURL(path.join(taskRoot, 'dist', 'src', 'plugins', 'asyncapi-document.js'))
  const missing = await loadAsyncApiDocument(compiledModule).catch((e: unknown) => e)
  t.match(String(missing), /openapi\/asyncapi\.yaml not found/, 'a clear error when the image lacks it')
  await mkdir(path.join(taskRoot, 'openapi'))
  await writeFile(path.join(taskRoot, 'openapi', 'asyncapi.yaml'), source)
  t.equal(await loadAsyncApiDocument(compiledModule), source)
  t.equal(await loadAsyncApiDocument(), source, 'and from source, the repository\'s file')
})
