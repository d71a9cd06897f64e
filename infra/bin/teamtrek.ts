import { fileURLToPath } from 'node:url'
import { buildTeamTrekApp, parseCompute } from '../lib/teamtrek-app.ts'

// The only place in infra/ that reads the environment.
const account = process.env.CDK_DEFAULT_ACCOUNT
const region = process.env.CDK_DEFAULT_REGION
const { app } = buildTeamTrekApp({
  compute: parseCompute(process.env.TEAMTREK_COMPUTE),
  imageDirectory: fileURLToPath(new URL('../..', import.meta.url)),
  // The cdk CLI says where to write; run directly, write ./cdk.out as the CLI would.
  outdir: process.env.CDK_OUTDIR ?? 'cdk.out',
  // Without both (plain `node infra/bin/teamtrek.ts`), the stacks are environment-agnostic.
  ...(account !== undefined && region !== undefined ? { env: { account, region } } : {})
})
app.synth()
