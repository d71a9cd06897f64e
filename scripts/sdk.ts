import { readFile, writeFile } from 'node:fs/promises'
import openapiTS, { astToString } from 'openapi-typescript'

/**
 * `npm run sdk`: regenerate the TypeScript SDK's types (sdk/typescript/src/schema.ts)
 * from openapi/openapi.json. test/sdk/generated.test.ts fails when the committed file is stale.
 */
export const SPEC = new URL('../openapi/openapi.json', import.meta.url)
export const SCHEMA_TS = new URL('../sdk/typescript/src/schema.ts', import.meta.url)

const HEADER = `/**
 * Generated from openapi/openapi.json by \`npm run sdk\` (openapi-typescript). Do not edit:
 * change the route schemas, then run \`npm run openapi && npm run sdk\`.
 */

`

export async function generateSdkTypes (): Promise<string> {
  const spec = JSON.parse(await readFile(SPEC, 'utf8'))
  const ast = await openapiTS(spec, {
    // A default is filled in by the server, so the field stays optional for callers.
    defaultNonNullable: false,
    // `User`, `Team`, `Waypoint`… exported by name next to `components`.
    rootTypes: true,
    rootTypesNoSchemaPrefix: true
  })
  return HEADER + astToString(ast)
}

if (import.meta.main) {
  await writeFile(SCHEMA_TS, await generateSdkTypes())
  console.log(`Wrote ${SCHEMA_TS.pathname}`)
}
