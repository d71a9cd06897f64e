// The cold-start baseline: a Node handler answering an API Gateway event
// with the same body as GET /health, and nothing else (no framework, no
// dependencies). `npm run bench -- cold` starts it exactly like the API.
export const handler = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ success: true, data: { status: 'ok', uptimeSeconds: Math.round(process.uptime()) }, meta: { timestamp: new Date().toISOString(), version: '1.0' } }),
  isBase64Encoded: false
})
