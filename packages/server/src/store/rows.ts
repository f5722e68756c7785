// Mapping between SQLite rows (snake_case, integers for booleans) and the contract's records:
// the one home of the store's row types and their mappers.
import {
  generateAccountingEntry,
  type ExportItemV3,
  type JobItemRecord,
  type JobRecord,
} from '@fake-pleo/contract'
import { generatedEntry } from './job-entries.ts'
import type { ApiKeyRecord, Company, JournalEntry } from './records.ts'

export type CompanyRow = {
  id: string
  name: string
  contra_accounts_missing: number
  created_at: number
}

export type KeyRow = { key_hash: string; company_id: string; scopes: string }

export type JobRow = {
  id: string
  company_id: string
  status: string
  created_at: number
  created_by: string | null
  started_at: number | null
  completed_at: number | null
  last_updated_at: number
  expires_in: number
  expires_at: number
  expired_at: number | null
  failure_reason: string | null
  failure_reason_type: string | null
  is_interactive: number
  number_of_items: number
  vendor_based_bookkeeping: number
}

export type ItemRow = {
  job_id: string
  seq: number
  accounting_entry_id: string
  status: string
  /** UTC RFC 3339 text (the column's INTEGER affinity leaves such text as text). */
  exported_at: string | null
  external_id: string | null
  external_url: string | null
  failure_reason: string | null
  failure_reason_type: string | null
}

export function jobFromRow(row: JobRow): JobRecord {
  return {
    id: row.id,
    companyId: row.company_id,
    status: row.status as JobRecord['status'],
    createdAt: row.created_at,
    createdBy: row.created_by,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    lastUpdatedAt: row.last_updated_at,
    expiresIn: row.expires_in,
    expiredAt: row.expired_at,
    failureReason: row.failure_reason,
    failureReasonType: row.failure_reason_type as JobRecord['failureReasonType'],
    isInteractive: row.is_interactive === 1,
    numberOfItems: row.number_of_items,
    vendorBasedBookkeeping: row.vendor_based_bookkeeping === 1,
  }
}

export function jobToParams(job: JobRecord): Record<string, unknown> {
  return {
    id: job.id,
    company_id: job.companyId,
    status: job.status,
    created_at: job.createdAt,
    created_by: job.createdBy,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    last_updated_at: job.lastUpdatedAt,
    expires_in: job.expiresIn,
    expires_at: job.lastUpdatedAt + job.expiresIn * 1000,
    expired_at: job.expiredAt,
    failure_reason: job.failureReason,
    failure_reason_type: job.failureReasonType,
    is_interactive: job.isInteractive ? 1 : 0,
    number_of_items: job.numberOfItems,
    vendor_based_bookkeeping: job.vendorBasedBookkeeping ? 1 : 0,
  }
}

export function itemFromRow(row: ItemRow): JobItemRecord {
  return {
    jobId: row.job_id,
    accountingEntryId: row.accounting_entry_id,
    status: row.status as JobItemRecord['status'],
    exportedAt: row.exported_at,
    externalId: row.external_id,
    externalUrl: row.external_url,
    failureReason: row.failure_reason,
    failureReasonType: row.failure_reason_type as JobItemRecord['failureReasonType'],
  }
}

/** A journal row as the store answers it. */
export function journalFromRow(row: Record<string, unknown>): JournalEntry {
  return {
    id: row.id as number,
    at: row.at as number,
    method: row.method as string,
    path: row.path as string,
    query: row.query as string,
    status: row.status as number,
    companyId: row.company_id as string | null,
    jobId: row.job_id as string | null,
    event: row.event as string | null,
    fault: (row.fault as string | null | undefined) ?? null,
    alias: (row.alias as string | null | undefined) ?? null,
    durationMs: row.duration_ms as number,
  }
}

export function companyFromRow(row: CompanyRow): Company {
  return {
    id: row.id,
    name: row.name,
    contraAccountsMissing: row.contra_accounts_missing === 1,
    createdAt: row.created_at,
  }
}

/** Scopes are stored space-separated; an empty string is a key with no scopes. */
export function keyFromRow(row: KeyRow): ApiKeyRecord {
  return { companyId: row.company_id, scopes: row.scopes === '' ? [] : row.scopes.split(' ') }
}

/** An accounting entry as stored (decision 0025): its origin, or, for a row written before
 * entries were stored that way, its body (`payload`). */
export type EntryRow = {
  id: string
  company_id: string
  payload: string | null
  date: number | null
  vendor_based_bookkeeping: number | null
}

/** The entry's body: the stored one, or the one generated from its origin. */
export function entryFromRow(row: EntryRow): ExportItemV3 {
  if (row.payload !== null) return JSON.parse(row.payload) as ExportItemV3
  return generateAccountingEntry({
    companyId: row.company_id,
    accountingEntryId: row.id,
    date: row.date ?? 0,
    vendorBasedBookkeeping: row.vendor_based_bookkeeping === 1,
  })
}

/** An item of an open job joined with its accounting entry and the job's company. */
export type ExportItemJoin = EntryRow & {
  job_id: string
  seq: number
  job_company: string
  created_at: number
  job_vendor_based_bookkeeping: number
}

/** The stored entry, or, for an id another company holds, the entry generated for this job's
 * company (what the job would hold had the id been unknown): never the other company's data. */
export function exportItemOf(row: ExportItemJoin): ExportItemV3 {
  if (row.company_id === row.job_company) return entryFromRow(row)
  const job = {
    companyId: row.job_company,
    createdAt: row.created_at,
    vendorBasedBookkeeping: row.job_vendor_based_bookkeeping === 1,
  }
  return generatedEntry(job, row.id, row.seq)
}
