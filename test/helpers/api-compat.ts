/**
 * Breaking changes between two OpenAPI documents, as a client generated from
 * `before` would feel them: an operation gone, a response status gone, a
 * named schema gone, a property gone from a schema, an enum value gone, or a
 * request property that became required. Additions never break a client.
 */
type Schema = Record<string, any>

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']

function resolve (doc: Schema, schema: Schema | undefined): Schema | undefined {
  if (schema?.$ref === undefined) return schema
  return doc.components?.schemas?.[String(schema.$ref).split('/').at(-1)!]
}

/** Names of the component schemas that are request bodies (a new required property there breaks senders). */
function requestSchemas (doc: Schema): Set<string> {
  const names = new Set<string>()
  for (const methods of Object.values<Schema>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const content = methods[method]?.requestBody?.content ?? {}
      for (const media of Object.values<Schema>(content)) {
        const ref = media.schema?.$ref
        if (typeof ref === 'string') names.add(ref.split('/').at(-1)!)
      }
    }
  }
  return names
}

function compareSchemas (where: string, before: Schema | undefined, after: Schema | undefined, isRequest: boolean, out: string[]): void {
  if (before === undefined || after === undefined) return
  for (const name of Object.keys(before.properties ?? {})) {
    if (!(name in (after.properties ?? {}))) out.push(`${where}: property "${name}" removed`)
    else compareSchemas(`${where}.${name}`, before.properties[name], after.properties[name], isRequest, out)
  }
  if (Array.isArray(before.enum) && Array.isArray(after.enum)) {
    for (const value of before.enum) if (!after.enum.includes(value)) out.push(`${where}: enum value ${JSON.stringify(value)} removed`)
  }
  if (isRequest) {
    const was = new Set<string>(before.required ?? [])
    for (const name of after.required ?? []) if (!was.has(name)) out.push(`${where}: property "${name}" became required`)
  }
}

export function breakingChanges (before: Schema, after: Schema): string[] {
  const out: string[] = []
  for (const [path, methods] of Object.entries<Schema>(before.paths ?? {})) {
    for (const method of METHODS) {
      const op = methods[method]
      if (op === undefined) continue
      const now = after.paths?.[path]?.[method]
      const name = `${method.toUpperCase()} ${path}`
      if (now === undefined) {
        out.push(`${name}: operation removed`)
        continue
      }
      for (const status of Object.keys(op.responses ?? {})) {
        if (now.responses?.[status] === undefined) out.push(`${name}: response ${status} removed`)
      }
    }
  }
  const requests = requestSchemas(before)
  for (const [name, schema] of Object.entries<Schema>(before.components?.schemas ?? {})) {
    const now = after.components?.schemas?.[name]
    if (now === undefined) out.push(`components.schemas.${name}: removed`)
    else compareSchemas(`components.schemas.${name}`, resolve(before, schema), resolve(after, now), requests.has(name), out)
  }
  return out
}
