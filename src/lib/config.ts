import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/**
 * Every setting the service reads, validated once at boot. Nothing else in
 * the codebase reads process.env: pieces get their settings from here.
 *
 * Unset connection settings mean "embedded": with no configuration at all the
 * whole service runs on one machine (embedded Postgres, in-process AWS
 * emulators). Setting DATABASE_URL, REDIS_URL or AWS_SERVICES=aws switches each
 * piece to the real thing.
 */
/** Good enough for one laptop; refused anywhere else (see loadConfig). */
const EMBEDDED_JWT_SECRET = 'embedded-mode-insecure-secret-change-me-0123456789'
/** The public development key for provider tokens (base64 of 32 bytes); refused outside embedded mode. */
const EMBEDDED_TOKEN_KEY = 'ZW1iZWRkZWQtbW9kZS1wdWJsaWMtdG9rZW4ta2V5ISE='

export const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ default: '0.0.0.0' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map(l => Type.Literal(l)),
    { default: 'info' }
  ),
  /** Where embedded mode keeps its data (embedded Postgres cluster). */
  DATA_DIR: Type.String({ default: '.data' }),

  DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  DATABASE_POOL_MAX: Type.Integer({ minimum: 1, default: 10 }),
  /**
   * Postgres cancels a statement running longer than this (0: never), and
   * one waiting longer than DATABASE_LOCK_TIMEOUT_MS for a lock: the request
   * answers 503 DATABASE_TIMEOUT instead of hanging behind a stuck lock.
   */
  DATABASE_STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 0, maximum: 600000, default: 10000 }),
  DATABASE_LOCK_TIMEOUT_MS: Type.Integer({ minimum: 0, maximum: 600000, default: 3000 }),
  /**
   * Prepare the hot fixed statements once per connection (src/db/prepared.ts).
   * Off behind a pooler that pins a session on prepared statements (RDS
   * Proxy, PgBouncer in transaction mode before 1.21).
   */
  DATABASE_PREPARED_STATEMENTS: Type.Boolean({ default: true }),
  /** Port of the embedded Postgres when DATABASE_URL is unset. */
  EMBEDDED_POSTGRES_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 54329 }),

  /** Run pending migrations when the server starts (the Lambda handler never does). */
  MIGRATE_ON_START: Type.Boolean({ default: true }),

  REDIS_URL: Type.Optional(Type.String({ minLength: 1 })),

  /** `embedded`: in-process DynamoDB/SQS/S3 emulators; `aws`: the SDK's normal endpoints. */
  AWS_SERVICES: Type.Union([Type.Literal('embedded'), Type.Literal('aws')], { default: 'embedded' }),
  AWS_REGION: Type.String({ default: 'eu-west-2' }),
  /** Explicit endpoints (dynamodb-local, an SQS or S3 emulator). Each overrides AWS_SERVICES for its service. */
  DYNAMODB_ENDPOINT: Type.Optional(Type.String({ minLength: 1 })),
  SQS_ENDPOINT: Type.Optional(Type.String({ minLength: 1 })),
  S3_ENDPOINT: Type.Optional(Type.String({ minLength: 1 })),
  SESSIONS_TABLE: Type.String({ default: 'teamtrek-sessions' }),
  /**
   * Per attempt, for connecting to and hearing from DynamoDB, SQS and S3
   * (the SDK has no limit of its own): an unreachable service costs a
   * request at most two attempts of this, then 503 DEPENDENCY_UNAVAILABLE.
   */
  AWS_REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60000, default: 2000 }),
  /** Create DynamoDB tables at start (emulators and dynamodb-local; on AWS the CDK stack owns them). */
  DYNAMODB_CREATE_TABLES: Type.Optional(Type.Boolean()),

  JWT_SECRET: Type.String({ minLength: 32, default: EMBEDDED_JWT_SECRET }),
  JWT_ISSUER: Type.String({ default: 'teamtrek' }),
  JWT_AUDIENCE: Type.String({ default: 'teamtrek-api' }),
  /** Access token lifetime; the security baseline caps it at 15 minutes. */
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 30, maximum: 900, default: 900 }),
  /** Absolute lifetime of a refresh-token family (a login). */
  REFRESH_TOKEN_TTL_DAYS: Type.Integer({ minimum: 1, maximum: 30, default: 30 }),
  /**
   * How long a verified session stays cached in this process. Logout on this
   * instance takes effect at once; on other instances within this many ms.
   */
  SESSION_CACHE_TTL_MS: Type.Integer({ minimum: 0, maximum: 60000, default: 5000 }),

  LOGIN_MAX_PER_IP_PER_MINUTE: Type.Integer({ minimum: 1, default: 20 }),
  LOGIN_MAX_PER_ACCOUNT_PER_15_MINUTES: Type.Integer({ minimum: 1, default: 10 }),

  /** Default and upper bound of a team's size. */
  TEAM_MAX_MEMBERS: Type.Integer({ minimum: 2, maximum: 10000, default: 100 }),
  INVITATIONS_PER_TEAM_PER_DAY: Type.Integer({ minimum: 1, default: 50 }),
  INVITATIONS_PER_USER_PER_HOUR: Type.Integer({ minimum: 1, default: 20 }),
  INVITATION_TTL_DAYS: Type.Integer({ minimum: 1, maximum: 30, default: 7 }),

  /** Activities older than this many days (by local day, at upload) are recorded but credit nothing. */
  ACTIVITY_BACKFILL_DAYS: Type.Integer({ minimum: 0, maximum: 365, default: 30 }),
  /** How long an Idempotency-Key's response is kept (at least 24 h). */
  IDEMPOTENCY_TTL_HOURS: Type.Integer({ minimum: 24, maximum: 720, default: 24 }),

  /**
   * The job queue: `bullmq` (Redis) or `sqs`. Unset: BullMQ when REDIS_URL
   * is set, otherwise SQS (the in-process emulator in embedded mode).
   */
  QUEUE_DRIVER: Type.Optional(Type.Union([Type.Literal('bullmq'), Type.Literal('sqs')])),
  /** BullMQ queue name, and the SQS queue created in the emulator. */
  JOBS_QUEUE_NAME: Type.String({ default: 'teamtrek-jobs' }),
  /** The SQS jobs queue on AWS (set by the CDK stack). */
  JOBS_QUEUE_URL: Type.Optional(Type.String({ minLength: 1 })),
  /** Prefix of BullMQ's Redis keys. */
  JOBS_PREFIX: Type.String({ default: 'teamtrek' }),
  /** Runs of a failing job before it is dead-lettered (BullMQ attempts; SQS maxReceiveCount of emulator queues). */
  JOB_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 100, default: 8 }),
  /** Jobs (or SQS batches) a worker process runs at once. */
  WORKER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 100, default: 4 }),
  /** After this long without a heartbeat a job's worker is taken for dead and the job runs again. */
  WORKER_LOCK_MS: Type.Integer({ minimum: 1000, maximum: 600000, default: 10000 }),
  /**
   * Coalesced jobs (a team's aggregation) run at once when their key was idle,
   * then at most once per this window while changes keep coming: the cost
   * follows teams, not activities. 0 = no window (one run per merged batch).
   */
  COALESCE_WINDOW_MS: Type.Integer({ minimum: 0, maximum: 200, default: 180 }),
  /**
   * Runs a coalesced key that was idle may make back to back before the
   * window paces it: a team's few spread activities are each aggregated at
   * once, while a busy team still averages one run per window.
   */
  COALESCE_BURST: Type.Integer({ minimum: 1, maximum: 10, default: 3 }),
  /**
   * On SIGTERM a worker stops taking jobs and lets running ones finish for
   * this long; what is still running then is handed back (BullMQ: to the
   * waiting list; SQS: visible again at once) for another worker.
   */
  WORKER_SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 0, maximum: 600000, default: 10000 }),
  /**
   * Run the job consumers inside `npm start` as well. Unset: yes in
   * embedded mode (one process does everything), no otherwise
   * (`npm run worker` runs them).
   */
  WORKER_IN_PROCESS: Type.Optional(Type.Boolean()),
  /**
   * When the API publishes outbox events: `after-response` (containers) or
   * `before-response` (Lambda, which may freeze the process once the
   * response is returned). The sweeper catches anything missed either way.
   */
  OUTBOX_RELAY: Type.Union([Type.Literal('after-response'), Type.Literal('before-response')], { default: 'after-response' }),
  /** Days that published outbox rows and handled-event marks are kept. */
  RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 7 }),

  /**
   * On SIGTERM the server keeps serving this long, answering with
   * `Connection: close` and /ready 503, before it stops listening, so no
   * keep-alive client is cut off mid-request.
   */
  SHUTDOWN_DRAIN_MS: Type.Integer({ minimum: 0, maximum: 60000, default: 1000 }),

  /**
   * Containers: shed load (503) when the event loop has stalled this long;
   * 0 turns shedding off. Lambda ignores it and never sheds (lambda-config.ts).
   */
  MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, maximum: 60000, default: 1000 }),

  /**
   * The proxies whose X-Forwarded-For entries are believed, so per-address
   * throttling keys on the client and not on the load balancer: `0` (none:
   * the peer is the client), a number of hops (`1` behind one ALB), or a
   * comma-separated list of proxy addresses or CIDR ranges. Never `true`,
   * which would believe the left-most entry, the one a client writes.
   * Lambda ignores it: API Gateway's own source address is the client's.
   */
  TRUST_PROXY: Type.String({ default: '0', pattern: '^[^\\s]+(\\s*,\\s*[^\\s]+)*$' }),
  JOINS_PER_USER_PER_MINUTE: Type.Integer({ minimum: 1, default: 20 }),

  /** Comma-separated origins allowed by CORS; empty allows none. */
  CORS_ORIGINS: Type.String({ default: '' }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 1048576 }),
  /** Public base URL printed at start and used in the OpenAPI servers list. */
  PUBLIC_URL: Type.Optional(Type.String()),

  /** SES v2 endpoint (aws-ses-v2-local); unset: started in-process in embedded mode, the SDK's endpoint with AWS_SERVICES=aws. */
  SES_ENDPOINT: Type.Optional(Type.String({ minLength: 1 })),
  /** The sender of every email (a verified SES identity on AWS). */
  EMAIL_FROM: Type.String({ minLength: 3, default: 'TeamTrek <notifications@teamtrek.example>' }),
  /** SES configuration set for sending events (bounces, complaints); none when unset. */
  SES_CONFIGURATION_SET: Type.Optional(Type.String({ minLength: 1 })),
  /** Base URL of links in emails (join, unsubscribe, reports); unset: PUBLIC_URL, else http://localhost:PORT. */
  EMAIL_LINK_BASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  /** Sends of one email before it is marked failed (retries back off from 1 minute to 6 hours). */
  EMAIL_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 50, default: 12 }),
  /** Local hour (in the user's time zone) after which the previous day's digest is sent. */
  DIGEST_HOUR: Type.Integer({ minimum: 0, maximum: 23, default: 7 }),
  /** Local hour on Monday (team's time zone) from which the previous week's report is generated. */
  REPORT_HOUR: Type.Integer({ minimum: 0, maximum: 23, default: 6 }),
  /**
   * Keys that encrypt provider tokens at rest (AES-256-GCM): comma-separated
   * `keyId:base64-of-32-bytes`, the first encrypts, all decrypt (rotation).
   * Unset: a public development key in embedded mode; elsewhere the
   * integrations stay off. The development key is refused outside embedded mode.
   */
  INTEGRATIONS_TOKEN_KEYS: Type.Optional(Type.String({ minLength: 1 })),
  /** Where providers send the browser back: `<base>/integrations/{provider}/callback`. Default PUBLIC_URL, else http://localhost:PORT. */
  INTEGRATIONS_CALLBACK_BASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  /** Days a first sync (and a sync after a long gap) reaches back. */
  FITNESS_BACKFILL_DAYS: Type.Integer({ minimum: 1, maximum: 90, default: 7 }),
  /** Hours without a successful sync before the user is told (before the 36 h after which steps can be lost). */
  FITNESS_STALE_NOTICE_HOURS: Type.Integer({ minimum: 1, maximum: 720, default: 30 }),
  FITNESS_AT_RISK_HOURS: Type.Integer({ minimum: 1, maximum: 720, default: 36 }),
  /** Outbound calls to providers: per-request timeout and response size cap. */
  PROVIDER_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60000, default: 10000 }),
  PROVIDER_MAX_RESPONSE_BYTES: Type.Integer({ minimum: 1024, maximum: 16777216, default: 1048576 }),
  GOOGLE_CLIENT_ID: Type.Optional(Type.String({ minLength: 1 })),
  GOOGLE_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  GOOGLE_AUTH_URL: Type.String({ default: 'https://accounts.google.com/o/oauth2/v2/auth' }),
  GOOGLE_OAUTH_URL: Type.String({ default: 'https://oauth2.googleapis.com', description: '/token and /revoke' }),
  GOOGLE_HEALTH_API_URL: Type.String({ default: 'https://health.googleapis.com' }),
  /**
   * The `endpointAuthorization.secret` of our Google Health subscriber: Google
   * sends it as the Authorization header (verbatim, or as `Bearer <secret>`).
   */
  GOOGLE_WEBHOOK_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  /** Google Health's public key (PEM, ECDSA P-256) for the X-HEALTHAPI-SIGNATURE of notifications. */
  GOOGLE_WEBHOOK_PUBLIC_KEY: Type.Optional(Type.String({ minLength: 1 })),
  GOOGLE_REQUESTS_PER_MINUTE_PER_USER: Type.Integer({ minimum: 1, default: 300 }),
  STRAVA_CLIENT_ID: Type.Optional(Type.String({ minLength: 1 })),
  STRAVA_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  STRAVA_BASE_URL: Type.String({ default: 'https://www.strava.com', description: '/oauth/authorize, /oauth/token, /oauth/deauthorize, /api/v3/…' }),
  /** The verify_token of our Strava push subscription (echoed in the subscription check). */
  STRAVA_WEBHOOK_VERIFY_TOKEN: Type.Optional(Type.String({ minLength: 8 })),
  /** Our Strava push subscription's id: events naming another are ignored. */
  STRAVA_SUBSCRIPTION_ID: Type.Optional(Type.Integer()),
  /** Strava's per-application read limits until its X-RateLimit-Limit header says otherwise. */
  STRAVA_LIMIT_15_MIN: Type.Integer({ minimum: 1, default: 100 }),
  STRAVA_LIMIT_DAY: Type.Integer({ minimum: 1, default: 1000 }),
  /**
   * How live events reach sockets: `memory` (one process), `redis` (pub/sub
   * between instances), `apigateway` (API Gateway WebSocket connections in
   * DynamoDB). Unset: redis with REDIS_URL, memory without.
   */
  REALTIME_DRIVER: Type.Optional(Type.Union([Type.Literal('memory'), Type.Literal('redis'), Type.Literal('postgres'), Type.Literal('apigateway')])),
  /** The API Gateway WebSocket management endpoint (https://{api}.execute-api.{region}.amazonaws.com/{stage}). */
  WEBSOCKET_MANAGEMENT_ENDPOINT: Type.Optional(Type.String({ minLength: 1 })),
  WEBSOCKET_CONNECTIONS_TABLE: Type.String({ default: 'teamtrek-ws-connections' }),
  CHAT_TABLE: Type.String({ default: 'teamtrek-chat' }),
  /** Comma-separated Origins allowed to open /ws; empty allows any (tokens travel in frames, never in cookies). */
  WS_ORIGINS: Type.String({ default: '' }),
  WS_MAX_SUBSCRIPTIONS: Type.Integer({ minimum: 1, maximum: 1000, default: 20 }),
  /** Frames a connection may send per second (a burst of twice that is allowed). */
  WS_MESSAGES_PER_SECOND: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }),
  WS_HEARTBEAT_MS: Type.Integer({ minimum: 100, maximum: 300000, default: 30000 }),
  /** As API Gateway: a connection with no frame from the client for this long is closed. */
  WS_IDLE_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 7200000, default: 600000 }),
  /** As API Gateway: connections are closed after this long (clients reconnect and resume). */
  WS_MAX_CONNECTION_MS: Type.Integer({ minimum: 1000, maximum: 86400000, default: 7200000 }),
  /** A slow reader whose unsent data passes this is disconnected, not buffered without bound. */
  WS_MAX_BUFFERED_BYTES: Type.Integer({ minimum: 1024, default: 1048576 }),
  CHAT_MESSAGES_PER_MINUTE: Type.Integer({ minimum: 1, default: 30 })
})

export type Config = Static<typeof ConfigSchema>

/** Settings resolved at start: every connection is known (embedded or real). */
export type ResolvedConfig = Config & { DATABASE_URL: string }

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Parse and validate the environment (or any string map) into a Config. */
export function loadConfig (env: Record<string, string | undefined> = process.env): Config {
  const known = Object.keys(ConfigSchema.properties)
  const raw: Record<string, unknown> = {}
  for (const key of known) {
    const value = env[key]
    if (value !== undefined && value !== '') raw[key] = value
  }
  const withDefaults = Value.Default(ConfigSchema, raw)
  const converted = Value.Convert(ConfigSchema, withDefaults)
  const errors = [...Value.Errors(ConfigSchema, converted)]
  if (errors.length > 0) {
    const lines = errors.map(e => `  ${e.path.slice(1) || '(root)'}: ${e.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const config = converted as Config
  if (config.JWT_SECRET === EMBEDDED_JWT_SECRET && !isZeroConfigEmbedded(config)) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: set a secret of your own (at least 32 characters); ' +
      'the built-in one is public and only allowed in the zero-config embedded mode (no DATABASE_URL, REDIS_URL or AWS endpoints)')
  }
  trustProxyOf(config)
  if (config.AWS_SERVICES === 'aws' && config.INTEGRATIONS_TOKEN_KEYS?.includes(EMBEDDED_TOKEN_KEY) === true) {
    throw new ConfigError('Invalid configuration:\n  INTEGRATIONS_TOKEN_KEYS: the development key is public; set a key of your own outside embedded mode')
  }
  return config
}

/**
 * The zero-config embedded mode: everything runs in this process on this
 * machine, so the public development JWT secret protects nothing anyone
 * else shares. Any real database, Redis or AWS endpoint means a deployment.
 */
function isZeroConfigEmbedded (config: Config): boolean {
  return config.AWS_SERVICES === 'embedded' && config.DATABASE_URL === undefined && config.REDIS_URL === undefined &&
    config.DYNAMODB_ENDPOINT === undefined && config.SQS_ENDPOINT === undefined && config.S3_ENDPOINT === undefined &&
    config.JOBS_QUEUE_URL === undefined
}

/**
 * TRUST_PROXY as Fastify's `trustProxy` takes it: false, the addresses, or
 * for a hop count a function trusting that many hops nearest this process
 * (Fastify reads a bare number as "trust nothing").
 */
export function trustProxyOf (config: Pick<Config, 'TRUST_PROXY'>): false | string[] | ((address: string, hop: number) => boolean) {
  const value = config.TRUST_PROXY.trim()
  if (value === 'true') {
    throw new ConfigError('Invalid configuration:\n  TRUST_PROXY: `true` believes whatever X-Forwarded-For a client sends; ' +
      'set the number of proxies in front of the service (1 behind one load balancer) or their addresses')
  }
  if (value === 'false' || value === '0') return false
  if (/^\d+$/.test(value)) {
    const hops = Number(value)
    return (_address, hop) => hop < hops
  }
  return value.split(',').map(a => a.trim())
}

/**
 * The provider-token keys in force: the configured ones, or in embedded
 * mode only the public development key (`undefined` elsewhere: integrations off).
 */
export function tokenKeysOf (config: Config): string | undefined {
  return config.INTEGRATIONS_TOKEN_KEYS ?? (config.AWS_SERVICES === 'embedded' ? `dev:${EMBEDDED_TOKEN_KEY}` : undefined)
}
