import type { Db, DbOrTx } from './database.ts'

/**
 * Run `work` once per (event, handler), however many times the event is
 * delivered: the mark and the work commit together, so a crash before the
 * commit leaves neither and the redelivery does the work. Returns null when
 * the event was handled before.
 */
export async function handleOnce<T> (db: Db, eventId: string, handler: string, work: (tx: DbOrTx) => Promise<T>): Promise<T | null> {
  return db.transaction().execute(async (tx) => {
    const mark = await tx.insertInto('handled_events')
      .values({ event_id: eventId, handler })
      .onConflict(oc => oc.doNothing())
      .returning('event_id')
      .executeTakeFirst()
    if (!mark) return null
    return work(tx)
  })
}
