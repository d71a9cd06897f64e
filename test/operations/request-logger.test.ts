import t from 'tap'
import pino from 'pino'
import { Writable } from 'node:stream'
import { LazyChildLogger, lazyChildLoggerFactory } from '../../src/app/request-logger.ts'

function capture (level: string) {
  const lines: Array<Record<string, unknown>> = []
  const stream = new Writable({ write (chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done() } })
  const logger = pino({ level, redact: { paths: ['token'], censor: '[redacted]' } }, stream)
  return { logger, lines }
}

t.test('lines below the level are dropped, and the first that passes carries the bindings', async (t) => {
  const { logger, lines } = capture('warn')
  const log = new LazyChildLogger(logger, { requestId: 'r-1' })
  log.info({ token: 'x' }, 'not written')
  log.debug('nor this')
  t.same(lines, [])
  log.warn({ token: 'secret' }, 'slow')
  log.error('failed')
  t.match(lines, [{ level: 40, requestId: 'r-1', token: '[redacted]', msg: 'slow' }, { level: 50, requestId: 'r-1', msg: 'failed' }])
})

t.test('it follows the parent level until given its own', async (t) => {
  const { logger, lines } = capture('warn')
  const log = new LazyChildLogger(logger, { requestId: 'r-2' })
  t.equal(log.level, 'warn')
  logger.level = 'info'
  log.info('now written')
  t.equal(lines.length, 1)
  log.level = 'error'
  log.warn('not for this request')
  t.equal(lines.length, 1)
  t.equal(logger.level, 'info', 'the parent keeps its level')
  t.same(log.bindings(), { requestId: 'r-2' })
  const child = log.child({ teamId: 't-1' })
  child.error('with both')
  t.match(lines[1], { requestId: 'r-2', teamId: 't-1', msg: 'with both' })
})

t.test('the factory makes a real child when the route sets log options', async (t) => {
  const { logger } = capture('warn')
  const factory = lazyChildLoggerFactory.bind(null as never)
  t.type(factory(logger, { requestId: 'a' }, {}, {} as never), LazyChildLogger)
  const leveled = factory(logger, { requestId: 'b' }, { level: 'debug' }, {} as never)
  t.notOk(leveled instanceof LazyChildLogger)
  t.equal(leveled.level, 'debug')
})
