// What the fake holds once a race has drained: every job of the company with its status and its
// items. The checker compares it with the history (invariants 5 and 6 of DESIGN §5).
import type { ExportJobStatus } from '@fake-pleo/contract'

export type FinalItem = { accountingEntryId: string; status: string }

export type FinalJob = {
  id: string
  status: ExportJobStatus
  createdAt: string
  /** When the job's window closed, for an expired job (ISO 8601), else null. */
  expiredAt: string | null
  items?: FinalItem[]
}

export type FinalState = { jobs: FinalJob[] }
