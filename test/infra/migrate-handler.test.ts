import t from 'tap'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { migrate } from '../../scripts/migrate-handler.ts'
import { migrations } from '../../src/db/migrations/index.ts'
import { ADMIN_URL } from '../helpers/database.ts'

// The deployment's one-off migration step (the CDK trigger's function),
// against a real, empty Postgres database of its own.
const name = `teamtrek_migrate_${process.pid}_${randomBytes(4).toString('hex')}`
const admin = new pg.Client({ connectionString: ADMIN_URL })
await admin.connect()
await admin.query(`create database "${name}"`)
t.teardown(async () => {
  await admin.query(`drop database if exists "${name}" with (force)`)
  await admin.end()
})
const url = new URL(ADMIN_URL)
url.pathname = `/${name}`
const DATABASE_URL = url.toString()

const noSecrets = async (id: string): Promise<string> => { throw new Error(`no secret should be read (asked for ${id})`) }

t.test('an empty database gets every migration, in order', async t => {
  const outcome = await migrate({ DATABASE_URL }, noSecrets)
  t.same(outcome.applied, Object.keys(migrations))
  const client = new pg.Client({ connectionString: DATABASE_URL })
  await client.connect()
  t.teardown(() => client.end())
  const { rows } = await client.query("select count(*)::int as n from information_schema.tables where table_name in ('users', 'teams', 'activities', 'outbox')")
  t.equal(rows[0].n, 4, 'the schema is there')
})

t.test('a second run (the next deployment) changes nothing', async t => {
  t.same(await migrate({ DATABASE_URL }, noSecrets), { applied: [] })
})

t.test('the database secret fills in the connection, and the JWT key is never needed', async t => {
  const read: string[] = []
  const secret = JSON.stringify({ username: url.username || 'postgres', password: decodeURIComponent(url.password), port: Number(url.port || 5432) })
  // RDS Proxy requires TLS (sslmode=verify-full); the machine's Postgres has
  // none, so the connection is refused, after the secret was read.
  await t.rejects(migrate({ DATABASE_SECRET_ARN: 'arn:db', DATABASE_HOST: url.hostname, DATABASE_NAME: name, JWT_SECRET_ARN: 'arn:jwt' }, async id => { read.push(id); return secret }), /SSL/i)
  t.same(read, ['arn:db'], 'only the database secret was read')
})

t.test('without database settings it says what is missing', async t => {
  await t.rejects(migrate({}, noSecrets), /set DATABASE_URL, or DATABASE_SECRET_ARN/)
})
