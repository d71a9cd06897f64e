import type { DbOrTx } from '../../db/database.ts'
import type { NewUserRow, UserRow, UserUpdate } from '../../db/schema.ts'

export async function findUserById (db: DbOrTx, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findUserByEmail (db: DbOrTx, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()
}

/** Insert a user; returns undefined when the email is already taken. */
export async function insertUser (db: DbOrTx, user: NewUserRow): Promise<UserRow | undefined> {
  return db.insertInto('users')
    .values(user)
    .onConflict(oc => oc.column('email').doNothing())
    .returningAll()
    .executeTakeFirst()
}

export async function updateUser (db: DbOrTx, id: string, changes: UserUpdate): Promise<UserRow | undefined> {
  return db.updateTable('users')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

export async function deleteUser (db: DbOrTx, id: string): Promise<boolean> {
  const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}
