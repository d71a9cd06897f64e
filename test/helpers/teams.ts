import type { App } from '../../src/app/app.ts'
import { bearer, type Account } from './api.ts'

export async function createTeam (app: App, owner: Account, body: Record<string, unknown> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/teams',
    headers: bearer(owner.accessToken),
    payload: { name: 'Land\'s End to John o\'Groats', startDate: '2027-01-01', endDate: '2027-06-30', ...body }
  })
  if (res.statusCode !== 201) throw new Error(`create team failed: ${res.statusCode} ${res.body}`)
  return res.json().data as { id: string, joinCode: string, [key: string]: unknown }
}

export async function joinWithCode (app: App, account: Account, code: string) {
  const res = await app.inject({ method: 'POST', url: '/teams/join', headers: bearer(account.accessToken), payload: { code } })
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`join failed: ${res.statusCode} ${res.body}`)
  return res
}

export async function setRole (app: App, owner: Account, teamId: string, userId: string, role: string) {
  const res = await app.inject({ method: 'PATCH', url: `/teams/${teamId}/members/${userId}`, headers: bearer(owner.accessToken), payload: { role } })
  if (res.statusCode !== 200) throw new Error(`set role failed: ${res.statusCode} ${res.body}`)
}

/** A team with an owner, an admin and two members (`member`, `target`). */
export async function seedTeam (app: App, people: { owner: Account, admin: Account, member: Account, target: Account }) {
  const team = await createTeam(app, people.owner)
  for (const who of [people.admin, people.member, people.target]) await joinWithCode(app, who, team.joinCode)
  await setRole(app, people.owner, team.id, people.admin.userId, 'admin')
  return team
}
