import { startLambdaApi } from './lambda-api-start.ts'

/**
 * The API Gateway entrypoint as a module (tsc's output, the tests): the app
 * is built and made ready at module top level (src/app/lambda-api-start.ts).
 * The bundle the image runs starts it through lambda-api-entry.ts instead.
 */
// The handler's code starts here, once every module it imports is loaded.
const loadedAt = performance.now()
/** Exported for the benchmark's warm comparison (handler against app.inject on this instance). */
export const { app, handler } = await startLambdaApi(loadedAt)
