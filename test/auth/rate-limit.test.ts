import t from 'tap'
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { build, testEnvironment } from '../helpers/build.ts'
import { errorCode, register, uniqueEmail } from '../helpers/api.ts'
import { loadConfig, trustProxyOf } from '../../src/lib/config.ts'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const environment = await testEnvironment(t)

async function login (app: Awaited<ReturnType<typeof build>>, email: string, ip: string) {
  return app.inject({
    method: 'POST',
    url: '/auth/login',
    remoteAddress: ip,
    payload: { email, password: 'a wrong guess, again' }
  })
}

t.test('login is throttled per account, whatever the address', async (t) => {
  const app = await build(t, environment, { LOGIN_MAX_PER_ACCOUNT_PER_15_MINUTES: '3' })
  const victim = await register(app)
  const statuses: number[] = []
  for (let i = 0; i < 5; i++) statuses.push((await login(app, victim.email, `10.0.0.${i + 1}`)).statusCode)
  t.same(statuses, [401, 401, 401, 429, 429])
  const limited = await login(app, victim.email.toUpperCase(), '10.0.0.99')
  t.equal(limited.statusCode, 429, 'the account key ignores the case of the email')
  t.equal(errorCode(limited), 'RATE_LIMITED')
  t.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After says when to come back')
  t.equal((await login(app, uniqueEmail(), '10.0.0.1')).statusCode, 401, 'other accounts are not affected')
})

t.test('login is throttled per address across accounts', async (t) => {
  const app = await build(t, environment, { LOGIN_MAX_PER_IP_PER_MINUTE: '4' })
  const statuses: number[] = []
  for (let i = 0; i < 6; i++) statuses.push((await login(app, uniqueEmail(), '192.0.2.10')).statusCode)
  t.same(statuses, [401, 401, 401, 401, 429, 429])
  t.equal((await login(app, uniqueEmail(), '192.0.2.11')).statusCode, 401, 'another address has its own budget')
})

t.test('with Redis configured, instances share the counters', async (t) => {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 })
  try {
    await probe.connect()
  } catch (err) {
    throw new Error(`Redis is not reachable at ${REDIS_URL}: start it (see README, "Tests")`, { cause: err })
  }
  t.teardown(() => probe.quit())
  const settings = { REDIS_URL, LOGIN_MAX_PER_ACCOUNT_PER_15_MINUTES: '2' }
  const a = await build(t, environment, settings)
  const b = await build(t, environment, settings)
  const email = `shared-${randomBytes(6).toString('hex')}@example.com`
  t.equal((await login(a, email, '198.51.100.1')).statusCode, 401)
  t.equal((await login(b, email, '198.51.100.2')).statusCode, 401)
  t.equal((await login(a, email, '198.51.100.3')).statusCode, 429, 'the third try anywhere is throttled')
  const keys = await probe.keys(`teamtrek:rate-limit:*account:${email}`)
  t.equal(keys.length, 1, 'the counter lives in Redis')
})

t.test('Redis being down does not lock anyone out', async (t) => {
  // A port nothing listens on stands in for a Redis that went away.
  const app = await build(t, environment, { REDIS_URL: 'redis://127.0.0.1:1' })
  const account = await register(app)
  const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: account.email, password: account.password } })
  t.equal(res.statusCode, 200)
})

t.test('a forged X-Forwarded-For does not buy a fresh budget', async (t) => {
  // One load balancer in front (10.0.0.5), which appends the address it saw;
  // whatever the client wrote before it is the client's own.
  const app = await build(t, environment, { TRUST_PROXY: '1', LOGIN_MAX_PER_IP_PER_MINUTE: '20' })
  const statuses: number[] = []
  for (let i = 0; i < 25; i++) {
    const res = await app.inject({
      method: 'POST',
      url: '/auth/login',
      remoteAddress: '10.0.0.5',
      headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.9` },
      payload: { email: uniqueEmail(), password: 'a wrong guess, again' }
    })
    statuses.push(res.statusCode)
  }
  t.equal(statuses.filter(s => s === 429).length, 5, `the 21st to 25th are throttled: ${statuses.join(' ')}`)

  const listed = await build(t, environment, { TRUST_PROXY: '10.0.0.0/8', LOGIN_MAX_PER_IP_PER_MINUTE: '2' })
  const viaList = []
  for (let i = 0; i < 3; i++) {
    viaList.push((await listed.inject({ method: 'POST', url: '/auth/login', remoteAddress: '10.1.2.3', headers: { 'x-forwarded-for': `192.0.2.${i}, 203.0.113.10` }, payload: { email: uniqueEmail(), password: 'a wrong guess, again' } })).statusCode)
  }
  t.same(viaList, [401, 401, 429], 'an address list trusts only those proxies')
})

t.test('TRUST_PROXY=true is refused: it would believe the client', async (t) => {
  t.throws(() => loadConfig({ ...environment.env, TRUST_PROXY: 'true' }), /TRUST_PROXY/)
  t.equal(trustProxyOf({ TRUST_PROXY: '0' }), false)
  t.same(trustProxyOf({ TRUST_PROXY: '10.0.0.0/16, 10.1.0.0/16' }), ['10.0.0.0/16', '10.1.0.0/16'])
})
