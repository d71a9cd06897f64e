import { fileURLToPath } from 'node:url'
import { buildTeamTrekApp, parseCompute, parseCount, parseSwitch } from '../lib/teamtrek-app.ts'

// The only place in infra/ that reads the environment.
const env = process.env
const account = env.CDK_DEFAULT_ACCOUNT
const region = env.CDK_DEFAULT_REGION
const reserved = parseCount('TEAMTREK_API_RESERVED_CONCURRENCY', env.TEAMTREK_API_RESERVED_CONCURRENCY)
const provisioned = parseCount('TEAMTREK_API_PROVISIONED_CONCURRENCY', env.TEAMTREK_API_PROVISIONED_CONCURRENCY)
const stravaSubscriptionId = parseCount('TEAMTREK_STRAVA_SUBSCRIPTION_ID', env.TEAMTREK_STRAVA_SUBSCRIPTION_ID)
// Fitness trackers: a provider is enabled by its (public) client id; its secrets live in Secrets Manager.
const integrations = {
  ...(env.TEAMTREK_GOOGLE_CLIENT_ID ? { googleClientId: env.TEAMTREK_GOOGLE_CLIENT_ID } : {}),
  ...(env.TEAMTREK_GOOGLE_WEBHOOK_PUBLIC_KEY ? { googleWebhookPublicKey: env.TEAMTREK_GOOGLE_WEBHOOK_PUBLIC_KEY } : {}),
  ...(env.TEAMTREK_STRAVA_CLIENT_ID ? { stravaClientId: env.TEAMTREK_STRAVA_CLIENT_ID } : {}),
  ...(stravaSubscriptionId === undefined ? {} : { stravaSubscriptionId })
}
const { app } = buildTeamTrekApp({
  compute: parseCompute(env.TEAMTREK_COMPUTE),
  cache: parseSwitch('TEAMTREK_CACHE', env.TEAMTREK_CACHE, false),
  ...(reserved === undefined ? {} : { apiReservedConcurrency: reserved }),
  ...(provisioned === undefined ? {} : { apiProvisionedConcurrency: provisioned }),
  ...(env.TEAMTREK_ALARM_EMAIL ? { alarmEmail: env.TEAMTREK_ALARM_EMAIL } : {}),
  integrations,
  ...(env.TEAMTREK_PUBLIC_URL ? { publicUrl: env.TEAMTREK_PUBLIC_URL } : {}),
  imageDirectory: fileURLToPath(new URL('../..', import.meta.url)),
  // The cdk CLI says where to write; run directly, write ./cdk.out as the CLI would.
  outdir: env.CDK_OUTDIR ?? 'cdk.out',
  // Without both (plain `node infra/bin/teamtrek.ts`), the stacks are environment-agnostic.
  ...(account !== undefined && region !== undefined ? { env: { account, region } } : {})
})
app.synth()
