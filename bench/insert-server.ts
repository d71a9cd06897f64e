import Fastify from 'fastify'
import pg from 'pg'

/** The write baseline: a bare Fastify route doing one single-row INSERT. */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
await pool.query(`create table if not exists bench_rows (
  id uuid primary key default gen_random_uuid(), user_id uuid not null, distance_m double precision not null,
  started_at timestamptz not null, created_at timestamptz not null default now())`)
const app = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024 })
app.get('/health', async () => ({ ok: true }))
app.post('/insert', async (request, reply) => {
  const body = request.body as { userId: string, distanceMeters: number, startedAt: string }
  const { rows } = await pool.query('insert into bench_rows (user_id, distance_m, started_at) values ($1, $2, $3) returning id', [body.userId, body.distanceMeters, body.startedAt])
  return reply.code(201).send({ success: true, data: { id: rows[0].id } })
})
// The floor of a transactional write: five round trips (BEGIN, a lock, an
// insert, a second insert, COMMIT) on one connection, no query builder.
app.post('/insert-transaction', async (request, reply) => {
  const body = request.body as { userId: string, distanceMeters: number, startedAt: string }
  const client = await pool.connect()
  try {
    await client.query('begin')
    await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [body.userId])
    const { rows } = await client.query('insert into bench_rows (user_id, distance_m, started_at) values ($1, $2, $3) returning id', [body.userId, body.distanceMeters, body.startedAt])
    await client.query('insert into bench_rows (user_id, distance_m, started_at) values ($1, $2, $3)', [body.userId, body.distanceMeters, body.startedAt])
    await client.query('commit')
    return reply.code(201).send({ success: true, data: { id: rows[0].id } })
  } catch (err) {
    await client.query('rollback')
    throw err
  } finally {
    client.release()
  }
})
// The batch baseline: one multi-row INSERT of every item.
app.post('/insert-batch', async (request, reply) => {
  const body = request.body as { userId: string, items: Array<{ distanceMeters: number, startedAt: string }> }
  const values: unknown[] = []
  const tuples = body.items.map((item, i) => {
    values.push(body.userId, item.distanceMeters, item.startedAt)
    return `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`
  })
  const { rowCount } = await pool.query(`insert into bench_rows (user_id, distance_m, started_at) values ${tuples.join(', ')}`, values)
  return reply.code(200).send({ success: true, data: { created: rowCount } })
})
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
process.on('SIGTERM', () => { app.close().then(() => pool.end()).then(() => process.exit(0)) })
