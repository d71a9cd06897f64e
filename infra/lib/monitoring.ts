import { Duration, Stack } from 'aws-cdk-lib'
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2'
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch'
import type * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions'
import type * as ecs from 'aws-cdk-lib/aws-ecs'
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2'
import type * as lambda from 'aws-cdk-lib/aws-lambda'
import type * as rds from 'aws-cdk-lib/aws-rds'
import type * as sqs from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'

/**
 * Seed 000's alarm thresholds, in one place for both stacks, the tests and
 * infra/README.md.
 */
export const ALARMS = {
  /** Lambda errors (and API 5xx) as a share of invocations (requests). */
  errorRatePercent: 1,
  /** p99 API latency, API Gateway or ALB, in milliseconds. */
  latencyMs: 1000,
  databaseCpuPercent: 80,
  /** The oldest job in the queue (seconds). */
  jobAgeSeconds: 15 * 60,
  /** Jobs waiting (visible) in the queue. */
  jobDepth: 1000,
  /** Of the serverless cache's data-storage cap. */
  cacheStoragePercent: 80
} as const

/** ElastiCache Serverless limits (cost caps); see infra/README.md, "Redis". */
export const CACHE_DATA_STORAGE_MAX_GB = 5
export const CACHE_ECPU_PER_SECOND_MAX = 15000

const PERIOD = Duration.minutes(5)

export interface MonitoringProps {
  alarmAction: cloudwatchActions.SnsAction
  /** Lambda mode: the functions whose error rate is alarmed, by a short name. */
  functions: Array<{ name: string, fn: lambda.IFunction }>
  httpApi?: apigwv2.HttpApi
  loadBalancer?: elbv2.IApplicationLoadBalancer
  fargateServices: Array<{ name: string, service: ecs.FargateService }>
  database: rds.IDatabaseCluster
  jobsQueue: sqs.IQueue
  jobsDeadLetterQueue: sqs.IQueue
  /** The serverless cache's name (CloudWatch `clusterId`), when there is one. */
  cacheName?: string
}

/**
 * The compute alarms of seed 000 (Lambda errors > 1 %, API latency > 1 s,
 * plus the API's 5xx rate, which Lambda's Errors metric cannot see: the app
 * answers its own 500s) and one dashboard over everything, the stateful
 * stack's database, queues and cache included. Aurora CPU and the queue
 * alarms live in the stateful stack with the resources they watch.
 */
export class Monitoring extends Construct {
  readonly dashboard: cloudwatch.Dashboard
  readonly alarms: cloudwatch.Alarm[] = []

  constructor (scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id)
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, options: { threshold: number, description: string, evaluationPeriods?: number }) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold: options.threshold,
        alarmDescription: options.description,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        // Two of three 5-minute periods: one slow cold start or one bad
        // minute does not page; a quarter of an hour of it does.
        evaluationPeriods: options.evaluationPeriods ?? 3,
        datapointsToAlarm: Math.min(2, options.evaluationPeriods ?? 3),
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING
      })
      created.addAlarmAction(props.alarmAction)
      created.addOkAction(props.alarmAction)
      this.alarms.push(created)
      return created
    }

    for (const { name, fn } of props.functions) {
      const errorRate = new cloudwatch.MathExpression({
        // No invocations → no data → not breaching (FILL keeps the expression defined).
        expression: '100 * FILL(errors, 0) / IF(invocations > 0, invocations, 1)',
        usingMetrics: {
          errors: fn.metricErrors({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
          invocations: fn.metricInvocations({ period: PERIOD, statistic: cloudwatch.Stats.SUM })
        },
        label: `${name} errors (%)`,
        period: PERIOD
      })
      alarm(`${name}ErrorRateAlarm`, errorRate, {
        threshold: ALARMS.errorRatePercent,
        description: `${name} function: more than ${ALARMS.errorRatePercent} % of invocations failed (unhandled errors, timeouts, init failures)`
      })
    }

    if (props.httpApi !== undefined) {
      const api = props.httpApi
      alarm('HttpApiLatencyAlarm', api.metricLatency({ period: PERIOD, statistic: 'p99' }), {
        threshold: ALARMS.latencyMs,
        description: `HTTP API p99 latency above ${ALARMS.latencyMs} ms`
      })
      alarm('HttpApi5xxRateAlarm', rate(api.metricServerError({ period: PERIOD, statistic: cloudwatch.Stats.SUM }), api.metricCount({ period: PERIOD, statistic: cloudwatch.Stats.SUM }), 'HTTP API 5xx (%)'), {
        threshold: ALARMS.errorRatePercent,
        description: `HTTP API: more than ${ALARMS.errorRatePercent} % of requests answered 5xx`
      })
    }

    if (props.loadBalancer !== undefined) {
      const metrics = props.loadBalancer.metrics
      alarm('LoadBalancerLatencyAlarm', metrics.targetResponseTime({ period: PERIOD, statistic: 'p99' }), {
        // TargetResponseTime is in seconds.
        threshold: ALARMS.latencyMs / 1000,
        description: `Fargate API (ALB target) p99 latency above ${ALARMS.latencyMs} ms`
      })
      const targetErrors = metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: PERIOD, statistic: cloudwatch.Stats.SUM })
      const elbErrors = metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: PERIOD, statistic: cloudwatch.Stats.SUM })
      alarm('LoadBalancer5xxRateAlarm', new cloudwatch.MathExpression({
        expression: '100 * (FILL(target, 0) + FILL(elb, 0)) / IF(requests > 0, requests, 1)',
        usingMetrics: { target: targetErrors, elb: elbErrors, requests: metrics.requestCount({ period: PERIOD, statistic: cloudwatch.Stats.SUM }) },
        label: 'ALB 5xx (%)',
        period: PERIOD
      }), {
        threshold: ALARMS.errorRatePercent,
        description: `Fargate API: more than ${ALARMS.errorRatePercent} % of requests answered 5xx (by the tasks or by the load balancer)`
      })
    }

    // ---- the dashboard ------------------------------------------------
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-overview`,
      defaultInterval: Duration.hours(3)
    })
    const widgets: cloudwatch.IWidget[] = [
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms (this stack)', alarms: this.alarms, width: 24, height: 3 })
    ]
    if (props.httpApi !== undefined) {
      const api = props.httpApi
      widgets.push(
        graph('HTTP API requests and errors', [api.metricCount(sum()), api.metricClientError(sum()), api.metricServerError(sum())]),
        graph('HTTP API latency (ms)', [api.metricLatency(p('p50')), api.metricLatency(p('p99')), api.metricIntegrationLatency(p('p99'))], ALARMS.latencyMs)
      )
    }
    if (props.loadBalancer !== undefined) {
      const metrics = props.loadBalancer.metrics
      widgets.push(
        graph('ALB requests and 5xx', [metrics.requestCount(sum()), metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, sum()), metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, sum())]),
        graph('ALB target response time (s)', [metrics.targetResponseTime(p('p50')), metrics.targetResponseTime(p('p99'))], ALARMS.latencyMs / 1000)
      )
    }
    for (const { name, fn } of props.functions) {
      widgets.push(graph(`${name}: invocations, errors, throttles`, [fn.metricInvocations(sum()), fn.metricErrors(sum()), fn.metricThrottles(sum())], undefined, 8))
      widgets.push(graph(`${name}: duration (ms)`, [fn.metricDuration(p('p50')), fn.metricDuration(p('p99'))], undefined, 8))
      widgets.push(graph(`${name}: concurrency`, [fn.metric('ConcurrentExecutions', { period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM })], undefined, 8))
    }
    for (const { name, service } of props.fargateServices) {
      widgets.push(graph(`${name}: CPU and memory (%)`, [service.metricCpuUtilization({ period: PERIOD }), service.metricMemoryUtilization({ period: PERIOD })]))
    }
    const db = props.database
    widgets.push(
      graph('Aurora CPU (%)', [db.metricCPUUtilization({ period: PERIOD })], ALARMS.databaseCpuPercent, 8),
      graph('Aurora connections', [db.metricDatabaseConnections({ period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM })], undefined, 8),
      graph('Aurora capacity (ACU)', [db.metric('ServerlessDatabaseCapacity', { period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM })], undefined, 8),
      graph('Jobs waiting and in flight', [
        props.jobsQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM }),
        props.jobsQueue.metricApproximateNumberOfMessagesNotVisible({ period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM })
      ], ALARMS.jobDepth, 8),
      graph('Oldest job (s)', [props.jobsQueue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM })], ALARMS.jobAgeSeconds, 8),
      graph('Dead-letter queue', [props.jobsDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM })], 0, 8)
    )
    if (props.cacheName !== undefined) {
      const cacheMetric = (metricName: string, statistic: string) => new cloudwatch.Metric({ namespace: 'AWS/ElastiCache', metricName, dimensionsMap: { clusterId: props.cacheName! }, period: PERIOD, statistic })
      widgets.push(
        graph('Cache storage (bytes)', [cacheMetric('BytesUsedForCache', cloudwatch.Stats.MAXIMUM)], CACHE_DATA_STORAGE_MAX_GB * 1024 ** 3, 8),
        graph('Cache ECPUs', [cacheMetric('ElastiCacheProcessingUnits', cloudwatch.Stats.SUM)], undefined, 8),
        graph('Cache throttled commands', [cacheMetric('ThrottledCmds', cloudwatch.Stats.SUM)], undefined, 8)
      )
    }
    this.dashboard.addWidgets(...widgets)
  }
}

function sum (): cloudwatch.MetricOptions {
  return { period: PERIOD, statistic: cloudwatch.Stats.SUM }
}

function p (statistic: string): cloudwatch.MetricOptions {
  return { period: PERIOD, statistic, label: statistic }
}

function rate (errors: cloudwatch.IMetric, total: cloudwatch.IMetric, label: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: '100 * FILL(errors, 0) / IF(total > 0, total, 1)',
    usingMetrics: { errors, total },
    label,
    period: PERIOD
  })
}

function graph (title: string, left: cloudwatch.IMetric[], threshold?: number, width = 12): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({
    title,
    left,
    width,
    height: 6,
    ...(threshold === undefined ? {} : { leftAnnotations: [{ value: threshold, label: 'alarm' }] })
  })
}
