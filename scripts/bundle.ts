import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild'
import { builtinModules } from 'node:module'
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parenthesizeFactories } from './eager-factories.ts'
import { lazyBuiltins } from './lazy-builtins.ts'

/**
 * `npm run bundle`: each Lambda handler as one tree-shaken, minified ES
 * module with a source map, in dist/bundle/. Node then reads a few files
 * instead of resolving and compiling some two thousand under node_modules,
 * which is most of a cold start. Code the first request does not need is
 * imported dynamically in the source, and splitting turns each such import
 * into a chunk of its own that is read only when it is first used. Module
 * factories are then parenthesized so V8 compiles them with their chunk and
 * the code cache holds them (scripts/eager-factories.ts). The API's entry
 * runs the API from one script of its own instead (apiScriptOptions).
 *
 * Handlers (the image's CMD, resolved from LAMBDA_TASK_ROOT):
 *   dist/bundle/lambda-api.handler        API Gateway (HTTP API v2, REST v1)
 *   dist/bundle/lambda-worker.handler     SQS event source mapping
 *   dist/bundle/lambda-worker.scheduled   EventBridge schedules
 *   dist/bundle/lambda-websocket.handler  API Gateway WebSocket API ($connect, $disconnect, $default)
 */
export const ROOT = path.resolve(import.meta.dirname, '..')

export const ENTRY_POINTS = {
  'lambda-api': 'src/app/lambda-api-entry.ts',
  'lambda-worker': 'src/app/lambda-worker-entry.ts',
  'lambda-websocket': 'src/app/lambda-websocket.ts'
}

/**
 * Left to node_modules at run time: native addons, which node-gyp-build
 * finds next to their own package.json, and optional peers that are not
 * installed (required inside a try, never reached).
 */
export const EXTERNAL = [
  'argon2',
  // pg's optional native bindings; `pg` itself is bundled.
  'pg-native',
  // msgpackr (BullMQ) tries its native extension and falls back to JS.
  'msgpackr-extract'
]

/** The module that reads openapi/asyncapi.yaml from disk (src/plugins/asyncapi-document.ts). */
export const ASYNCAPI_MODULE = path.join(ROOT, 'src', 'plugins', 'asyncapi-document.ts')

/**
 * A Lambda function has only the bundle: no openapi/ folder beside it. So the
 * module that reads the AsyncAPI document becomes, in the bundle, one that
 * holds the document's text as it is when the bundle is built.
 */
export function embedAsyncApiDocument (): Plugin {
  return {
    name: 'embed-asyncapi-document',
    setup (build) {
      build.onLoad({ filter: /[\\/]src[\\/]plugins[\\/]asyncapi-document\.ts$/ }, async (args) => {
        if (path.resolve(args.path) !== ASYNCAPI_MODULE) return undefined
        const source = path.join(ROOT, 'openapi', 'asyncapi.yaml')
        const text = await readFile(source, 'utf8')
        return {
          contents: `export const loadAsyncApiDocument = async () => ${JSON.stringify(text)}`,
          loader: 'js',
          watchFiles: [source]
        }
      })
    }
  }
}

const BUILTINS = new Set(builtinModules)

/**
 * Node's built-in modules, where the code imports them as ES modules, taken
 * as CommonJS (process.getBuiltinModule) instead. For an ES import Node
 * builds the built-in's namespace by reading every export, and some of those
 * reads load more code: node:http's WebSocket getters load undici, node:fs
 * loads its streams, node:util and node:process their lazy parts, 15–40 ms
 * each of a cold start for names nobody uses. A CommonJS module's
 * properties are read where they are used.
 */
const builtinsAsCommonJs: Plugin = {
  name: 'builtins-as-commonjs',
  setup (build) {
    build.onResolve({ filter: /^(node:)?[a-z0-9_/]+$/ }, (args) => {
      if (args.kind !== 'import-statement') return undefined
      const name = args.path.startsWith('node:') ? args.path : `node:${args.path}`
      if (!BUILTINS.has(name) && !BUILTINS.has(name.slice('node:'.length))) return undefined
      return { path: name, namespace: 'node-builtin' }
    })
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)})`,
      loader: 'js'
    }))
  }
}

export function bundleOptions (outdir: string): BuildOptions & { metafile: true } {
  return {
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS,
    // ES module builds where a package has one (the AWS SDK's dist-es):
    // tree-shaken, where a CommonJS build is kept whole.
    mainFields: ['module', 'main'],
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: true,
    treeShaking: true,
    sourcemap: 'linked',
    // Keep class and function names: stack traces, pino's error `type` and
    // Fastify's plugin names stay readable.
    keepNames: true,
    legalComments: 'linked',
    external: EXTERNAL,
    metafile: true,
    plugins: [embedAsyncApiDocument(), builtinsAsCommonJs, lazyBuiltins],
    logLevel: 'warning',
    // CommonJS packages inside an ES module need require, __filename and __dirname.
    banner: {
      js: [
        "import{createRequire as __bundleRequire}from'node:module';",
        "import{fileURLToPath as __bundleFileUrl}from'node:url';",
        'const require=__bundleRequire(import.meta.url);',
        'const __filename=__bundleFileUrl(import.meta.url);',
        "const __dirname=__bundleFileUrl(new URL('.',import.meta.url));"
      ].join('')
    }
  }
}

/**
 * The API itself (src/app/lambda-api-start.ts) as one CommonJS script,
 * lambda-api-app.cjs, which dist/bundle/lambda-api.mjs runs through
 * vm.Script from a code cache written after the app has answered a request
 * (src/app/script-cache.ts). One script, not chunks: V8 writes such a cache
 * for a whole script. Code the first request does not need still loads on
 * first use: each dynamic import becomes a module evaluated when it is first
 * imported, only its text is in the file.
 */
export const API_SCRIPT = 'lambda-api-app.cjs'

export function apiScriptOptions (outdir: string): BuildOptions & { metafile: true } {
  const { entryPoints: _entries, outExtension: _ext, chunkNames: _chunks, splitting: _splitting, banner: _banner, ...shared } = bundleOptions(outdir)
  return {
    ...shared,
    entryPoints: { [API_SCRIPT.replace(/\.cjs$/, '')]: 'src/app/lambda-api-start.ts' },
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    // docs-ui.ts finds Swagger UI's files with import.meta.resolve, which a script does not have.
    define: { 'import.meta.url': '__importMetaUrl', 'import.meta.resolve': '__importMetaResolve' },
    banner: {
      js: [
        "const __importMetaUrl=require('node:url').pathToFileURL(__filename).href;",
        "const __importMetaResolve=(specifier)=>require('node:url').pathToFileURL(require.resolve(specifier)).href;"
      ].join('')
    }
  }
}

export interface BundleResult {
  outdir: string
  metafile: Metafile
  /** Bytes of each output file (not source maps), by path relative to outdir. */
  sizes: Record<string, number>
}

/** Write the bundles to `outdir` (replacing what was there). */
export async function bundle (outdir = path.join(ROOT, 'dist', 'bundle')): Promise<BundleResult> {
  await rm(outdir, { recursive: true, force: true })
  const [result, script] = await Promise.all([build(bundleOptions(outdir)), build(apiScriptOptions(outdir))])
  const sizes: Record<string, number> = {}
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.map') || file.endsWith('.LEGAL.txt')) continue
    output.bytes = await compileFactoriesEagerly(path.resolve(ROOT, file))
    sizes[path.relative(outdir, path.resolve(ROOT, file))] = output.bytes
  }
  // Not rewritten: its code cache is written after it has run, with the functions it ran.
  for (const [file, output] of Object.entries(script.metafile.outputs)) {
    if (file.endsWith('.map') || file.endsWith('.LEGAL.txt')) continue
    sizes[path.relative(outdir, path.resolve(ROOT, file))] = output.bytes
    result.metafile.outputs[file] = output
  }
  return { outdir, metafile: result.metafile, sizes }
}

/** Rewrite one output file and its source map (parenthesizeFactories); returns its new size in bytes. */
async function compileFactoriesEagerly (file: string): Promise<number> {
  const code = await readFile(file, 'utf8')
  const rewritten = parenthesizeFactories(code, await readFile(`${file}.map`, 'utf8'))
  if (rewritten.factories > 0) {
    await writeFile(file, rewritten.code)
    await writeFile(`${file}.map`, rewritten.map)
  }
  return Buffer.byteLength(rewritten.code)
}

/** What each entry loads at start: its own file, its handler's chunk and the chunks they import statically. */
export function startupBytes (result: BundleResult): Record<string, number> {
  const outputs = result.metafile.outputs
  const byEntry: Record<string, number> = {}
  const entries = new Set(Object.values(ENTRY_POINTS))
  for (const [file, output] of Object.entries(outputs)) {
    if (output.entryPoint === undefined || !entries.has(output.entryPoint)) continue
    const seen = new Set<string>()
    // The entry turns the compile cache on, then imports the handler's
    // chunk dynamically: that import, and every static one below it, is start.
    const visit = (name: string) => {
      if (seen.has(name)) return
      seen.add(name)
      for (const imported of outputs[name]?.imports ?? []) {
        const atStart = imported.kind === 'import-statement' || (imported.kind === 'dynamic-import' && name === file)
        if (atStart && !imported.external) visit(imported.path)
      }
    }
    visit(file)
    const name = path.basename(file)
    // The API's entry also reads the script that holds the API.
    if (output.entryPoint === ENTRY_POINTS['lambda-api']) {
      for (const script of Object.keys(outputs).filter(f => f.endsWith(`/${API_SCRIPT}`))) seen.add(script)
    }
    byEntry[name] = [...seen].reduce((sum, f) => sum + (outputs[f]?.bytes ?? 0), 0)
  }
  return byEntry
}

if (import.meta.main) {
  const result = await bundle()
  const startup = startupBytes(result)
  for (const [file, bytes] of Object.entries(result.sizes).sort()) {
    console.log(`${(bytes / 1024).toFixed(0).padStart(7)} KiB  dist/bundle/${file}`)
  }
  for (const [entry, bytes] of Object.entries(startup)) {
    console.log(`${entry}: ${(bytes / 1024).toFixed(0)} KiB read at start`)
  }
}
