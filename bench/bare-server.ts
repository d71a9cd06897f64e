import Fastify from 'fastify'

/** The baseline: a bare Fastify route, no plugins, no hooks, no logging. */
const app = Fastify({ logger: false })
app.get('/bare', async () => ({ success: true, data: { hello: 'world' } }))
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
process.on('SIGTERM', () => { app.close().then(() => process.exit(0)) })
