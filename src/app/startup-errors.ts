import { ConfigError } from '../lib/config.ts'

/** A start-up failure whose message already says what is wrong and what to do. */
export class StartupError extends Error {
  override name = 'StartupError'
}

interface SystemError { code?: unknown, address?: unknown, port?: unknown, errors?: unknown[], cause?: unknown, message?: unknown }

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET'])

/** The error and its causes (and an AggregateError's members), outermost first. */
function chain (err: unknown): SystemError[] {
  const found: SystemError[] = []
  const queue = [err]
  while (queue.length > 0 && found.length < 20) {
    const next = queue.shift()
    if (next === null || typeof next !== 'object') continue
    const e = next as SystemError
    found.push(e)
    if (e.cause !== undefined) queue.push(e.cause)
    if (Array.isArray(e.errors)) queue.push(...e.errors)
  }
  return found
}

/** Where DATABASE_URL points, without its password. */
function databaseTarget (url: string | undefined): string {
  if (url === undefined) return 'the database'
  try {
    const parsed = new URL(url)
    return `the database at ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`
  } catch {
    return 'the database in DATABASE_URL'
  }
}

/**
 * One line for a start-up failure: what is wrong and what to do, never a
 * stack (`LOG_LEVEL=debug` adds it for whoever is debugging the service).
 */
export function describeStartupFailure (err: unknown, settings: { PORT?: number, HOST?: string, DATABASE_URL?: string | undefined } = {}): string {
  const errors = chain(err)
  const startup = errors.find(e => e instanceof StartupError)
  if (startup) return String(startup.message)
  const config = errors.find(e => e instanceof ConfigError)
  if (config) {
    const lines = String(config.message).split('\n').map(l => l.trim()).filter(Boolean)
    const problems = lines[0] === 'Invalid configuration:' ? lines.slice(1) : lines
    return `Invalid configuration: ${problems.join('; ')}. Fix the setting (environment or .env) and start again`
  }
  const codes = errors.map(e => e.code).filter((c): c is string => typeof c === 'string')
  const listen = errors.find(e => e.code === 'EADDRINUSE' || e.code === 'EACCES')
  if (listen && /listen/.test(String(listen.message))) {
    const where = `${String(listen.address ?? settings.HOST ?? '')}:${String(listen.port ?? settings.PORT ?? '')}`
    return listen.code === 'EADDRINUSE'
      ? `Port ${String(listen.port ?? settings.PORT)} (${where}) is already in use, perhaps by another \`npm start\`: stop it, or set PORT to a free port`
      : `Not allowed to listen on ${where}: set PORT to 1024 or above`
  }
  const target = databaseTarget(settings.DATABASE_URL)
  const unreachable = codes.find(c => UNREACHABLE.has(c))
  if (unreachable) return `Cannot reach ${target} (${unreachable}): start it, or set DATABASE_URL to one that runs`
  if (codes.includes('28P01') || codes.includes('28000')) return `${target} refused the user or password in DATABASE_URL: fix them`
  if (codes.includes('3D000')) return `${target} does not exist: create it (createdb), or fix DATABASE_URL`
  if (errors.some(e => /timeout exceeded when trying to connect|Connection terminated/i.test(String(e.message)))) {
    return `Cannot reach ${target} (timed out): start it, or set DATABASE_URL to one that runs`
  }
  const first = String(errors[0]?.message ?? err).split('\n')[0]
  return `Cannot start: ${first}. Set LOG_LEVEL=debug to see where it failed`
}
