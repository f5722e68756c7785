// The accounting entries a job's ids stand for: generated data for the job's company, dated one
// day before the job per position. Deterministic (seeded by the ids), so the store keeps only an
// entry's origin — company, id, date, vendor-based bookkeeping — and generates the same body
// whenever it is read (decision 0025). A read also generates for an id another company already
// holds, so each company sees its own entry under that id and nothing of the other's (an unknown
// id and another company's answer alike).
import { generateAccountingEntry, type ExportItemV3 } from '@fake-pleo/contract'

const day = 86_400_000

export type EntryJob = { companyId: string; createdAt: number; vendorBasedBookkeeping: boolean }

/** The bookkeeping date of the entry at `position` (from 0) of a job made at `createdAt`. */
export const entryDate = (job: Pick<EntryJob, 'createdAt'>, position: number): number =>
  job.createdAt - (position + 1) * day

export function generatedEntry(
  job: EntryJob,
  accountingEntryId: string,
  position: number,
): ExportItemV3 {
  return generateAccountingEntry({
    companyId: job.companyId,
    accountingEntryId,
    date: entryDate(job, position),
    vendorBasedBookkeeping: job.vendorBasedBookkeeping,
  })
}
