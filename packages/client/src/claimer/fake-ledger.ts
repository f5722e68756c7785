// An in-memory accounting system, the claimer's default: it records every entry it is handed (with
// what it was given of its receipts: URL, type and size, not the bytes) and answers an external id
// and URL. Knobs: `failIds` fails chosen accounting entries with a
// validation failure, `delayMs` makes each entry take that long through the injected `sleep`
// (tests pass a sleep that advances the fake's manual clock), `unreachable` makes it throw.
import { setTimeout as wait } from 'node:timers/promises'
import type { ExportItemV3 } from '@fake-pleo/contract'
import type { Receipt } from '../download.ts'
import type { AccountingSystem } from './types.ts'

export type FakeLedgerOptions = {
  failIds?: ReadonlySet<string>
  delayMs?: number
  sleep?: (ms: number) => Promise<void>
  /** Throw on every record, as an accounting system that cannot be reached. */
  unreachable?: boolean
}

export type AttachedReceipt = { url: string; contentType: string; size: number }

export type LedgerEntry = {
  accountingEntryId: string
  externalId: string
  item: ExportItemV3
  receipts: AttachedReceipt[]
}

const attached = (receipts: readonly Receipt[]): AttachedReceipt[] =>
  receipts.map((r) => ({ url: r.url, contentType: r.contentType, size: r.bytes.byteLength }))

export type FakeLedger = AccountingSystem & {
  /** Entries recorded successfully, in order. */
  readonly entries: readonly LedgerEntry[]
  /** Every accountingEntryId handed to `record`, successful or not. */
  readonly attempts: readonly string[]
}

export function createFakeLedger(options: FakeLedgerOptions = {}): FakeLedger {
  const entries: LedgerEntry[] = []
  const attempts: string[] = []
  const sleep = options.sleep ?? wait
  return {
    entries,
    attempts,
    record: async (item, receipts) => {
      attempts.push(item.accountingEntryId)
      if (options.delayMs !== undefined && options.delayMs > 0) await sleep(options.delayMs)
      if (options.unreachable === true) throw new Error('the fake ledger is unreachable')
      if (options.failIds?.has(item.accountingEntryId)) {
        return {
          ok: false,
          failureReasonType: 'accounting_system_validation_failure',
          failureReason: `The ledger refused entry ${item.accountingEntryId}.`,
        }
      }
      const externalId = `ledger-${entries.length + 1}`
      entries.push({
        accountingEntryId: item.accountingEntryId,
        externalId,
        item,
        receipts: attached(receipts),
      })
      return { ok: true, externalId, externalUrl: `https://ledger.invalid/entries/${externalId}` }
    },
  }
}
