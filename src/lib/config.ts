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

  /** Shed load (503) when the event loop has stalled this long; 0 turns shedding off. */
  MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, maximum: 60000, default: 1000 }),

  /**
   * Behind a load balancer (ALB, API Gateway) set true, so the client's
   * address comes from X-Forwarded-For (per-address throttling needs it).
   */
  TRUST_PROXY: Type.Boolean({ default: false }),
  JOINS_PER_USER_PER_MINUTE: Type.Integer({ minimum: 1, default: 20 }),

  /** Comma-separated origins allowed by CORS; empty allows none. */
  CORS_ORIGINS: Type.String({ default: '' }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 1048576 }),
  /** Public base URL printed at start and used in the OpenAPI servers list. */
  PUBLIC_URL: Type.Optional(Type.String()),

  /**
   * How live events reach sockets: `memory` (one process), `redis` (pub/sub
   * between instances), `apigateway` (API Gateway WebSocket connections in
   * DynamoDB). Unset: redis with REDIS_URL, memory without.
   */
  REALTIME_DRIVER: Type.Optional(Type.Union([Type.Literal('memory'), Type.Literal('redis'), Type.Literal('apigateway')])),
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
  if (config.AWS_SERVICES === 'aws' && config.JWT_SECRET === EMBEDDED_JWT_SECRET) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: set a secret of your own (at least 32 characters) outside embedded mode')
  }
  return config
}
