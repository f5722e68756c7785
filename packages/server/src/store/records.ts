// The records the store's parts exchange with the rest of the server: companies, keys, journal
// entries, event outcomes, stored accounting entries. Types only, and a leaf of the store's
// import graph (it imports nothing but the contract), so the row mappers, the view queries and
// the Store interface can all use them without importing one another.
import type {
  CreateExportJobEvent,
  ExportItemV3,
  ItemUpdateError,
  JobItemRecord,
  JobRecord,
  JournalRecord,
} from '@fake-pleo/contract'

export type Company = {
  id: string
  name: string
  contraAccountsMissing: boolean
  createdAt: number
}

/** A key as it is made; the store keeps only its hash. */
export type NewApiKey = { key: string; companyId: string; scopes: string[] }
/** A stored key: what it may do, never the key itself. */
export type ApiKeyRecord = { companyId: string; scopes: string[] }

/** A journaled request as stored: the control API's JournalRecord with `at` in epoch milliseconds. */
export type JournalEntry = Omit<JournalRecord, 'at'> & { at: number }

export type EventInput = Pick<
  CreateExportJobEvent,
  'jobId' | 'event' | 'failureReason' | 'failureReasonType'
>

export type EventOutcome = { before: JobRecord; after: JobRecord }

export type EventRefusal = 'EXPORT_NOT_FOUND' | 'INVALID_EXPORT_JOB_STATUS_CHANGE'

export type ItemsUpdate = { data: JobItemRecord[]; errors: ItemUpdateError[] }

export type ItemsRefusal = 'EXPORT_NOT_FOUND' | 'EXPORT_JOB_STATUS_UNPROCESSABLE'

export type Snapshot = Record<string, Record<string, unknown>[]>

export type JobFilter = { companyId: string; statuses?: string[] | undefined }

/** An export item as stored, with the job it is listed under and its place in that job. */
export type ExportItemRow = { jobId: string; position: number; item: ExportItemV3 }

export type StoredEntry = { companyId: string; item: ExportItemV3 }
