import t from 'tap'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { deferringBegin, literal } from '../../src/db/deferred-begin.ts'
import { createTestDatabase } from '../helpers/database.ts'

// A transaction owes its BEGIN to its first statement: with it when that
// statement has no parameters, alone just before it otherwise. Either way
// every statement runs inside the transaction.
const database = await createTestDatabase()
t.teardown(() => database.drop())
// One connection, whose round trips are counted: each ends with a ReadyForQuery.
const pool = new pg.Pool({ Client: deferringBegin(pg.Client), connectionString: database.url, max: 1 })
let trips = 0
pool.on('connect', (client) => {
  (client as unknown as { connection: NodeJS.EventEmitter }).connection.on('readyForQuery', () => { trips++ })
})
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) })
t.teardown(() => db.destroy())
await sql`create table notes (id int primary key, text text not null)`.execute(db)

async function roundTrips (work: () => Promise<unknown>): Promise<number> {
  const before = trips
  await work()
  return trips - before
}
const count = async (id: number) => (await sql<{ n: number }>`select count(*)::int as n from notes where id = ${id}`.execute(db)).rows[0]!.n

t.test('a first statement without parameters shares the BEGIN\'s round trip, inside the transaction', async (t) => {
  const n = await roundTrips(() => db.transaction().execute(async (tx) => {
    await sql.raw(`insert into notes values (1, ${literal.text("it's")})`).execute(tx)
    await sql`insert into notes values (${2}, ${'two'})`.execute(tx)
  }))
  t.equal(n, 3, 'BEGIN with the first insert, then the second insert, then COMMIT')
  t.same((await sql<{ text: string }>`select text from notes order by id`.execute(db)).rows.map(r => r.text), ["it's", 'two'], 'the literal as written')

  await t.rejects(db.transaction().execute(async (tx) => {
    await sql.raw('insert into notes values (3, \'three\')').execute(tx)
    throw new Error('changed my mind')
  }), /changed my mind/)
  t.equal(await count(3), 0, 'rolled back with its transaction')
})

t.test('a first statement with parameters gets the BEGIN alone, just before it', async (t) => {
  const n = await roundTrips(() => t.rejects(db.transaction().execute(async (tx) => {
    await sql`insert into notes values (${4}, ${'four'})`.execute(tx)
    throw new Error('no')
  }), /no/))
  t.equal(n, 3, 'BEGIN, the insert, ROLLBACK')
  t.equal(await count(4), 0, 'rolled back with its transaction')
})

t.test('a failing first statement leaves the transaction to be rolled back, and the connection clean', async (t) => {
  await t.rejects(db.transaction().execute(async (tx) => {
    await sql.raw('insert into notes values (1, \'again\')').execute(tx)
  }), /duplicate key/)
  const { rows } = await sql<{ outside: boolean }>`select now() = statement_timestamp() as outside`.execute(db)
  t.equal(rows[0]!.outside, true, 'the next statement is not inside a leftover transaction')
})

t.test('a transaction that runs nothing sends nothing', async (t) => {
  t.equal(await roundTrips(() => db.transaction().execute(async () => 'nothing')), 0)
  const { rows } = await sql<{ outside: boolean }>`select now() = statement_timestamp() as outside`.execute(db)
  t.equal(rows[0]!.outside, true, 'and leaves no transaction open')
})

t.test('literals refuse what is not what they claim', async (t) => {
  t.throws(() => literal.uuid("x'; drop table notes; --"), /not a UUID/)
  t.equal(literal.uuid('0b9f7f8e-2f7c-4f55-9d61-3f0c1e7a0b11'), "'0b9f7f8e-2f7c-4f55-9d61-3f0c1e7a0b11'::uuid")
  t.equal(literal.text("a'b"), "'a''b'")
  t.equal(literal.text('a\\b'), " E'a\\\\b'", 'a backslash: an escape string, whatever standard_conforming_strings says')
})
