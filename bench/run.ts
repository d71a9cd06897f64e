import pg from 'pg'
import { startAwsEmulators } from '../src/app/embedded/aws-emulators.ts'
import { compare, pinLoadGenerator, printTable, startServer, type RunningServer } from './lib.ts'
import { benchDeepPage, benchLogging, benchSync } from './activities.ts'
import { benchPipeline } from './pipeline.ts'
import { benchCold } from './cold.ts'
import { benchNotifications } from './notifications.ts'
import { benchFitness } from './fitness.ts'
import { benchRealtime } from './realtime.ts'
import { benchHistory } from './history.ts'

/**
 * `npm run bench`: each scenario against a bare Fastify route measured in
 * the same run, on this machine, so the ratio means something even on a
 * noisy shared host. Servers run in their own processes; autocannon here.
 * `npm run bench -- users activities sync deep history pipeline cold notifications fitness realtime` picks sections (default: all).
 */
const sections = new Set(process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['users', 'activities', 'sync', 'deep', 'history', 'pipeline', 'cold', 'notifications', 'fitness', 'realtime'])
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
// BENCH_DB names the databases apart when several checkouts bench on one server.
const BENCH_DB = process.env.BENCH_DB ?? 'teamtrek_bench'

async function freshDatabase (name = BENCH_DB): Promise<string> {
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  return url.toString()
}

pinLoadGenerator()
const emulators = await startAwsEmulators()
let bare: RunningServer | undefined
let api: RunningServer | undefined
try {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5)
  if (sections.has('users') || sections.has('activities') || sections.has('sync') || sections.has('deep')) {
    const databaseUrl = await freshDatabase()
    bare = await startServer('bench/bare-server.ts', {}, '/bare')
    api = await startServer('src/app/server.ts', {
      // Request logging off, as the baseline has none; errors still log.
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      AWS_SERVICES: 'aws',
      DYNAMODB_ENDPOINT: emulators.dynamodbEndpoint,
      // No Redis: the job queue is SQS (the emulator); nothing consumes it here.
      SQS_ENDPOINT: emulators.sqsEndpoint,
      REDIS_URL: '',
      LOGIN_MAX_PER_IP_PER_MINUTE: '1000',
      JWT_SECRET: 'benchmark-only-secret-0123456789abcdef',
      MAX_EVENT_LOOP_DELAY_MS: '0'
    })
    if (sections.has('users')) await benchMe(api, bare, seconds)
    if (sections.has('activities')) await benchLogging({ api, databaseUrl, seconds })
    if (sections.has('sync')) await benchSync({ api, databaseUrl, seconds })
    if (sections.has('deep')) await benchDeepPage({ api, databaseUrl, seconds })
    await api.stop()
    await bare.stop()
    api = bare = undefined
  }
  if (sections.has('history')) await benchHistory({ databaseUrl: await freshDatabase(`${BENCH_DB}_history`) })
  if (sections.has('pipeline')) await benchPipeline({ databaseUrl: await freshDatabase(`${BENCH_DB}_pipeline`), emulators })
  if (sections.has('cold')) await benchCold({ databaseUrl: await freshDatabase(`${BENCH_DB}_cold`) })
  if (sections.has('notifications')) await benchNotifications({ databaseUrl: await freshDatabase(`${BENCH_DB}_notifications`), emulators })
  if (sections.has('fitness')) await benchFitness({ databaseUrl: await freshDatabase(`${BENCH_DB}_fitness`), emulators })
  if (sections.has('realtime')) await benchRealtime({ databaseUrl: await freshDatabase(`${BENCH_DB}_realtime`), emulators })
} finally {
  await api?.stop()
  await bare?.stop()
  await emulators.stop()
}

async function benchMe (api: RunningServer, bare: RunningServer, seconds: number) {
  const registered = await fetch(`${api.url}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: 'benchmarking all the way', displayName: 'Bench' })
  })
  const { data } = await registered.json() as { data: { accessToken: string } }
  const [baseline, me] = await compare([
    ['bare Fastify route (baseline)', { url: `${bare.url}/bare`, seconds, serverPid: bare.pid }],
    ['GET /users/me (valid token)', { url: `${api.url}/users/me`, headers: { authorization: `Bearer ${data.accessToken}` }, seconds, serverPid: api.pid }]
  ])
  printTable([baseline!, me!], baseline!)
  const ratio = me!.requestsPerSecond / baseline!.requestsPerSecond
  console.log(`\nGET /users/me = ${ratio.toFixed(2)} × bare Fastify req/s (target ≥ 0.85)`)
}
