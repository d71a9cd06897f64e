import { useCompileCache } from './compile-cache.ts'

/**
 * What the image's CMD loads (dist/bundle/lambda-api.mjs): the compile cache
 * first, then the API handler (src/app/lambda.ts), whose imports would
 * otherwise be compiled before any line of it ran.
 */
useCompileCache(new URL('./compile-cache', import.meta.url))
const { handler, app } = await import('./lambda.ts')

export { handler, app }
