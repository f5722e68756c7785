// The accounting systems of a race: one ledger per worker, all writing into the same books, so a
// double claim shows up where it hurts a customer: an expense booked by two workers. An entry the
// same worker books again (it was killed after booking and before reporting, then resumed the
// job) is counted apart: that is at-least-once delivery, which an idempotent ledger absorbs. Each
// entry takes `itemSeconds` of the virtual clock to record.
import type { AccountingSystem } from '@fake-pleo/client/claimer'

export type Books = {
  /** The ledger a worker incarnation uses; `sleep` is that incarnation's sleep. */
  ledgerFor(worker: number, sleep: (ms: number) => Promise<void>): AccountingSystem
  /** Accounting entries booked by more than one worker. */
  doubleBooked(): string[]
  /** Accounting entries one worker booked more than once (a resumed job). */
  rebooked(): string[]
  /** Entries recorded, counting repeats. */
  readonly recorded: number
}

export function createBooks(itemMs: number): Books {
  const bookings = new Map<string, number[]>()
  let recorded = 0
  return {
    ledgerFor: (worker, sleep) => ({
      record: async (item) => {
        if (itemMs > 0) await sleep(itemMs)
        recorded += 1
        const by = bookings.get(item.accountingEntryId) ?? []
        by.push(worker)
        bookings.set(item.accountingEntryId, by)
        const externalId = `w${worker}-${recorded}`
        return { ok: true, externalId, externalUrl: `https://ledger.invalid/${externalId}` }
      },
    }),
    doubleBooked: () => [...bookings].filter(([, by]) => new Set(by).size > 1).map(([id]) => id),
    rebooked: () =>
      [...bookings].filter(([, by]) => new Set(by).size < by.length).map(([id]) => id),
    get recorded() {
      return recorded
    },
  }
}
