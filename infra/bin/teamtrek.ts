import { fileURLToPath } from 'node:url'
import { buildTeamTrekApp, parseCompute, parseCount, parseSwitch } from '../lib/teamtrek-app.ts'

// The only place in infra/ that reads the environment.
const env = process.env
const account = env.CDK_DEFAULT_ACCOUNT
const region = env.CDK_DEFAULT_REGION
const reserved = parseCount('TEAMTREK_API_RESERVED_CONCURRENCY', env.TEAMTREK_API_RESERVED_CONCURRENCY)
const provisioned = parseCount('TEAMTREK_API_PROVISIONED_CONCURRENCY', env.TEAMTREK_API_PROVISIONED_CONCURRENCY)
const { app } = buildTeamTrekApp({
  compute: parseCompute(env.TEAMTREK_COMPUTE),
  cache: parseSwitch('TEAMTREK_CACHE', env.TEAMTREK_CACHE, false),
  ...(reserved === undefined ? {} : { apiReservedConcurrency: reserved }),
  ...(provisioned === undefined ? {} : { apiProvisionedConcurrency: provisioned }),
  ...(env.TEAMTREK_ALARM_EMAIL ? { alarmEmail: env.TEAMTREK_ALARM_EMAIL } : {}),
  imageDirectory: fileURLToPath(new URL('../..', import.meta.url)),
  // The cdk CLI says where to write; run directly, write ./cdk.out as the CLI would.
  outdir: env.CDK_OUTDIR ?? 'cdk.out',
  // Without both (plain `node infra/bin/teamtrek.ts`), the stacks are environment-agnostic.
  ...(account !== undefined && region !== undefined ? { env: { account, region } } : {})
})
app.synth()
