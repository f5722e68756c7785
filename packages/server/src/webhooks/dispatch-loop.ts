// The dispatcher's loop: a tick keeps up to `concurrency` attempts in flight, claiming more as
// soon as one finishes or new messages are queued (no batch waits for its slowest member), and
// ends when nothing is due or in flight. A tick asked for while one runs wakes it and makes it go
// round again instead of starting a second one. A message a reorder fault holds back goes out
// after another message has. A tick never rejects: failures are logged unless halted.
import type { WebhookFault } from '../faults/types.ts'
import type { Logger } from '../logger.ts'
import type { OutboxRow } from '../store/webhook-store.ts'
import { heldBack } from './dispatch-faults.ts'
import type { DispatchState } from './dispatch-state.ts'

export type DispatchLoop = {
  /** Sends everything that is due now; resolves when those attempts are recorded. */
  tick(): Promise<void>
  /** The tick in progress, if any. */
  running(): Promise<void> | undefined
}

export function createDispatchLoop(deps: {
  state: Pick<DispatchState, 'halted' | 'keepLeases' | 'claimDue'>
  /** Messages in flight at once. */
  concurrency: number
  faultFor: (row: OutboxRow) => WebhookFault | undefined
  /** One attempt, recorded when it resolves. */
  deliver: (row: OutboxRow, fault: WebhookFault | undefined) => Promise<void>
  log: Logger
}): DispatchLoop {
  const { state, concurrency, log } = deps
  let running: Promise<void> | undefined
  let again = false
  const held: (() => Promise<void>)[] = []

  const fail = (row: OutboxRow, error: unknown) => {
    if (!state.halted) log.error(`webhook delivery ${row.webhookId} failed unexpectedly`, error)
  }
  const attempt = (row: OutboxRow, fault: WebhookFault | undefined) =>
    deps.deliver(row, fault).catch((error: unknown) => fail(row, error))

  /** Wakes a running dispatcher when new messages are queued (see tick). */
  let wake: (() => void) | undefined
  const woken = () =>
    new Promise<void>((resolve) => {
      wake = resolve
    })

  const runDue = async (): Promise<void> => {
    const inFlight = new Set<Promise<void>>()
    const launch = (run: () => Promise<void>) => {
      const running: Promise<void> = run().finally(() => inFlight.delete(running))
      inFlight.add(running)
    }
    while (!state.halted) {
      // Let the requests of this turn of the event loop queue their messages: one claim for all.
      if (inFlight.size > 0) await new Promise((resolve) => setImmediate(resolve))
      const free = concurrency - inFlight.size
      state.keepLeases()
      const rows = free > 0 ? state.claimDue(free) : []
      for (const row of rows) {
        const fault = deps.faultFor(row)
        if (heldBack(fault)) {
          held.push(() => attempt(row, fault))
          continue
        }
        launch(async () => {
          await attempt(row, fault)
          for (const run of held.splice(0)) launch(run)
        })
      }
      if (inFlight.size === 0 && rows.length === 0) break
      if (rows.length > 0 && rows.length === free) continue
      await Promise.race([...inFlight, woken()])
    }
    await Promise.all(inFlight)
    for (const run of held.splice(0)) await run()
  }

  const tick = (): Promise<void> => {
    if (state.halted) return Promise.resolve()
    if (running) {
      again = true
      wake?.()
      return running
    }
    running = (async () => {
      try {
        do {
          again = false
          await runDue()
        } while (again && !state.halted)
      } catch (error) {
        // A tick is often started without waiting for it: it must never reject.
        if (!state.halted) log.error('the webhook dispatcher failed', error)
      } finally {
        running = undefined
      }
    })()
    return running
  }

  return { tick, running: () => running }
}
