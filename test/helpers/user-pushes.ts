import type { Broadcaster } from '../../src/realtime/port.ts'

export interface UserPush {
  userId: string
  type: string
  data: Record<string, unknown>
}

/**
 * A broadcaster that records what jobs push to people (notifications) and
 * drops the rest: for tests of the jobs, where the real-time adapters are
 * the real-time domain's to test.
 */
export function recordingBroadcaster (): { broadcaster: Broadcaster, pushes: UserPush[] } {
  const pushes: UserPush[] = []
  const broadcaster: Broadcaster = {
    async toTeam () { return null },
    async push () {},
    async toUser (userId, type, data) { pushes.push({ userId, type, data }) },
    async endTeam () {},
    async endSessions () {}
  }
  return { broadcaster, pushes }
}
