import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

/**
 * `node bench/profile-summary.ts <dir|file.cpuprofile> [top]`: where a V8 CPU
 * profile (from BENCH_CPU_PROF) spent its time: self time by function and by
 * package (node_modules/<name>, the project's own files, Node internals),
 * idle and GC shown apart, as shares of the busy time.
 */
interface ProfileNode {
  id: number
  callFrame: { functionName: string, url: string, lineNumber: number }
  children?: number[]
}
interface Profile { nodes: ProfileNode[], samples: number[], timeDeltas: number[] }

const target = process.argv[2]
if (target === undefined) {
  console.error('usage: node bench/profile-summary.ts <dir|file.cpuprofile> [top]')
  process.exit(2)
}
const top = Number(process.argv[3] ?? 25)
const file = statSync(target).isDirectory()
  ? readdirSync(target).filter(f => f.endsWith('.cpuprofile')).map(f => path.join(target, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
  : target
if (file === undefined) throw new Error(`no .cpuprofile in ${target}`)
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile

function packageOf (url: string): string {
  if (url === '') return '(native / V8)'
  if (url.startsWith('node:')) return 'node internals'
  const nm = url.lastIndexOf('node_modules/')
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/')
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!
  }
  const src = url.indexOf('/src/')
  return src >= 0 ? `project ${url.slice(src + 1).split('/').slice(0, 3).join('/')}` : url
}

const byId = new Map(profile.nodes.map(n => [n.id, n]))
const selfMicros = new Map<number, number>()
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))

const byFunction = new Map<string, number>()
const byPackage = new Map<string, number>()
let idle = 0
let busy = 0
for (const [id, micros] of selfMicros) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame
  if (functionName === '(idle)' || functionName === '(program)') { idle += micros; continue }
  busy += micros
  const name = `${functionName || '(anonymous)'}  ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}  [${packageOf(url)}]`
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros)
  const pkg = functionName === '(garbage collector)' ? '(garbage collector)' : packageOf(url)
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros)
}

const share = (micros: number) => `${(100 * micros / busy).toFixed(1).padStart(5)} %`
console.log(`${path.basename(file)}: busy ${(busy / 1000).toFixed(0)} ms, idle/program ${(idle / 1000).toFixed(0)} ms`)
console.log('\nself time by package')
for (const [name, micros] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${share(micros)}  ${name}`)
console.log('\nself time by function')
for (const [name, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${share(micros)}  ${name}`)
