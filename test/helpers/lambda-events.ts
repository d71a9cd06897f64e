/**
 * Worker events shaped as Lambda delivers them: an SQS record from the
 * event source mapping, and an EventBridge scheduled event.
 */
export function sqsRecord (messageId: string, body: string) {
  const now = String(Date.now())
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: now, SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: now },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-2:123456789012:teamtrek-jobs',
    awsRegion: 'eu-west-2'
  }
}

export function scheduledEvent (ruleName: string) {
  return {
    version: '0',
    id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
    'detail-type': 'Scheduled Event' as const,
    source: 'aws.events',
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'eu-west-2',
    resources: [`arn:aws:events:eu-west-2:123456789012:rule/${ruleName}`],
    detail: {}
  }
}
