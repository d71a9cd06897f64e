import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

/**
 * The typed shape of the Postgres schema, as the migrations leave it.
 * Migrations never import this file: they are frozen in time.
 */
export interface Database {
  users: UsersTable
}

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>

export interface UsersTable {
  id: Generated<string>
  /** Always stored lower-cased and trimmed; unique. */
  email: string
  password_hash: string
  display_name: string
  units: 'metric' | 'imperial'
  timezone: string
  stride_length_m: number
  created_at: Timestamp
  updated_at: Timestamp
}

export type UserRow = Selectable<UsersTable>
export type NewUserRow = Insertable<UsersTable>
export type UserUpdate = Updateable<UsersTable>
