import t from 'tap'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

// The benchmarks and the soak start the service's entrypoints as child
// processes by path, which neither the compiler nor a test run follows: a
// file moved elsewhere breaks `npm run bench` / `npm run soak` silently.
const ROOT = path.resolve(import.meta.dirname, '../..')
const BENCH = path.join(ROOT, 'bench')

t.test('every script path the benchmarks start exists', async (t) => {
  const started: string[] = []
  for (const file of readdirSync(BENCH).filter(f => f.endsWith('.ts'))) {
    const source = readFileSync(path.join(BENCH, file), 'utf8')
    for (const match of source.matchAll(/['`]((?:src|bench|scripts)\/[\w./-]+\.(?:ts|mjs|js))['`]/g)) started.push(`${file}: ${match[1]}`)
  }
  t.ok(started.length >= 5, `${started.length} paths found`)
  for (const entry of started) {
    const target = entry.split(': ')[1]!
    t.ok(existsSync(path.join(ROOT, target)), entry)
  }
})
