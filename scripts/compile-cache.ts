import { execFileSync } from 'node:child_process'
import { chmod, readdir, rm } from 'node:fs/promises'
import path from 'node:path'

/**
 * `node scripts/compile-cache.ts [bundle dir, default dist/bundle]` (the
 * image: `node dist/scripts/compile-cache.js dist/bundle`): V8's code cache for the
 * Lambda bundles, written to <bundle dir>/compile-cache, which the handlers
 * copy into Node's compile cache at start (src/app/compile-cache.ts). The
 * image build runs it where the function runs the code (/var/task), since
 * entries are keyed by the file's path.
 *
 * Each handler is loaded in a process of its own with placeholder settings
 * (nothing connects at init) and the API answers one GET /health, so the
 * chunks a first request loads are cached too. GET /health touches no AWS
 * service, and each AWS SDK is loaded on first use from a chunk of its own
 * (src/lib/aws/*-sdk.ts), so those chunks are then imported as well: the
 * first request that reads DynamoDB or queues a job finds its SDK compiled.
 * Importing one only defines the SDK's classes; no client is made. The
 * API's own code is one script (dist/bundle/lambda-api-app.cjs) with a
 * cache of its own: its entry writes it once GET /health has been answered
 * and its SDK modules loaded (writeCodeCache, src/app/script-cache.ts), so
 * it also holds every function that start and that request ran. The process runs with the
 * V8 flags of the Lambda Node runtime's bootstrap: V8 only accepts a cache
 * made under the same flags.
 */
// Not bundle.ts's ROOT: the image runs this without esbuild (a dev dependency).
const ROOT = path.resolve(import.meta.dirname, '..')

export const LAMBDA_NODE_FLAGS = ['--expose-gc']

const ENTRIES = ['lambda-api.mjs', 'lambda-worker.mjs']

const PLACEHOLDER_SETTINGS = {
  DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
  JWT_SECRET: 'compile-cache-only-never-signs-anything',
  JOBS_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/unused',
  AWS_REGION: 'eu-west-2',
  DYNAMODB_CREATE_TABLES: 'false',
  LOG_LEVEL: 'silent'
}

// Loads the handler named by PRIME_ENTRY and, for the API, answers a GET /health; then imports the AWS SDK chunks.
const PRIME = `
const { readdir } = await import('node:fs/promises')
const path = await import('node:path')
const handlers = await import(process.env.PRIME_ENTRY)
if (handlers.app !== undefined) {
  const event = { version: '2.0', routeKey: '$default', rawPath: '/health', rawQueryString: '', headers: { host: 'localhost' },
    requestContext: { http: { method: 'GET', path: '/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'compile-cache' }, requestId: 'compile-cache', stage: '$default', timeEpoch: Date.now() },
    isBase64Encoded: false }
  const answer = await handlers.handler(event, { awsRequestId: 'compile-cache', getRemainingTimeInMillis: () => 30000 })
  if (answer.statusCode !== 200) throw new Error('GET /health answered ' + answer.statusCode)
}
// The API's script: its own code cache, written now that it has answered (src/app/script-cache.ts).
if (typeof handlers.writeCodeCache === 'function') await handlers.writeCodeCache()
const chunks = path.join(path.dirname(process.env.PRIME_ENTRY), 'chunks')
const sdks = (await readdir(chunks)).filter(name => /^[a-z0-9-]+-sdk-[A-Z0-9]+\\.mjs$/.test(name))
if (sdks.length === 0) throw new Error('no AWS SDK chunk (*-sdk-<hash>.mjs) in ' + chunks)
for (const name of sdks) await import(path.join(chunks, name))
;(await import('node:module')).flushCompileCache()
process.exit(0)
`

export async function writeCompileCache (bundleDir = path.join(ROOT, 'dist', 'bundle')): Promise<string> {
  const cacheDir = path.join(bundleDir, 'compile-cache')
  await rm(cacheDir, { recursive: true, force: true })
  for (const entry of ENTRIES) {
    execFileSync(process.execPath, [...LAMBDA_NODE_FLAGS, '--input-type=module', '--eval', PRIME], {
      cwd: bundleDir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...PLACEHOLDER_SETTINGS, NODE_COMPILE_CACHE: cacheDir, PRIME_ENTRY: path.join(bundleDir, entry) },
      stdio: ['ignore', 'inherit', 'inherit']
    })
  }
  // Node writes its cache for the writing user alone (0600); the function
  // runs as another user, which must read it.
  for (const entry of await readdir(cacheDir, { recursive: true, withFileTypes: true })) {
    await chmod(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644)
  }
  return cacheDir
}

if (import.meta.main) {
  const cacheDir = await writeCompileCache(process.argv[2] === undefined ? undefined : path.resolve(process.argv[2]))
  console.log(`Wrote ${cacheDir}`)
}
