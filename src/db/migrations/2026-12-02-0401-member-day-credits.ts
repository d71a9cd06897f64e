import { sql, type Kysely } from 'kysely'

/**
 * What each member credited to each team per local day, kept by Postgres
 * itself: statement triggers on activity_credits recompute the (team,
 * member, day) sums a statement touched, whatever wrote it (crediting,
 * recrediting, a cascade from a deleted activity, account or team). The
 * aggregation sums these rows, so its cost follows a team's members and
 * days, not its activity count.
 */
export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('member_day_credits')
    .addColumn('team_id', 'uuid', col => col.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', col => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('local_day', 'date', col => col.notNull())
    .addColumn('credited_m', 'double precision', col => col.notNull())
    .addPrimaryKeyConstraint('member_day_credits_pk', ['team_id', 'user_id', 'local_day'])
    .execute()
  // The pace (last seven days): a range of one team's days.
  await sql`create index member_day_credits_team_day on member_day_credits (team_id, local_day) include (credited_m)`.execute(db)

  // Recompute exactly (never add deltas: sums of doubles would drift) the
  // keys in `changed`, a transition table of activity_credits rows.
  const refresh = (changed: string) => sql.raw(`
    with keys as (
      select distinct team_id, user_id, local_day from ${changed}
    ), sums as (
      select k.team_id, k.user_id, k.local_day, sum(c.credited_m) as credited_m, count(c.activity_id) as lines
      from keys k
      left join activity_credits c on c.user_id = k.user_id and c.local_day = k.local_day and c.team_id = k.team_id
      group by k.team_id, k.user_id, k.local_day
    ), emptied as (
      delete from member_day_credits r using sums s
      where s.lines = 0 and r.team_id = s.team_id and r.user_id = s.user_id and r.local_day = s.local_day
    )
    insert into member_day_credits (team_id, user_id, local_day, credited_m)
    select team_id, user_id, local_day, credited_m from sums where lines > 0
    on conflict (team_id, user_id, local_day) do update set credited_m = excluded.credited_m;`)
  await sql`
    create function member_day_credits_after_insert() returns trigger language plpgsql as $$
    begin ${refresh('new_lines')} return null; end $$`.execute(db)
  await sql`
    create function member_day_credits_after_delete() returns trigger language plpgsql as $$
    begin ${refresh('old_lines')} return null; end $$`.execute(db)
  await sql`
    create function member_day_credits_after_update() returns trigger language plpgsql as $$
    begin ${refresh('(select team_id, user_id, local_day from new_lines union select team_id, user_id, local_day from old_lines) as changed')} return null; end $$`.execute(db)
  await sql`create trigger member_day_credits_insert after insert on activity_credits
    referencing new table as new_lines for each statement execute function member_day_credits_after_insert()`.execute(db)
  await sql`create trigger member_day_credits_delete after delete on activity_credits
    referencing old table as old_lines for each statement execute function member_day_credits_after_delete()`.execute(db)
  await sql`create trigger member_day_credits_update after update on activity_credits
    referencing new table as new_lines old table as old_lines for each statement execute function member_day_credits_after_update()`.execute(db)

  await sql`
    insert into member_day_credits (team_id, user_id, local_day, credited_m)
    select team_id, user_id, local_day, sum(credited_m) from activity_credits group by team_id, user_id, local_day`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  for (const op of ['insert', 'delete', 'update']) {
    await sql.raw(`drop trigger member_day_credits_${op} on activity_credits`).execute(db)
    await sql.raw(`drop function member_day_credits_after_${op}()`).execute(db)
  }
  await db.schema.dropTable('member_day_credits').execute()
}
