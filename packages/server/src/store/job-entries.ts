// The accounting entry the fake makes up for an id a job lists but the fake has not seen for the
// job's company: generated data for that company, dated one day before the job per position.
// Deterministic (seeded by the ids), so the job's creation and a later read agree; a read uses it
// for an id another company already holds, so each company sees its own entry under that id and
// nothing of the other's (an unknown id and another company's answer alike).
import { generateAccountingEntry, type ExportItemV3 } from '@fake-pleo/contract'

const day = 86_400_000

export type EntryJob = { companyId: string; createdAt: number; vendorBasedBookkeeping: boolean }

export function generatedEntry(
  job: EntryJob,
  accountingEntryId: string,
  position: number,
): ExportItemV3 {
  return generateAccountingEntry({
    companyId: job.companyId,
    accountingEntryId,
    date: job.createdAt - (position + 1) * day,
    vendorBasedBookkeeping: job.vendorBasedBookkeeping,
  })
}
