import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtemp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { decode } from '@jridgewell/sourcemap-codec'
import { parenthesizeFactories } from '../../scripts/eager-factories.ts'

// scripts/bundle.ts parenthesizes each module factory of a chunk so that V8
// compiles it with the chunk and Node's compile cache holds it. Here a small
// CommonJS package is bundled the way the Lambda bundles are (ES module,
// minified, linked source map) and rewritten.

const dir = await mkdtemp(path.join(tmpdir(), 'teamtrek-eager-'))
t.teardown(() => rm(dir, { recursive: true, force: true }))
await mkdir(path.join(dir, 'node_modules', 'counter'), { recursive: true })
await writeFile(path.join(dir, 'node_modules', 'counter', 'index.js'), [
  "'use strict'",
  'const start = require("./start.js")',
  // Enough statements that compiling the factory shows in the cache's size.
  ...Array.from({ length: 400 }, (_, i) => `exports.step${i} = (n) => n + start.value + ${i}`),
  'exports.label = "counter from " + start.value'
].join('\n'))
await writeFile(path.join(dir, 'node_modules', 'counter', 'start.js'), "'use strict'\nexports.value = 40\n")
await writeFile(path.join(dir, 'entry.mjs'), "import counter from 'counter'\nexport const answer = counter.step2(0)\nexport const label = counter.label\n")

const outdir = path.join(dir, 'out')
await build({ absWorkingDir: dir, entryPoints: ['entry.mjs'], outdir, bundle: true, format: 'esm', platform: 'node', minify: true, sourcemap: 'linked', logLevel: 'silent' })
const file = path.join(outdir, 'entry.js')
const original = await readFile(file, 'utf8')
const originalMap = await readFile(`${file}.map`, 'utf8')
const rewritten = parenthesizeFactories(original, originalMap)

/** Where a generated position comes from: the last mapping segment at or before it on its line (source, line, column). */
function originalPosition (map: string, line: number, column: number): string | undefined {
  const segments = decode((JSON.parse(map) as { mappings: string }).mappings)[line - 1] ?? []
  let found: number[] | undefined
  for (const segment of segments) {
    if (segment[0]! > column) break
    found = segment
  }
  return found === undefined || found.length < 4 ? undefined : found.slice(1, 4).join(':')
}

t.test('each CommonJS module factory is wrapped in parentheses, and the code does the same', async (t) => {
  t.equal(rewritten.factories, 2, 'index.js and start.js')
  t.equal(rewritten.code.length, original.length + 4)
  const copy = path.join(outdir, 'rewritten.mjs')
  await writeFile(copy, rewritten.code)
  const module = await import(pathToFileURL(copy).href) as { answer: number, label: string }
  t.same({ answer: module.answer, label: module.label }, { answer: 42, label: 'counter from 40' })
})

t.test('the source map still points every character at the same original position', async (t) => {
  let checked = 0
  let j = 0
  let line = 1
  let column = 0
  let newColumn = 0
  for (let i = 0; i < original.length; i++, j++) {
    while (rewritten.code[j] !== original[i]) { j++; newColumn++ }
    if (original[i] === '\n') {
      line++
      column = 0
      newColumn = 0
      continue
    }
    const before = originalPosition(originalMap, line, column)
    if (before !== undefined) {
      const after = originalPosition(rewritten.map, line, newColumn)
      if (after !== before) {
        t.fail(`column ${column} of line ${line} maps to ${after}, not ${before}`)
        return
      }
      checked++
    }
    column++
    newColumn++
  }
  t.ok(checked > 1000, `${checked} positions agree`)
})

t.test("the compile cache Node writes for the chunk holds the factories' code", async (t) => {
  const cacheBytes = async (code: string, name: string) => {
    const cacheDir = path.join(dir, `cache-${name}`)
    const chunk = path.join(outdir, `${name}.mjs`)
    await writeFile(chunk, code)
    execFileSync(process.execPath, ['--input-type=module', '--eval', `await import(${JSON.stringify(pathToFileURL(chunk).href)})`], {
      env: { PATH: process.env.PATH ?? '', NODE_COMPILE_CACHE: cacheDir }
    })
    let bytes = 0
    for (const entry of await readdir(cacheDir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) bytes += (await stat(path.join(entry.parentPath, entry.name))).size
    }
    return bytes
  }
  const lazy = await cacheBytes(original, 'lazy')
  const eager = await cacheBytes(rewritten.code, 'eager')
  // The factory of index.js is some 400 statements of bytecode: kilobytes, where a lazy one is a stub.
  t.ok(eager > lazy + 4000, `cache of ${eager} bytes with the factories compiled, ${lazy} without`)
})

t.test('code without factories is returned as it is', async (t) => {
  const plain = parenthesizeFactories('export const x = 1\n', originalMap)
  t.same(plain, { code: 'export const x = 1\n', map: originalMap, factories: 0 })
})
