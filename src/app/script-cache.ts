import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import vm from 'node:vm'

/**
 * Run a CommonJS bundle (scripts/bundle.ts: the API as one script) from
 * V8's code cache for it, written beside it as `<file>.cache`.
 *
 * Node's own compile cache (src/app/compile-cache.ts) serializes each module
 * right after compiling it, before it runs: functions V8 compiles lazily,
 * on their first call, are not in it, and those were most of what a cold
 * start compiled (Fastify, avvio, find-my-way and every route module while
 * the app is built, then the first request's path). V8 can serialize a
 * script's code at any time, with every function compiled by then, and
 * Node exposes that for vm.Script (createCachedData). So the image build
 * runs the API once (src/app/lambda-api-entry.ts, scripts/compile-cache.ts)
 * and writes the cache afterwards; a cold start then compiles almost
 * nothing. V8 checks the cache against the source, its version and its
 * flags, and compiles afresh whatever does not match: a stale cache costs
 * time, never correctness.
 */
export interface Script<T> {
  exports: T
  /** Whether V8 refused the cache beside the script (undefined: there was none). */
  cacheRejected: boolean | undefined
  /** Write the cache beside the script, with everything compiled so far. */
  writeCache: () => string
}

// Node's CommonJS wrapper, on the script's first line so line numbers (and source maps) still match.
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) {', '\n})']

export function loadScript<T> (url: URL): Script<T> {
  const filename = fileURLToPath(url)
  const cacheFile = `${filename}.cache`
  const source = readFileSync(filename, 'utf8')
  let cachedData: Buffer | undefined
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    // No cache (a bundle the image build has not primed): compiled from source.
  }
  const script = new vm.Script(WRAPPER[0] + source + WRAPPER[1], {
    filename,
    ...(cachedData !== undefined && { cachedData }),
    // import() of the externals (argon2) resolves as it would from a module at this path.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER
  })
  const module = { exports: {} as T }
  const wrapper = script.runInThisContext() as (exports: T, require: NodeJS.Require, module: { exports: T }, filename: string, dirname: string) => void
  wrapper(module.exports, createRequire(filename), module, filename, path.dirname(filename))
  return {
    exports: module.exports,
    cacheRejected: cachedData === undefined ? undefined : script.cachedDataRejected === true,
    writeCache: () => {
      writeFileSync(cacheFile, script.createCachedData())
      // Written by the image build's user; the function runs as another.
      chmodSync(cacheFile, 0o644)
      return cacheFile
    }
  }
}
