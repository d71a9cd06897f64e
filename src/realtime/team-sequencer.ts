import type { TeamEvent } from './port.ts'

export interface TeamSequencerOptions {
  /** Events with seq in (from, to], oldest first: the team's log. */
  between: (teamId: string, from: number, to: number) => Promise<TeamEvent[]>
  /** Hands one event on to the team's subscriptions. */
  release: (event: TeamEvent) => void
  onError: (err: unknown, teamId: string) => void
}

interface TeamOrder {
  /** The seq expected next. */
  next: number
  /** Events that arrived ahead of a gap, by seq. */
  held: Map<number, TeamEvent>
  fetching: boolean
}

/**
 * Puts each team's live events back in sequence order before they reach the
 * team's subscriptions. Events of one team can arrive out of order: two
 * writers commit N and N+1 and their pushes race, Redis pub/sub gives no
 * order between publishers, and may drop a message. Each subscription copes
 * on its own, but then every one of a team's sockets fetches the same gap
 * from the log (a thousand identical queries for a thousand sockets) and
 * takes the queued path for the events after it. Here an event ahead of a
 * gap waits while the gap is read once for the team, or until the missing
 * event arrives live, whichever is first; the subscriptions then see
 * consecutive events. Nothing is dropped: an event behind the expected one
 * is handed on as it is (subscriptions discard what they already have), and
 * a gap the log cannot fill is handed on for them to deal with.
 */
export function createTeamSequencer (opts: TeamSequencerOptions) {
  const teams = new Map<string, TeamOrder>()

  function releaseHeld (order: TeamOrder): void {
    for (let event = order.held.get(order.next); event; event = order.held.get(order.next)) {
      order.held.delete(event.seq)
      order.next = event.seq + 1
      opts.release(event)
    }
  }

  /** Everything still held, in order, gaps and all. */
  function giveUp (order: TeamOrder): void {
    for (const seq of [...order.held.keys()].sort((a, b) => a - b)) {
      const event = order.held.get(seq)!
      order.held.delete(seq)
      order.next = seq + 1
      opts.release(event)
    }
  }

  function fill (teamId: string, order: TeamOrder): void {
    order.fetching = true
    const from = order.next - 1
    const to = Math.min(...order.held.keys()) - 1
    opts.between(teamId, from, to).then((events) => {
      if (teams.get(teamId) !== order) return
      for (const event of events) {
        if (event.seq !== order.next) continue
        // It may have arrived live meanwhile, and be held behind another gap.
        order.held.delete(event.seq)
        order.next++
        opts.release(event)
      }
    }, (err: unknown) => opts.onError(err, teamId)).finally(() => {
      order.fetching = false
      if (teams.get(teamId) !== order) return
      releaseHeld(order)
      if (order.held.size === 0) return
      // The log had less than asked for (or failed): the subscriptions are told what there is.
      if (order.next <= to) giveUp(order)
      // A newer gap, opened while this one was read.
      else fill(teamId, order)
    }).catch((err: unknown) => opts.onError(err, teamId))
  }

  return {
    /** A live event of a team: handed on now, or once the events before it are. */
    push (event: TeamEvent): void {
      let order = teams.get(event.teamId)
      if (!order) {
        teams.set(event.teamId, order = { next: event.seq, held: new Map(), fetching: false })
      }
      if (event.seq < order.next) {
        opts.release(event)
        return
      }
      if (event.seq === order.next) {
        order.held.delete(event.seq)
        order.next++
        opts.release(event)
        releaseHeld(order)
        return
      }
      order.held.set(event.seq, event)
      if (!order.fetching) fill(event.teamId, order)
    },
    /**
     * What a new subscription read as the team's last seq, so that the first
     * live event is already checked against it. Ignored once events flow.
     */
    seen (teamId: string, lastSeq: number): void {
      if (!teams.has(teamId)) teams.set(teamId, { next: lastSeq + 1, held: new Map(), fetching: false })
    },
    /** The team has no subscriptions left here. */
    forget (teamId: string): void {
      teams.delete(teamId)
    }
  }
}

export type TeamSequencer = ReturnType<typeof createTeamSequencer>
