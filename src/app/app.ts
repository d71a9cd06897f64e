import { randomUUID } from 'node:crypto'
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions, type RawServerDefault } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyBaseLogger, FastifyRequest } from 'fastify'
import { trustProxyOf, type Config, type ResolvedConfig } from '../lib/config.ts'
import { clientErrorHandler, frameworkErrors } from './early-errors.ts'
import { Meta, ErrorResponse } from '../lib/envelope.ts'
import errorsPlugin from '../plugins/errors.ts'
import routeConventions from '../plugins/route-conventions.ts'
import databasePlugin from '../plugins/database.ts'
import awsPlugin from '../plugins/aws.ts'
import redisPlugin from '../plugins/redis.ts'
import securityPlugin from '../plugins/security/index.ts'
import authPlugin from '../plugins/auth/index.ts'
import openApiPlugin from '../plugins/openapi.ts'
import idempotencyPlugin from '../plugins/idempotency.ts'
import emailPlugin from '../plugins/email.ts'
import type { Domain } from '../plugins/domain.ts'
import authDomain from '../routes/auth/index.ts'
import usersDomain from '../routes/users/index.ts'
import teamsDomain from '../routes/teams/index.ts'
import waypointsDomain from '../routes/waypoints/index.ts'
import activitiesDomain from '../routes/activities/index.ts'
import progressDomain from '../routes/progress/index.ts'
import healthDomain from '../routes/health/index.ts'
import notificationsDomain from '../routes/notifications/index.ts'
import reportsDomain from '../routes/reports/index.ts'
import integrationsDomain from '../routes/integrations/index.ts'
import chatDomain from '../routes/chat/index.ts'
import eventsDomain from '../routes/events/index.ts'
import jobsPlugin from '../workers/plugin.ts'
import realtimePlugin from '../realtime/plugin.ts'
import { schemaController } from './validation.ts'
import { lazyChildLoggerFactory } from './request-logger.ts'

/**
 * Every domain, in the order /docs lists them. A new domain is a folder
 * under src/routes/ with an index.ts (`defineDomain`) and one line here.
 */
export const DOMAINS: readonly Domain[] = [
  authDomain,
  usersDomain,
  teamsDomain,
  waypointsDomain,
  activitiesDomain,
  progressDomain,
  notificationsDomain,
  reportsDomain,
  integrationsDomain,
  chatDomain,
  eventsDomain,
  healthDomain
]

export type App = FastifyInstance<RawServerDefault, any, any, FastifyBaseLogger, TypeBoxTypeProvider>

export type { ResolvedConfig } from '../lib/config.ts'

export interface BuildOptions {
  /** Override pino options (tests pass `false` or a stream). */
  logger?: FastifyServerOptions['logger']
  /** `none` builds the app for a worker process: services and jobs, no HTTP routes. */
  routes?: 'all' | 'none'
}

// Letters, digits and `_ . : - + / =`: UUIDs, trace ids and API Gateway's
// base64 ids (`81l40CAqFVoTRAo=`), but nothing that could break a log line.
const REQUEST_ID = /^[\w.:+/=-]{1,128}$/

const SECRET_QUERY = /([?&](?:code|state|token|access_token|hub\.verify_token)=)[^&#]*/gi

/** A URL fit for a log line: the values of secret-bearing query parameters replaced. */
export function redactUrlSecrets (url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]')
}

/** Log options: JSON lines in production, pretty on a terminal, secrets redacted. */
export function loggerOptions (config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.LOG_LEVEL,
    redact: {
      // Explicit paths only: a leading wildcard ('*.password') makes pino run
      // its redactor over the bindings of every per-request child logger,
      // which cost more than a whole cached request.
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        'headers.authorization',
        'password',
        'accessToken',
        'refreshToken',
        'token',
        'body.password',
        'body.refreshToken',
        'body.token'
      ],
      censor: '[redacted]'
    },
    // Fastify's request serializer, with OAuth codes, states and verify tokens cut out of logged URLs.
    serializers: {
      req: (req: FastifyRequest) => ({
        method: req.method,
        url: redactUrlSecrets(req.url),
        version: req.headers['accept-version'] as string | undefined,
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort
      })
    },
    ...(process.stdout.isTTY && { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } } })
  }
}

/** The root plugin: infrastructure, then the job queue, then every domain. */
export async function registerApp (app: App, config: ResolvedConfig, routes: BuildOptions['routes'] = 'all'): Promise<void> {
  app.addSchema(Meta)
  app.addSchema(ErrorResponse)

  // The API speaks JSON only: anything else is 415, not a string to validate.
  app.removeContentTypeParser('text/plain')
  await app.register(errorsPlugin)
  await app.register(routeConventions)
  await app.register(databasePlugin, {
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: config.DATABASE_LOCK_TIMEOUT_MS,
    preparedStatements: config.DATABASE_PREPARED_STATEMENTS
  })
  const dynamodbEndpoint = config.DYNAMODB_ENDPOINT
  await app.register(awsPlugin, {
    region: config.AWS_REGION,
    dynamodbEndpoint,
    sqsEndpoint: config.SQS_ENDPOINT,
    s3Endpoint: config.S3_ENDPOINT,
    requestTimeoutMs: config.AWS_REQUEST_TIMEOUT_MS,
    sessionsTable: config.SESSIONS_TABLE,
    createTables: config.DYNAMODB_CREATE_TABLES ?? dynamodbEndpoint !== undefined
  })
  await app.register(redisPlugin, { url: config.REDIS_URL })
  await app.register(emailPlugin, { region: config.AWS_REGION, endpoint: config.SES_ENDPOINT, from: config.EMAIL_FROM, configurationSet: config.SES_CONFIGURATION_SET })
  await app.register(securityPlugin, {
    corsOrigins: config.CORS_ORIGINS.split(',').map(o => o.trim()).filter(Boolean),
    maxEventLoopDelayMs: config.MAX_EVENT_LOOP_DELAY_MS
  })
  await app.register(authPlugin, {
    secret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    sessionsTable: config.SESSIONS_TABLE,
    sessionCacheTtlMs: config.SESSION_CACHE_TTL_MS
  })
  await app.register(openApiPlugin, { publicUrl: config.PUBLIC_URL, tags: DOMAINS.flatMap(domain => domain.tags) })
  await app.register(idempotencyPlugin, { ttlHours: config.IDEMPOTENCY_TTL_HOURS })
  // Before the domains: its hooks (publishing the outbox after each write) must cover their routes.
  await app.register(jobsPlugin, {
    driver: queueDriverOf(config),
    redisUrl: config.REDIS_URL,
    queueName: config.JOBS_QUEUE_NAME,
    prefix: config.JOBS_PREFIX,
    attempts: config.JOB_ATTEMPTS,
    sqsQueueUrl: config.JOBS_QUEUE_URL,
    createSqsQueue: config.SQS_ENDPOINT !== undefined,
    relay: config.OUTBOX_RELAY,
    retentionDays: config.RETENTION_DAYS
  })

  await app.register(realtimePlugin, realtimeOptionsOf(config, routes === 'all'))

  for (const domain of DOMAINS) {
    await app.register(domain.plugin, { config, routes: routes === 'all' })
  }
}

/**
 * Real time: pub/sub through Redis when configured, in-process otherwise,
 * unless REALTIME_DRIVER says (`postgres`: LISTEN/NOTIFY, for several
 * instances without Redis).
 */
export function realtimeOptionsOf (config: ResolvedConfig, routes: boolean) {
  const list = (value: string) => value.split(',').map(o => o.trim()).filter(Boolean)
  return {
    driver: config.REALTIME_DRIVER ?? (config.REDIS_URL ? 'redis' as const : 'memory' as const),
    routes,
    databaseUrl: config.DATABASE_URL,
    channel: `${config.JOBS_PREFIX}:realtime`,
    connectionsTable: config.WEBSOCKET_CONNECTIONS_TABLE,
    createTables: config.DYNAMODB_CREATE_TABLES ?? config.DYNAMODB_ENDPOINT !== undefined,
    managementEndpoint: config.WEBSOCKET_MANAGEMENT_ENDPOINT,
    region: config.AWS_REGION,
    origins: list(config.WS_ORIGINS),
    limits: {
      maxSubscriptions: config.WS_MAX_SUBSCRIPTIONS,
      messagesPerSecond: config.WS_MESSAGES_PER_SECOND,
      heartbeatMs: config.WS_HEARTBEAT_MS,
      idleTimeoutMs: config.WS_IDLE_TIMEOUT_MS,
      maxConnectionMs: config.WS_MAX_CONNECTION_MS,
      maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES
    }
  }
}

/** BullMQ when Redis is configured, SQS otherwise, unless QUEUE_DRIVER says. */
export function queueDriverOf (config: Config): 'bullmq' | 'sqs' {
  return config.QUEUE_DRIVER ?? (config.REDIS_URL ? 'bullmq' : 'sqs')
}

/** Build the whole service from resolved settings. Callers listen, inject or wrap it for Lambda. */
export async function buildApp (config: ResolvedConfig, options: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config),
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Accept the caller's request id when it is sane, so one id follows a
    // request across services; otherwise make one.
    genReqId: (req) => {
      const header = req.headers['x-request-id']
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID()
    },
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    childLoggerFactory: lazyChildLoggerFactory,
    schemaController,
    frameworkErrors,
    clientErrorHandler,
    // On close, requests already on a connection are served (with
    // `Connection: close`), not refused with 503: in-flight work drains and
    // clients reconnect elsewhere. New connections are refused once closing.
    return503OnClosing: false,
    trustProxy: trustProxyOf(config),
    forceCloseConnections: 'idle'
  }).withTypeProvider<TypeBoxTypeProvider>()

  await registerApp(app, config, options.routes)
  return app
}
