import { randomBytes } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import type { App } from '../../src/app/app.ts'

export interface Account {
  email: string
  password: string
  userId: string
  accessToken: string
  refreshToken: string
}

export function uniqueEmail (prefix = 'user'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.com`
}

export const STRONG_PASSWORD = 'a long walk to the north'

export async function register (app: App, body: Record<string, unknown> = {}): Promise<Account> {
  const email = (body.email as string | undefined) ?? uniqueEmail()
  const password = (body.password as string | undefined) ?? STRONG_PASSWORD
  const res = await app.inject({
    method: 'POST',
    url: '/auth/register',
    payload: { displayName: 'Walker', ...body, email, password }
  })
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`)
  const { data } = res.json()
  return { email, password, userId: data.user.id, accessToken: data.accessToken, refreshToken: data.refreshToken }
}

export function bearer (token: string) {
  return { authorization: `Bearer ${token}` }
}

/** The envelope's error code, or undefined on success. */
export function errorCode (res: LightMyRequestResponse): string | undefined {
  return res.json().error?.code
}
