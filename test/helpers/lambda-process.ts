import { rm } from 'node:fs/promises'
import path from 'node:path'
import type { Test } from 'tap'
import { bundle, type BundleResult } from '../../scripts/bundle.ts'
import { LAMBDA_NODE_FLAGS, writeCompileCache } from '../../scripts/compile-cache.ts'
import { ROOT, spawnManaged, type ManagedProcess } from './processes.ts'
import { lambdaEnvironment, runtimeInterfaceClient, startRuntimeApi, type RuntimeApi } from './runtime-api.ts'

/**
 * The bundles of scripts/bundle.ts, built for one test file under dist/
 * (inside the repository, so the few externals such as argon2 resolve from
 * node_modules exactly as they do from /var/task in the image).
 */
export async function bundleForTest (t: Test, label: string, options: { compileCache?: boolean } = {}): Promise<BundleResult & { relativeDir: string }> {
  const relativeDir = path.join('dist', 'test-bundles', `${label}-${process.pid}`)
  const outdir = path.join(ROOT, relativeDir)
  t.teardown(() => rm(outdir, { recursive: true, force: true }))
  const result = await bundle(outdir)
  // As the image build does beside dist/bundle.
  if (options.compileCache === true) await writeCompileCache(outdir)
  return { ...result, relativeDir }
}

export interface LambdaProcess {
  runtimeApi: RuntimeApi
  process: ManagedProcess
}

/**
 * A function's execution environment: the runtime interface client
 * (`aws-lambda-ric`, what the Lambda base image's bootstrap runs) loading
 * `handler` ("dist/…/lambda-api.handler", relative to the repository as
 * LAMBDA_TASK_ROOT) and polling a local Runtime API for events, under the
 * V8 flags that bootstrap passes.
 */
export async function startLambda (t: Test, handler: string, env: Record<string, string>, label = 'lambda'): Promise<LambdaProcess> {
  const runtimeApi = await startRuntimeApi()
  t.teardown(() => runtimeApi.close())
  const child = spawnManaged(t, label, process.execPath, [...LAMBDA_NODE_FLAGS, runtimeInterfaceClient(ROOT)], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ...env,
      ...lambdaEnvironment(runtimeApi.address, handler, ROOT)
    }
  })
  return { runtimeApi, process: child }
}

/** The API Gateway proxy response the function returned, with the body parsed when it is JSON. */
export interface GatewayResponse {
  statusCode: number
  headers: Record<string, string>
  body: string
  json: () => any
}

export async function invokeHttp (lambda: LambdaProcess, event: unknown): Promise<GatewayResponse> {
  const result = await lambda.runtimeApi.invoke(event)
  if (!result.ok) throw new Error(`the function failed: ${JSON.stringify(result.error)}\n${lambda.process.output().slice(-4000)}`)
  const response = result.body as { statusCode: number, headers: Record<string, string>, body: string, isBase64Encoded?: boolean }
  const body = response.isBase64Encoded ? Buffer.from(response.body, 'base64').toString() : response.body
  return { statusCode: response.statusCode, headers: response.headers, body, json: () => JSON.parse(body) }
}
