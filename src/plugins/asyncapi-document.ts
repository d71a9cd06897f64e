import { readFile } from 'node:fs/promises'

/**
 * The AsyncAPI document of the WebSocket protocol, `openapi/asyncapi.yaml`,
 * as the API serves it (`GET /asyncapi.yaml`).
 *
 * Read from the repository's `openapi/` folder: two levels up from this
 * file when it runs from source (src/plugins/), three from the compiled
 * copy (dist/src/plugins/ in the image, which copies openapi/ beside dist/).
 * The Lambda bundle has no such folder: scripts/bundle.ts replaces this
 * module with one that holds the file's text, read when the bundle is built.
 */
export const ASYNCAPI_LOCATIONS = ['../../openapi/asyncapi.yaml', '../../../openapi/asyncapi.yaml']

export async function loadAsyncApiDocument (from: string | URL = import.meta.url): Promise<string> {
  for (const location of ASYNCAPI_LOCATIONS) {
    try {
      return await readFile(new URL(location, from), 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
  }
  throw new Error(`openapi/asyncapi.yaml not found from ${String(from)} (looked at ${ASYNCAPI_LOCATIONS.join(', ')})`)
}
