import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import { createDatabase } from '../../src/db/database.ts'
import { preparedName } from '../../src/db/prepared.ts'
import { createTestDatabase } from '../helpers/database.ts'

t.test('a statement asks to be prepared by its leading mark, and only then', async (t) => {
  t.equal(preparedName('/* prepare: write-days */\nwith stale as (…)'), 'write-days')
  t.equal(preparedName('select 1 /* prepare: not-leading */'), undefined, 'only a leading mark counts')
  t.equal(preparedName('/* prepare: unterminated'), undefined)
  t.equal(preparedName('select 1'), undefined)
})

t.test('marked statements are prepared once per connection; the rest, or all when off, run unnamed', async (t) => {
  const database = await createTestDatabase()
  t.teardown(() => database.drop())
  const statementsOf = async (preparedStatements: boolean) => {
    // One connection, so the session that ran the statements is the one asked.
    const db = createDatabase({ url: database.url, poolMax: 1, preparedStatements })
    try {
      for (let i = 0; i < 3; i++) await db.transaction().execute(tx => sql`/* prepare: probe-statement */ select ${i}::int as n`.execute(tx))
      const { rows: [answer] } = await sql<{ n: number }>`select ${41}::int + 1 as n`.execute(db)
      t.equal(answer!.n, 42, 'an unmarked statement runs as before')
      const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(db)
      return rows.map(r => r.name)
    } finally {
      await db.destroy()
    }
  }
  t.same(await statementsOf(true), ['probe-statement'], 'on: the marked statement, once, however often it ran')
  t.same(await statementsOf(false), [], 'off (behind RDS Proxy): nothing prepared')
})

t.test('every prepared statement name in the code is used by one statement only', async (t) => {
  const root = path.resolve(import.meta.dirname, '../../src')
  const names = new Map<string, string[]>()
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.ts'))) {
    for (const [, name] of readFileSync(path.join(root, file), 'utf8').matchAll(/\/\* prepare: ([\w-]+) \*\//g)) {
      names.set(name!, [...(names.get(name!) ?? []), file])
    }
  }
  t.ok(names.size >= 10, `${names.size} prepared statements found`)
  // pg refuses a second text under a name a connection has prepared.
  t.same([...names].filter(([, files]) => files.length > 1), [], 'no name marks two statements')
})
