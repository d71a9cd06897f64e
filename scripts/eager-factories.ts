import { parse, type Node } from 'acorn'
import { decode, encode } from '@jridgewell/sourcemap-codec'

/**
 * Parenthesize the module factories of a bundled chunk, so V8 compiles them
 * when the chunk is compiled instead of when each is first called.
 *
 * esbuild wraps every CommonJS module (Fastify, Ajv, pino…) and every module
 * loaded lazily in a factory at the top level of its chunk:
 * `var require_x = __commonJS((exports, module) => {…})`. V8 compiles such a
 * function lazily, on its first call, and Node's compile cache only holds
 * what V8 compiled with the chunk itself (it is written right after
 * compiling, before anything runs). So every factory was parsed and compiled
 * afresh at each cold start, whatever the cache held: most of the time the
 * handler spent loading. V8 compiles a function wrapped in parentheses
 * eagerly (its heuristic for functions that are about to be called), so the
 * factories land in the code cache the image build writes. The meaning of
 * the code does not change, only when V8 compiles it.
 *
 * Returns the new code and its source map, with the columns after each
 * inserted parenthesis shifted to match.
 */
export function parenthesizeFactories (code: string, map: string): { code: string, map: string, factories: number } {
  const program = parse(code, { ecmaVersion: 'latest', sourceType: 'module' }) as Node & { body: Node[] }
  const factories: Array<{ start: number, end: number }> = []
  for (const statement of program.body) {
    if (statement.type !== 'VariableDeclaration') continue
    for (const declarator of (statement as unknown as { declarations: Array<{ init: Node | null }> }).declarations) {
      const factory = factoryArgument(declarator.init)
      if (factory !== undefined) factories.push(factory)
    }
  }
  if (factories.length === 0) return { code, map, factories: 0 }

  const insertions = factories.flatMap(({ start, end }) => [start, end]).sort((a, b) => a - b)
  let out = ''
  let from = 0
  for (const [i, at] of insertions.entries()) {
    out += code.slice(from, at) + (i % 2 === 0 ? '(' : ')')
    from = at
  }
  out += code.slice(from)
  return { code: out, map: shiftMap(map, code, insertions), factories: factories.length }
}

/** `wrapper(() => {…})` or `wrapper(function () {…})` with that function as its only argument. */
function factoryArgument (init: Node | null): { start: number, end: number } | undefined {
  if (init?.type !== 'CallExpression') return undefined
  const args = (init as unknown as { arguments: Node[] }).arguments
  const only = args.length === 1 ? args[0]! : undefined
  if (only === undefined || (only.type !== 'ArrowFunctionExpression' && only.type !== 'FunctionExpression')) return undefined
  return { start: only.start, end: only.end }
}

/** Shift generated columns in `map` by the characters inserted at `insertions` (offsets into `code`, ascending). */
function shiftMap (map: string, code: string, insertions: number[]): string {
  const parsed = JSON.parse(map) as { mappings: string }
  const lines = decode(parsed.mappings)
  // Offsets to (line, column) of the code before insertion.
  const byLine = new Map<number, number[]>()
  let line = 0
  let lineStart = 0
  let next = code.indexOf('\n')
  for (const at of insertions) {
    while (next !== -1 && next < at) {
      line++
      lineStart = next + 1
      next = code.indexOf('\n', lineStart)
    }
    const columns = byLine.get(line) ?? []
    columns.push(at - lineStart)
    byLine.set(line, columns)
  }
  for (const [index, columns] of byLine) {
    const segments = lines[index]
    if (segments === undefined) continue
    for (const segment of segments) {
      // A parenthesis inserted at a segment's own column goes before it.
      let shift = 0
      while (shift < columns.length && columns[shift]! <= segment[0]) shift++
      segment[0] += shift
    }
  }
  parsed.mappings = encode(lines)
  return JSON.stringify(parsed)
}
