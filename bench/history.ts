import pg from 'pg'
import { sql } from 'kysely'
import { createDatabase } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { aggregateTeam } from '../src/routes/progress/aggregate.ts'

/**
 * `npm run bench -- history`: does aggregation cost follow a team's
 * history? Two teams of 20 members over the same 200 days, one with 1,000
 * credited activities and one with 100,000, seeded straight into the
 * ledger; each aggregated alone, in turn, ROUNDS times (medians). Goal: the
 * big team in ≤ 2 × the small one's time. Printed beside it, for the
 * record, the sums the aggregation used to read (the whole ledger) on the
 * same rows.
 */
const ROUNDS = Number(process.env.BENCH_HISTORY_ROUNDS ?? 15)
const MEMBERS = 20
const DAYS = 200

async function seedTeam (pool: pg.Pool, name: string, activities: number): Promise<string> {
  const { rows: [team] } = await pool.query<{ id: string }>(`
    with owner as (
      insert into users (email, password_hash, display_name) values ($1 || '-owner@bench.test', 'x', 'Owner') returning id
    )
    insert into teams (name, owner_id, start_date, end_date, timezone, join_code, max_members)
    select $1, id, current_date - ${DAYS}, current_date + 30, 'UTC', $1, 100 from owner returning id`, [name])
  await pool.query(`
    with members as (
      insert into users (email, password_hash, display_name)
      select $2 || '-' || g || '@bench.test', 'x', 'Member ' || g from generate_series(1, ${MEMBERS}) g returning id
    )
    insert into team_members (team_id, user_id, role) select $1, id, 'member' from members`, [team!.id, name])
  await pool.query(`
    with members as (
      select user_id, row_number() over (order by user_id) - 1 as n from team_members where team_id = $1
    ), made as (
      insert into activities (user_id, type, distance_m, started_at, timezone, local_day, raw_m)
      select m.user_id, 'walk', 1000 + g % 700, d::timestamptz + interval '12 hours', 'UTC', d::date, 1000 + g % 700
      from generate_series(0, $2 - 1) g
      join members m on m.n = g % ${MEMBERS}
      cross join lateral (select current_date - (g / ${MEMBERS}) % ${DAYS} as d) day
      returning id, user_id, local_day, started_at, raw_m
    )
    insert into activity_credits (activity_id, team_id, user_id, local_day, started_at, raw_m, credited_m, reason)
    select id, $1, user_id, local_day, started_at, raw_m, raw_m, null from made`, [team!.id, activities])
  await pool.query('analyze')
  return team!.id
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

export async function benchHistory ({ databaseUrl }: { databaseUrl: string }) {
  const db = createDatabase({ url: databaseUrl, poolMax: 4 })
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 })
  try {
    await migrateToLatest(db)
    const started = performance.now()
    const small = await seedTeam(pool, 'small', 1_000)
    const big = await seedTeam(pool, 'big', 100_000)
    console.log(`\nhistory: two teams of ${MEMBERS} members over ${DAYS} days, 1,000 and 100,000 credited activities, seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    const times = new Map<string, number[]>([[small, []], [big, []]])
    const ledgerTimes = new Map<string, number[]>([[small, []], [big, []]])
    for (let round = 0; round < ROUNDS + 1; round++) {
      for (const teamId of [small, big]) {
        let t0 = performance.now()
        await aggregateTeam({ db, redis: null }, teamId)
        if (round > 0) times.get(teamId)!.push(performance.now() - t0)
        // What each run read before member-day sums: the per-member totals over the whole ledger.
        t0 = performance.now()
        await sql`select user_id, sum(credited_m) from activity_credits where team_id = ${teamId} group by user_id`.execute(db)
        if (round > 0) ledgerTimes.get(teamId)!.push(performance.now() - t0)
      }
    }
    const [s, b] = [median(times.get(small)!), median(times.get(big)!)]
    const [ls, lb] = [median(ledgerTimes.get(small)!), median(ledgerTimes.get(big)!)]
    console.log(`    aggregate-progress, median of ${ROUNDS}: 1,000 activities ${s.toFixed(2)} ms, 100,000 activities ${b.toFixed(2)} ms = ${(b / s).toFixed(2)} × (target ≤ 2 ×)`)
    console.log(`    the ledger-wide member sums alone (the old read): ${ls.toFixed(2)} ms and ${lb.toFixed(2)} ms = ${(lb / ls).toFixed(1)} ×`)
  } finally {
    await pool.end()
    await db.destroy()
  }
}
