// The accounting systems of a race: one ledger per worker, all writing into the same books, so a
// double claim shows up where it hurts a customer: an expense booked twice. Each entry takes
// `itemSeconds` of the virtual clock to record.
import type { AccountingSystem } from '@fake-pleo/client/claimer'

export type Books = {
  /** The ledger a worker incarnation uses; `sleep` is that incarnation's sleep. */
  ledgerFor(worker: number, sleep: (ms: number) => Promise<void>): AccountingSystem
  /** Accounting entries recorded more than once. */
  doubleBooked(): string[]
  /** Entries recorded, counting repeats. */
  readonly recorded: number
}

export function createBooks(itemMs: number): Books {
  const bookings = new Map<string, number>()
  let recorded = 0
  return {
    ledgerFor: (worker, sleep) => ({
      record: async (item) => {
        if (itemMs > 0) await sleep(itemMs)
        recorded += 1
        bookings.set(item.accountingEntryId, (bookings.get(item.accountingEntryId) ?? 0) + 1)
        const externalId = `w${worker}-${recorded}`
        return { ok: true, externalId, externalUrl: `https://ledger.invalid/${externalId}` }
      },
    }),
    doubleBooked: () => [...bookings].filter(([, n]) => n > 1).map(([id]) => id),
    get recorded() {
      return recorded
    },
  }
}
