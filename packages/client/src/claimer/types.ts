// The claimer's vocabulary: the accounting system it exports into, the state store that remembers
// a claimed job across crashes, the log it writes to, and the PassReport one pass answers with.
// Types only, so the detection layer and the CLI can depend on them without pulling in the worker.
import type {
  ExportItemV3,
  ExportJobFailureReasonType,
  ExportJobItemFailureReasonType,
} from '@fake-pleo/contract'
import type { Receipt } from '../download.ts'
import type { PleoError } from '../result.ts'

/** What the accounting system answers for one entry. */
export type RecordOutcome =
  | { ok: true; externalId: string; externalUrl: string }
  | { ok: false; failureReasonType: ExportJobItemFailureReasonType; failureReason: string }

/**
 * Where entries are exported to, each with its receipts (every file of `item.files`, downloaded
 * by the claimer before the entry is handed over). A thrown error means the system is
 * unreachable: the job fails.
 */
export type AccountingSystem = {
  record(item: ExportItemV3, receipts: readonly Receipt[]): Promise<RecordOutcome>
}

/** Remembers the job this claimer claimed, so a restart resumes it instead of abandoning it. */
export type ClaimerState = {
  load(): Promise<string | undefined>
  save(jobId: string): Promise<void>
  clear(): Promise<void>
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type ClaimerLog = (
  level: LogLevel,
  message: string,
  fields?: Record<string, unknown>,
) => void

/** What one pass did. At most one job is processed per pass. */
export type PassReport =
  | { kind: 'idle'; lostRaces: string[] }
  | {
      kind: 'completed'
      jobId: string
      status: 'completed' | 'completed_with_errors'
      /** Items in the job; `failed` of them were reported as failed. */
      items: number
      failed: number
      resumed: boolean
      lostRaces: string[]
    }
  /** Every claim this pass attempted was taken by another integration first. */
  | { kind: 'lost-race'; jobId: string; lostRaces: string[] }
  /** The job expired while this claimer held it; the state was cleared. */
  | { kind: 'expired'; jobId: string; lostRaces: string[] }
  /** The job was ended with a `failed` event (or could not be ended: see `error`). */
  | {
      kind: 'failed'
      jobId: string
      failureReasonType: ExportJobFailureReasonType
      failureReason: string
      lostRaces: string[]
    }
  /** Pleo could not be asked (listing, verifying or finishing failed after the client's retries). */
  | { kind: 'error'; jobId?: string; error: PleoError; lostRaces: string[] }
