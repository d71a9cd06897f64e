import { randomUUID } from 'node:crypto'
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions, type RawServerDefault } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from './config.ts'
import { schemaController } from './validation.ts'
import { Meta, ErrorResponse } from '../lib/envelope.ts'
import { User, PublicUser, UpdateMeBody } from '../routes/users/schemas.ts'
import { AuthResult, LoginBody, RefreshBody, RegisterBody } from '../routes/auth/schemas.ts'
import errorsPlugin from '../plugins/errors.ts'
import databasePlugin from '../plugins/database.ts'
import awsPlugin from '../plugins/aws.ts'
import redisPlugin from '../plugins/redis.ts'
import securityPlugin from '../plugins/security/index.ts'
import authPlugin from '../plugins/auth/index.ts'
import openApiPlugin from '../plugins/openapi.ts'
import jobsPlugin from '../plugins/jobs.ts'
import services from './services.ts'
import healthRoutes from '../routes/health/routes.ts'
import authRoutes from '../routes/auth/routes.ts'
import usersRoutes from '../routes/users/routes.ts'
import teamsRoutes from '../routes/teams/routes.ts'
import { TEAM_SCHEMAS } from '../routes/teams/schemas.ts'
import waypointsRoutes from '../routes/waypoints/routes.ts'
import { WAYPOINT_SCHEMAS } from '../routes/waypoints/schemas.ts'
import activitiesRoutes from '../routes/activities/routes.ts'
import { ACTIVITY_SCHEMAS } from '../routes/activities/schemas.ts'
import progressRoutes from '../routes/progress/routes.ts'
import { PROGRESS_SCHEMAS } from '../routes/progress/schemas.ts'

export type App = FastifyInstance<RawServerDefault, any, any, FastifyBaseLogger, TypeBoxTypeProvider>

/** Settings resolved at start: every connection is known (embedded or real). */
export type ResolvedConfig = Config & { DATABASE_URL: string }

export interface BuildOptions {
  /** Override pino options (tests pass `false` or a stream). */
  logger?: FastifyServerOptions['logger']
  /** `none` builds the app for a worker process: services and jobs, no HTTP routes. */
  routes?: 'all' | 'none'
}

const REQUEST_ID = /^[\w.:-]{1,128}$/

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
    ...(process.stdout.isTTY && { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } } })
  }
}

/** The root plugin: infrastructure, then domain services, then routes. */
export async function registerApp (app: App, config: ResolvedConfig, routes: BuildOptions['routes'] = 'all'): Promise<void> {
  for (const schema of [Meta, ErrorResponse, User, PublicUser, UpdateMeBody, RegisterBody, LoginBody, RefreshBody, AuthResult, ...TEAM_SCHEMAS, ...WAYPOINT_SCHEMAS, ...ACTIVITY_SCHEMAS, ...PROGRESS_SCHEMAS]) {
    app.addSchema(schema)
  }

  // The API speaks JSON only: anything else is 415, not a string to validate.
  app.removeContentTypeParser('text/plain')
  await app.register(errorsPlugin)
  await app.register(databasePlugin, {
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: config.DATABASE_LOCK_TIMEOUT_MS
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
  await app.register(openApiPlugin, { publicUrl: config.PUBLIC_URL })

  await app.register(services, {
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
    cacheTtlMs: config.SESSION_CACHE_TTL_MS,
    teamMaxMembers: config.TEAM_MAX_MEMBERS,
    invitationTtlDays: config.INVITATION_TTL_DAYS,
    invitationsPerTeamPerDay: config.INVITATIONS_PER_TEAM_PER_DAY,
    invitationsPerUserPerHour: config.INVITATIONS_PER_USER_PER_HOUR,
    activityBackfillDays: config.ACTIVITY_BACKFILL_DAYS,
    idempotencyTtlHours: config.IDEMPOTENCY_TTL_HOURS
  })

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

  if (routes === 'none') return
  await app.register(healthRoutes, { sessionsTable: config.SESSIONS_TABLE })
  await app.register(authRoutes, {
    loginMaxPerIpPerMinute: config.LOGIN_MAX_PER_IP_PER_MINUTE,
    loginMaxPerAccountPer15Minutes: config.LOGIN_MAX_PER_ACCOUNT_PER_15_MINUTES
  })
  await app.register(usersRoutes)
  await app.register(teamsRoutes, { joinsPerUserPerMinute: config.JOINS_PER_USER_PER_MINUTE })
  await app.register(waypointsRoutes)
  await app.register(activitiesRoutes)
  await app.register(progressRoutes)
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
    schemaController,
    // On close, requests already on a connection are served (with
    // `Connection: close`), not refused with 503: in-flight work drains and
    // clients reconnect elsewhere. New connections are refused once closing.
    return503OnClosing: false,
    trustProxy: config.TRUST_PROXY,
    forceCloseConnections: 'idle'
  }).withTypeProvider<TypeBoxTypeProvider>()

  await registerApp(app, config, options.routes)
  return app
}
