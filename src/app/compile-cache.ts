import { copyFileSync, existsSync, readdirSync } from 'node:fs'
import { enableCompileCache, getCompileCacheDir } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Turn on Node's compile cache, seeded with the V8 code cache that the image
 * build produced for the bundle (scripts/compile-cache.ts), before the
 * handler's code is imported: parsing and compiling some 2 MB of JavaScript
 * was the largest single part of a cold start.
 *
 * Node keeps that cache in a directory named after the Node version, the V8
 * flags and the user id, and Lambda runs the image as a user known only at
 * run time, on a read-only /var/task. So the packaged entries are copied into
 * this process's own cache directory under /tmp. V8 checks each entry
 * against the source and its own version and flags, and compiles afresh
 * whatever does not match: a stale or foreign cache costs time, never
 * correctness. Without a packaged cache (a bundle built without one) this
 * does nothing.
 */
export function useCompileCache (packaged: URL): void {
  const source = fileURLToPath(packaged)
  // Already on (NODE_COMPILE_CACHE): that is the image build writing the cache.
  if (getCompileCacheDir() !== undefined || !existsSync(source)) return
  try {
    enableCompileCache(path.join(tmpdir(), 'node-compile-cache'))
    const own = getCompileCacheDir()
    if (own === undefined) return
    // <Node version>-<arch>-<V8 version and flags>-<user id>; the entries
    // inside are keyed by file, so they go into ours as they are.
    const tag = withoutUser(path.basename(own))
    const match = readdirSync(source).find(name => withoutUser(name) === tag)
    if (match === undefined) return
    for (const entry of readdirSync(path.join(source, match))) {
      copyFileSync(path.join(source, match, entry), path.join(own, entry))
    }
  } catch {
    // A cold start without the cache is slower, not broken.
  }
}

function withoutUser (directory: string): string {
  return directory.replace(/-\d+$/, '')
}
