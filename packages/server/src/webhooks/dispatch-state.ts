// The dispatcher's state: the leases it holds on outbox messages and what an attempt does to a
// message. Messages are claimed under a lease (this dispatcher's owner id and a real-time expiry)
// renewed once a third of its length has passed, so another process on the same database sends a
// message again only after its holder crashed and the lease ran out (decision 0020). A halted
// dispatcher releases its leases and records nothing more. A settled attempt moves its message to
// delivered, aborted, failed (schedule used up) or pending at the next retry on the virtual clock.
import type { Clock } from '../clock.ts'
import type { EventBus } from '../events.ts'
import type { WebhookFault } from '../faults/types.ts'
import type { OutboxRow, OutboxState, WebhookStore } from '../store/webhook-store.ts'
import type { Outcome } from './attempt-request.ts'

export type DispatchState = {
  readonly owner: string
  readonly halted: boolean
  /** Claims up to `limit` due messages under this dispatcher's lease. */
  claimDue(limit: number): OutboxRow[]
  /** Renews this dispatcher's leases once a third of their length has passed, and hands the
   * messages of crashed holders (expired leases) back to pending so they are claimed again. */
  keepLeases(): void
  /** Only expired leases: another live process's messages in flight stay with it. */
  releaseExpired(): void
  /** Releases this dispatcher's leases (once) and stops recording attempts. */
  halt(): void
  /** Records an attempt and the message's next state (nothing once halted). */
  settle(
    row: OutboxRow,
    outcome: Outcome,
    fault: WebhookFault | undefined,
    started: number,
    at: number,
  ): void
}

export function createDispatchState(deps: {
  webhooks: WebhookStore
  clock: Clock
  bus?: EventBus | undefined
  /** Delay before each attempt in seconds; the first is immediate. */
  schedule: readonly number[]
  /** Real milliseconds a claim holds a message unless renewed. */
  leaseMs: number
  owner: string
}): DispatchState {
  const { webhooks, clock, schedule, leaseMs, owner } = deps
  const lease = () => ({ owner, until: clock.wallNow() + leaseMs })
  let renewedAt = 0
  let halted = false

  return {
    owner,
    get halted() {
      return halted
    },
    claimDue: (limit) => webhooks.claimDue(clock.now(), limit, lease()),
    keepLeases() {
      const wall = clock.wallNow()
      if (wall - renewedAt < leaseMs / 3) return
      renewedAt = wall
      webhooks.renewLeases(lease())
      webhooks.releaseExpiredLeases(wall)
    },
    releaseExpired: () => webhooks.releaseExpiredLeases(clock.wallNow()),
    halt() {
      if (!halted) webhooks.releaseLeases(owner)
      halted = true
    },
    settle(row, outcome, fault, started, at) {
      if (halted) return
      const attempt = row.attempts + 1
      const delivered = outcome.status !== null && outcome.status >= 200 && outcome.status < 300
      let state: OutboxState = 'pending'
      let next: number | null = null
      if (delivered) state = 'delivered'
      else if (outcome.abort) state = 'aborted'
      else if (attempt >= schedule.length) state = 'failed'
      else next = clock.now() + (schedule[attempt] ?? 0) * 1000
      webhooks.recordAttempt(
        row,
        {
          delivery: {
            attempt,
            at,
            status: outcome.status,
            error: outcome.error,
            fault: fault?.label ?? null,
            durationMs: Math.round((performance.now() - started) * 1000) / 1000,
          },
          state,
          nextAttemptAt: next,
        },
        owner,
      )
      deps.bus?.emit('delivery.attempted', at, {
        webhookId: row.webhookId,
        subscriptionId: row.subscriptionId,
        eventType: row.eventType,
        attempt,
        status: outcome.status,
        state,
        fault: fault?.kind ?? null,
      })
    },
  }
}
