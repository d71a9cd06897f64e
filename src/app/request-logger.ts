import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify'

type Bindings = Record<string, unknown>
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'
type LevelAware = FastifyBaseLogger & { isLevelEnabled: (level: string) => boolean }

/**
 * A request's logger, made when it first writes a line. Fastify gives every
 * request a child of the app's logger, bound to its id; pino builds one by
 * serialising the bindings and copying the logger's state, which a cached
 * read paid for nothing when the level (warn in production) lets none of its
 * lines through. This stands in for the child and makes the real one, once,
 * for the first line that passes the level: that line and every later one
 * are exactly the child's (bindings, serializers, redaction).
 */
export class LazyChildLogger {
  readonly #parent: LevelAware
  readonly #bindings: Bindings
  #child: FastifyBaseLogger | undefined

  constructor (parent: LevelAware, bindings: Bindings) {
    this.#parent = parent
    this.#bindings = bindings
  }

  #logger (): FastifyBaseLogger {
    return (this.#child ??= this.#parent.child(this.#bindings))
  }

  /** Until the child exists it has the parent's level, as a pino child does. */
  isLevelEnabled (level: string): boolean {
    return ((this.#child ?? this.#parent) as LevelAware).isLevelEnabled(level)
  }

  #write (level: Level, args: unknown[]): void {
    if (this.isLevelEnabled(level)) (this.#logger()[level] as (...a: unknown[]) => void)(...args)
  }

  fatal (...args: unknown[]) { this.#write('fatal', args) }
  error (...args: unknown[]) { this.#write('error', args) }
  warn (...args: unknown[]) { this.#write('warn', args) }
  info (...args: unknown[]) { this.#write('info', args) }
  debug (...args: unknown[]) { this.#write('debug', args) }
  trace (...args: unknown[]) { this.#write('trace', args) }
  silent () {}

  get level (): string {
    return (this.#child ?? this.#parent).level
  }

  /** A level set on a request's logger is that request's own, as with a pino child. */
  set level (level: string) {
    this.#logger().level = level
  }

  child (bindings: Bindings, options?: object): FastifyBaseLogger {
    return this.#logger().child(bindings, options)
  }

  bindings (): Bindings {
    const logger = this.#child ?? this.#parent
    const own = (logger as { bindings?: () => Bindings }).bindings?.() ?? {}
    return this.#child === undefined ? { ...own, ...this.#bindings } : own
  }
}

// Fastify passes a fresh `{}` unless the route sets a log level or serializers.
function hasKeys (object: { level?: unknown, serializers?: unknown }): boolean {
  return object.level !== undefined || object.serializers !== undefined
}

/**
 * Fastify's `childLoggerFactory`: lazy children of a pino logger. Route-level
 * log options (a level, serializers) and loggers that cannot say whether a
 * level is enabled get a real child at once.
 */
export const lazyChildLoggerFactory: NonNullable<FastifyServerOptions['childLoggerFactory']> = function (logger, bindings, options) {
  const levelAware = typeof (logger as Partial<LevelAware>).isLevelEnabled === 'function'
  if (!levelAware || hasKeys(options)) return logger.child(bindings, options)
  return new LazyChildLogger(logger as LevelAware, bindings) as unknown as FastifyBaseLogger
}
