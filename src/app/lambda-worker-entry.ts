import { useCompileCache } from './compile-cache.ts'

/** The worker functions' handlers (dist/bundle/lambda-worker.mjs), after the compile cache: see lambda-api-entry.ts. */
useCompileCache(new URL('./compile-cache', import.meta.url))
const { handler, scheduled } = await import('./lambda-worker.ts')

export { handler, scheduled }
