import t from 'tap'
import { randomUUID } from 'node:crypto'
import { testEnvironment } from '../helpers/build.ts'
import { uniqueEmail } from '../helpers/api.ts'

// The handler reads its settings at import. TRUST_PROXY=true is what the
// stack used to set; on Lambda it must not matter.
const environment = await testEnvironment(t)
Object.assign(process.env, environment.env, { DYNAMODB_CREATE_TABLES: 'true', TRUST_PROXY: 'true', LOGIN_MAX_PER_IP_PER_MINUTE: '20' })
const { handler } = await import('../../src/app/lambda.ts')

const context = { awsRequestId: randomUUID(), functionName: 'teamtrek-api', callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 30_000 } as never

/** A failed sign-in as API Gateway (HTTP API) delivers it: the client's own X-Forwarded-For, then the address API Gateway saw. */
function login (forged: string) {
  const body = JSON.stringify({ email: uniqueEmail(), password: 'a wrong guess, again' })
  return handler({
    version: '2.0',
    routeKey: '$default',
    rawPath: '/auth/login',
    rawQueryString: '',
    headers: { host: 'abc123.execute-api.eu-west-2.amazonaws.com', 'content-type': 'application/json', 'x-forwarded-for': `${forged}, 203.0.113.7` },
    requestContext: {
      http: { method: 'POST', path: '/auth/login', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'curl' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      timeEpoch: Date.now()
    },
    body,
    isBase64Encoded: false
  } as never, context)
}

t.test('on Lambda the throttle keys on API Gateway\'s source address, not on X-Forwarded-For', async (t) => {
  const statuses: number[] = []
  for (let i = 0; i < 25; i++) statuses.push((await login(`198.51.100.${i}`)).statusCode)
  t.equal(statuses.filter(s => s === 429).length, 5, statuses.join(' '))
})
