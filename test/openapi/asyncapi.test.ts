import { readFile } from 'node:fs/promises'
import t from 'tap'
import { Parser } from '@asyncapi/parser'
import { Value } from '@sinclair/typebox/value'
import { ClientFrameSchema } from '../../src/realtime/protocol.ts'

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
