import { randomBytes, randomUUID } from 'node:crypto'

/**
 * API Gateway events as they reach the function, shaped after real ones.
 * HTTP API request ids are short base64 strings (`81l40CAqFVoTRAo=`);
 * REST API request ids are UUIDs.
 */
export interface EventOptions {
  body?: unknown
  headers?: Record<string, string>
  query?: string
  requestId?: string
}

/** An HTTP API id: 11 random bytes in base64 (16 characters, one `=`), as in API Gateway's access logs. */
export function httpApiRequestId (): string {
  return randomBytes(11).toString('base64')
}

/** An HTTP API (payload format 2.0) event. */
export function httpApiEvent (method: string, path: string, options: EventOptions = {}) {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body)
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers: {
      host: 'abc123.execute-api.eu-west-2.amazonaws.com',
      'user-agent': 'TeamTrek/1.0 (iPhone)',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
      'x-forwarded-port': '443',
      'x-amzn-trace-id': 'Root=1-6740a1b2-3c4d5e6f7a8b9c0d1e2f3a4b',
      ...(body !== undefined && { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
      ...options.headers
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-2.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'TeamTrek/1.0 (iPhone)' },
      requestId: options.requestId ?? 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '21/Nov/2026:10:00:00 +0000',
      timeEpoch: Date.now()
    },
    ...(body !== undefined && { body }),
    isBase64Encoded: false
  }
}

/** A REST API (payload format 1.0) proxy event. */
export function restApiEvent (method: string, path: string, options: EventOptions = {}) {
  const body = options.body === undefined ? null : JSON.stringify(options.body)
  const headers = {
    Host: 'xyz789.execute-api.eu-west-2.amazonaws.com',
    'User-Agent': 'TeamTrek/1.0 (Android)',
    'X-Forwarded-For': '198.51.100.4',
    'X-Forwarded-Proto': 'https',
    'X-Forwarded-Port': '443',
    'X-Amzn-Trace-Id': 'Root=1-6740a1b2-4d5e6f7a8b9c0d1e2f3a4b5c',
    ...(body !== null && { 'Content-Type': 'application/json' }),
    ...options.headers
  }
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: path.slice(1) },
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'xyz789',
      extendedRequestId: 'BQGojGEnLPEFf2A=',
      httpMethod: method,
      identity: { sourceIp: '198.51.100.4', userAgent: 'TeamTrek/1.0 (Android)' },
      path: `/prod${path}`,
      protocol: 'HTTP/1.1',
      requestId: options.requestId ?? randomUUID(),
      requestTimeEpoch: Date.now(),
      resourcePath: '/{proxy+}',
      stage: 'prod'
    },
    body,
    isBase64Encoded: false
  }
}

/** A Lambda context, as the handler receives it. */
export function lambdaContext () {
  return {
    awsRequestId: randomUUID(),
    functionName: 'teamtrek-api',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 30_000
  } as never
}
