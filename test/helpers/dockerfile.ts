import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './processes.ts'

/** One `COPY` of the Dockerfile: its stage, whether it copies from another stage, its sources and destination. */
export interface CopyInstruction {
  stage: string
  from: string | undefined
  sources: string[]
  destination: string
}

/** The `COPY` instructions of the Dockerfile, by stage (`FROM … AS <stage>`). */
export function dockerCopies (dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')): CopyInstruction[] {
  const copies: CopyInstruction[] = []
  let stage = ''
  for (const line of dockerfile.split('\n')) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line)
    if (from) stage = from[1] ?? ''
    if (!/^COPY\s/i.test(line)) continue
    const words = line.trim().split(/\s+/).slice(1)
    const flags = words.filter(w => w.startsWith('--'))
    const paths = words.filter(w => !w.startsWith('--'))
    copies.push({
      stage,
      from: flags.find(f => f.startsWith('--from='))?.slice('--from='.length),
      sources: paths.slice(0, -1),
      destination: paths.at(-1)!
    })
  }
  return copies
}

/** A .dockerignore pattern as a regular expression over a context path (Go's filepath.Match, plus `**`). */
function patternToRegExp (pattern: string): RegExp {
  const clean = pattern.replace(/^\/+/, '').replace(/\/+$/, '')
  let source = ''
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i]!
    if (c === '*' && clean[i + 1] === '*') { source += '.*'; i++ } else if (c === '*') source += '[^/]*'
    else if (c === '?') source += '[^/]'
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${source}$`)
}

/**
 * Whether the build context leaves `file` out, as Docker decides it: the last
 * pattern that matches the file or one of its parent folders wins, and a
 * pattern starting with `!` lets the file back in.
 */
export function dockerIgnores (file: string, dockerignore = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')): boolean {
  const parts = file.split('/')
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'))
  let ignored = false
  for (const raw of dockerignore.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const negated = line.startsWith('!')
    const pattern = patternToRegExp(negated ? line.slice(1) : line)
    if (candidates.some(candidate => pattern.test(candidate))) ignored = !negated
  }
  return ignored
}
