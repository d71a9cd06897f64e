import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { existsSync } from 'node:fs'
import path from 'node:path'

/**
 * A local stand-in for the Lambda Runtime API (2018-06-01), the HTTP
 * interface the runtime interface client (`aws-lambda-ric`, the Lambda base
 * image's /var/runtime/bootstrap) polls for work:
 *
 *   GET  /2018-06-01/runtime/invocation/next           long-polls for the next event
 *   POST /2018-06-01/runtime/invocation/{id}/response  the handler's result
 *   POST /2018-06-01/runtime/invocation/{id}/error     the handler threw
 *   POST /2018-06-01/runtime/init/error                loading the handler failed
 *
 * `invoke(event)` queues an event and resolves with what the function
 * posted back, as Lambda's invoke would.
 */
export interface RuntimeApi {
  /** host:port, for AWS_LAMBDA_RUNTIME_API. */
  readonly address: string
  invoke: (event: unknown, options?: { timeoutMs?: number }) => Promise<InvocationResult>
  /** Resolves once the runtime is idle: its GET …/invocation/next is waiting for work. */
  idle: () => Promise<void>
  /** performance.now() of the first GET …/invocation/next: the end of the init phase. */
  readonly firstNextAt: number | undefined
  /** What the runtime posted to …/init/error, if anything. */
  readonly initError: unknown
  /** Resolves when an init error arrives. */
  readonly initFailed: Promise<unknown>
  close: () => Promise<void>
}

export type InvocationResult =
  | { ok: true, requestId: string, body: unknown, answeredAt: number }
  | { ok: false, requestId: string, error: { errorType?: string, errorMessage?: string }, errorType: string | undefined, answeredAt: number }

interface Pending {
  id: string
  event: unknown
  deadlineMs: number
  settle: (result: InvocationResult) => void
}

const PREFIX = '/2018-06-01/runtime'

async function readJson (request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  return text === '' ? undefined : JSON.parse(text)
}

export async function startRuntimeApi (): Promise<RuntimeApi> {
  const queue: Pending[] = []
  const inFlight = new Map<string, Pending>()
  const waitingPolls: ServerResponse[] = []
  const idleWaiters: Array<() => void> = []
  let firstNextAt: number | undefined
  let initError: unknown
  let reportInitError: (error: unknown) => void = () => {}
  const initFailed = new Promise<unknown>(resolve => { reportInitError = resolve })

  const deliver = (response: ServerResponse, pending: Pending) => {
    inFlight.set(pending.id, pending)
    response.writeHead(200, {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': pending.id,
      'lambda-runtime-deadline-ms': String(pending.deadlineMs),
      'lambda-runtime-invoked-function-arn': 'arn:aws:lambda:eu-west-2:123456789012:function:teamtrek-local',
      'lambda-runtime-trace-id': `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replaceAll('-', '').slice(0, 24)};Sampled=0`
    })
    response.end(JSON.stringify(pending.event))
  }

  const server = createServer((request, response) => {
    const url = request.url ?? ''
    if (request.method === 'GET' && url === `${PREFIX}/invocation/next`) {
      const at = performance.now()
      firstNextAt ??= at
      const pending = queue.shift()
      if (pending) deliver(response, pending)
      else {
        waitingPolls.push(response)
        for (const waiter of idleWaiters.splice(0)) waiter()
      }
      return
    }
    const match = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url)
    if (request.method === 'POST' && match) {
      const id = decodeURIComponent(match[1]!)
      readJson(request).then((body) => {
        const pending = inFlight.get(id)
        if (!pending) {
          response.writeHead(400, { 'content-type': 'application/json' }).end('{"errorType":"InvalidRequestID"}')
          return
        }
        inFlight.delete(id)
        response.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"OK"}')
        const answeredAt = performance.now()
        if (match[2] === 'response') pending.settle({ ok: true, requestId: id, body, answeredAt })
        else {
          const errorType = request.headers['lambda-runtime-function-error-type']
          pending.settle({ ok: false, requestId: id, error: body as never, errorType: typeof errorType === 'string' ? errorType : undefined, answeredAt })
        }
      }, () => response.writeHead(400).end())
      return
    }
    if (request.method === 'POST' && url === `${PREFIX}/init/error`) {
      readJson(request).then((body) => {
        initError = body ?? {}
        response.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"OK"}')
        reportInitError(initError)
      }, () => response.writeHead(400).end())
      return
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"errorType":"NotFound"}')
  })
  // The runtime's GET …/next is held open until there is work, however long that is.
  server.requestTimeout = 0
  server.headersTimeout = 0
  server.keepAliveTimeout = 60_000
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo

  return {
    address: `127.0.0.1:${port}`,
    get firstNextAt () { return firstNextAt },
    get initError () { return initError },
    initFailed,
    idle: () => new Promise(resolve => {
      if (waitingPolls.length > 0) resolve()
      else idleWaiters.push(resolve)
    }),
    invoke (event, options = {}) {
      const timeoutMs = options.timeoutMs ?? 30_000
      return new Promise<InvocationResult>((resolve, reject) => {
        const id = randomUUID()
        const timer = setTimeout(() => reject(new Error(`invocation ${id} got no answer in ${timeoutMs} ms`)), timeoutMs)
        const pending: Pending = {
          id,
          event,
          deadlineMs: Date.now() + timeoutMs,
          settle: (result) => { clearTimeout(timer); resolve(result) }
        }
        const poll = waitingPolls.shift()
        if (poll) deliver(poll, pending)
        else queue.push(pending)
      })
    },
    async close () {
      for (const poll of waitingPolls.splice(0)) poll.destroy()
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    }
  }
}

/** The runtime interface client, as the Lambda base image runs it. */
export function runtimeInterfaceClient (root: string): string {
  const entry = path.join(root, 'node_modules', 'aws-lambda-ric', 'index.mjs')
  if (!existsSync(path.join(root, 'node_modules', 'aws-lambda-ric', 'rapid-client.node'))) {
    throw new Error(`aws-lambda-ric is not installed or its native client was not built (${entry}): run npm install (it builds with cmake and g++)`)
  }
  return entry
}

/**
 * What the Lambda service sets for the runtime (the ric refuses to start
 * without the function's name, version, memory and log names).
 */
export function lambdaEnvironment (runtimeApi: string, handler: string, taskRoot: string): Record<string, string> {
  return {
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    _HANDLER: handler,
    LAMBDA_TASK_ROOT: taskRoot,
    AWS_LAMBDA_FUNCTION_NAME: 'teamtrek-local',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
    AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/teamtrek-local',
    AWS_LAMBDA_LOG_STREAM_NAME: `local/${randomUUID()}`,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_REGION: 'eu-west-2'
  }
}
