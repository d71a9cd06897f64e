import t from 'tap'
import { readFile } from 'node:fs/promises'
import { generateSdkTypes, SCHEMA_TS } from '../../scripts/sdk.ts'

t.test('the committed SDK types are what openapi/openapi.json generates', async (t) => {
  const committed = await readFile(SCHEMA_TS, 'utf8')
  t.equal(committed, await generateSdkTypes(), 'run `npm run openapi && npm run sdk` and commit sdk/typescript/src/schema.ts')
  // Spot checks that the generator saw the named components and the shared parameters.
  t.match(committed, /export type Team = components\['schemas'\]\['Team'\]/)
  t.match(committed, /PageCursor: string/)
})
