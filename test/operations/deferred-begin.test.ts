import t from 'tap'
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { deferred, deferringBegin, literal } from '../../src/db/deferred-begin.ts'
import { PreparingClient } from '../../src/db/prepared.ts'
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

// Statements marked deferred() go with the next statement or the COMMIT; a
// prepared statement rides along as EXECUTE with its values as literals.
// Set up before the first subtest: the file ends once its queued subtests ran.
const preparing = new pg.Pool({ Client: deferringBegin(PreparingClient), connectionString: database.url, max: 1 })
let preparedTrips = 0
preparing.on('connect', (client) => {
  (client as unknown as { connection: NodeJS.EventEmitter }).connection.on('readyForQuery', () => { preparedTrips++ })
})
const pdb = new Kysely<any>({ dialect: new PostgresDialect({ pool: preparing }) })
t.teardown(() => pdb.destroy())
async function preparedRoundTrips (work: () => Promise<unknown>): Promise<number> {
  const before = preparedTrips
  await work()
  return preparedTrips - before
}
await sql`create table kinds (id int primary key, tags text[], doc jsonb, at timestamptz, note text, amount float8, flag boolean)`.execute(pdb)

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

const INSERT_KIND = '/* prepare: test-insert-kind */ insert into kinds values ($1, $2, $3, $4, $5, $6, $7)'
const READ_KIND = '/* prepare: test-read-kind */ select id, tags, doc, at, note, amount, flag from kinds where id = $1'
const insertKind = (db: Kysely<any>, row: unknown[], later = false) => db.executeQuery(CompiledQuery.raw(later ? deferred(INSERT_KIND) : INSERT_KIND, row))
const readKind = async (db: Kysely<any>, id: number) => (await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(READ_KIND, [id]))).rows[0]
const lock = (db: Kysely<any>) => sql.raw(deferred('select pg_advisory_xact_lock(42)')).execute(db)

t.test('a deferred write goes with the COMMIT once its statement is prepared, and is stored the same', async (t) => {
  // The first use on a connection prepares it: the deferred write goes on its own, then the COMMIT.
  t.equal(await preparedRoundTrips(() => pdb.transaction().execute(async (tx) => {
    await insertKind(tx, [1, ['a'], { a: 1 }, new Date('2026-01-02T03:04:05.678Z'), 'x', 1.5, true], true)
  })), 3, 'first use: BEGIN, the insert (prepared now), COMMIT')
  const awkward = [2, ['it\'s', 'back\\slash', 'comma,', '"quoted"', null, '{braces}'], { s: "it's \\ \"q\"", n: [1, null] }, new Date('2026-06-30T23:59:59.999Z'), "o'clock\\", -0.1, false]
  t.equal(await preparedRoundTrips(() => pdb.transaction().execute(async (tx) => {
    await insertKind(tx, awkward, true)
  })), 1, 'BEGIN, the insert and COMMIT in one round trip')
  const stored = await readKind(pdb, 2)
  t.same(stored, { id: 2, tags: awkward[1], doc: awkward[2], at: awkward[3], note: awkward[4], amount: -0.1, flag: false }, 'every value as a parameter would have stored it')
  t.equal(await preparedRoundTrips(() => pdb.transaction().execute(async (tx) => {
    await insertKind(tx, [3, null, null, null, null, null, null], true)
  })), 1)
  t.same(await readKind(pdb, 3), { id: 3, tags: null, doc: null, at: null, note: null, amount: null, flag: null }, 'nulls')
})

t.test('a deferred lock goes with the BEGIN and the next statement, which reads inside the transaction', async (t) => {
  const READ_CLOCK = '/* prepare: test-read-clock */ select now() as started from kinds where id = $1'
  const clocks: unknown[] = []
  await pdb.executeQuery(CompiledQuery.raw(READ_CLOCK, [1]))
  t.equal(await preparedRoundTrips(() => pdb.transaction().execute(async (tx) => {
    await lock(tx)
    clocks.push((await tx.executeQuery<{ started: Date }>(CompiledQuery.raw(READ_CLOCK, [1]))).rows[0]!.started.getTime())
    await new Promise(resolve => setTimeout(resolve, 5))
    clocks.push((await tx.executeQuery<{ started: Date }>(CompiledQuery.raw(READ_CLOCK, [1]))).rows[0]!.started.getTime())
  })), 3, 'BEGIN, lock and read together, then the second read, then COMMIT')
  t.equal(clocks[0], clocks[1], 'both reads ran in one transaction')
  // Not prepared: the lock goes with the BEGIN, the statement after them.
  t.equal(await preparedRoundTrips(() => pdb.transaction().execute(async (tx) => {
    await lock(tx)
    await sql`select ${1}::int as one`.execute(tx)
  })), 3, 'BEGIN and lock, then the statement, then COMMIT')
})

t.test('the lock is held by the time the next statement runs', async (t) => {
  // Another connection holds the lock; the transaction's read waits for it.
  const holder = new pg.Client({ connectionString: database.url })
  await holder.connect()
  t.teardown(() => holder.end())
  await holder.query('begin; select pg_advisory_xact_lock(42)')
  let readAt = 0
  const waiting = pdb.transaction().execute(async (tx) => {
    await lock(tx)
    await readKind(tx, 1)
    readAt = Date.now()
  })
  await new Promise(resolve => setTimeout(resolve, 200))
  t.equal(readAt, 0, 'the read waits while another transaction holds the lock')
  const released = Date.now()
  await holder.query('commit')
  await waiting
  t.ok(readAt >= released, 'and runs once it is released')
})

t.test('a deferred statement that fails fails the next statement or the COMMIT, and rolls back', async (t) => {
  await t.rejects(pdb.transaction().execute(async (tx) => {
    await insertKind(tx, [1, null, null, null, null, null, null], true)
  }), /duplicate key/, 'the COMMIT reports the held insert\'s error')
  await t.rejects(pdb.transaction().execute(async (tx) => {
    await insertKind(tx, [4, null, null, null, null, null, null])
    await insertKind(tx, [1, null, null, null, null, null, null], true)
    await readKind(tx, 4)
  }), /duplicate key/, 'the next statement reports it')
  t.equal((await readKind(pdb, 4)), undefined, 'the transaction rolled back')
  const { rows } = await sql<{ outside: boolean }>`select now() = statement_timestamp() as outside`.execute(pdb)
  t.equal(rows[0]!.outside, true, 'and the connection is clean')
})

t.test('a deferred statement is dropped with a rollback, and runs at once outside a transaction', async (t) => {
  t.equal(await preparedRoundTrips(() => t.rejects(pdb.transaction().execute(async (tx) => {
    await insertKind(tx, [5, null, null, null, null, null, null], true)
    throw new Error('changed my mind')
  }), /changed my mind/)), 0, 'nothing was sent: nothing to undo')
  t.equal(await readKind(pdb, 5), undefined)
  t.equal(await preparedRoundTrips(() => insertKind(pdb, [6, null, null, null, null, null, null], true)), 1, 'no transaction: sent at once')
  t.equal((await readKind(pdb, 6))?.id, 6)
})
