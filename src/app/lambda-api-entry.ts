import { loadScript } from './script-cache.ts'

/**
 * What the image's CMD loads (dist/bundle/lambda-api.mjs): the API
 * (src/app/lambda-api-start.ts), bundled as one script, lambda-api-app.cjs,
 * run from the code cache the image build wrote beside it
 * (src/app/script-cache.ts), then started.
 */
const api = loadScript<typeof import('./lambda-api-start.ts')>(new URL('./lambda-api-app.cjs', import.meta.url))
// The handler's code starts here, once the script that holds it has run.
const loadedAt = performance.now()
/** Exported for the benchmark's warm comparison (handler against app.inject on this instance). */
const codeCache = api.cacheRejected === undefined ? 'none' : api.cacheRejected ? 'rejected' : 'accepted'
export const { app, handler } = await api.exports.startLambdaApi(loadedAt, { codeCache })
if (codeCache === 'rejected') app.log.warn('V8 refused the code cache beside the bundle: the API was compiled from source')

/**
 * For the image build (scripts/compile-cache.ts), once the app has answered
 * a first request: load the modules other requests load on first use, then
 * write the code cache with everything compiled so far.
 */
export async function writeCodeCache (): Promise<string> {
  await api.exports.loadOnFirstUseModules()
  return api.writeCache()
}
