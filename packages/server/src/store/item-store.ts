// A job's items and the accounting entries they export: inserting them with their job, the
// integration's per-item status reports (in one transaction with the job's expiry check), the
// item lists and the open export items of a company, each with its entry. An entry belongs to
// the company that first exported it; another company listing the same id sees the entry
// generated for itself (see exportItemOf).
import {
  isOpen,
  itemError,
  toUtcDateTime,
  type ExportItemV3,
  type ItemUpdateError,
  type JobItemRecord,
  type JobRecord,
  type Result,
  type UpdateExportJobItemV3,
} from '@fake-pleo/contract'
import type { JobStore } from './job-store.ts'
import type { Page, PageRequest, Paginator } from './paginate.ts'
import { exportItemOf, itemFromRow, type ExportItemJoin, type ItemRow } from './rows.ts'
import type { ExportItemRow, ItemsRefusal, ItemsUpdate, StoredEntry } from './records.ts'
import type { StoreContext } from './store-context.ts'

export function createItemStore(ctx: StoreContext, paginate: Paginator, jobs: JobStore) {
  const { db, changed } = ctx
  const q = {
    upsertEntry: db.prepare(
      `INSERT INTO accounting_entries (id, company_id, payload) VALUES (@id, @companyId, @payload)
       ON CONFLICT (id) DO NOTHING`,
    ),
    entryOf: db.prepare('SELECT company_id FROM accounting_entries WHERE id = ?'),
    getEntry: db.prepare('SELECT company_id, payload FROM accounting_entries WHERE id = ?'),
    insertItem: db.prepare(
      `INSERT INTO export_job_items (job_id, seq, accounting_entry_id, status)
       VALUES (@jobId, @seq, @accountingEntryId, 'pending')`,
    ),
    getItem: db.prepare(
      'SELECT * FROM export_job_items WHERE job_id = ? AND accounting_entry_id = ?',
    ),
    writeItem: db.prepare(
      `UPDATE export_job_items SET status = @status, exported_at = @exported_at, external_id = @external_id,
         external_url = @external_url, failure_reason = @failure_reason, failure_reason_type = @failure_reason_type
       WHERE job_id = @job_id AND accounting_entry_id = @accounting_entry_id`,
    ),
  }

  const applyItemUpdate = (
    job: JobRecord,
    update: UpdateExportJobItemV3,
  ): JobItemRecord | ItemUpdateError => {
    const row = q.getItem.get(job.id, update.accountingEntryId) as ItemRow | undefined
    if (!row) {
      const entry = q.entryOf.get(update.accountingEntryId) as { company_id: string } | undefined
      const known = entry?.company_id === job.companyId
      return itemError(
        known ? 'EXPORT_ENTRY_STATUS_UPDATE_FAILED' : 'ACCOUNTING_ENTRY_DOES_NOT_EXIST',
        { accountingEntryId: update.accountingEntryId, jobId: job.id },
      )
    }
    const next: ItemRow = {
      ...row,
      status: update.status,
      exported_at: update.exportedAt ? toUtcDateTime(update.exportedAt) : null,
      external_id: update.externalId ?? null,
      external_url: update.externalUrl ?? null,
      failure_reason: update.failureReason ?? null,
      failure_reason_type: update.failureReasonType ?? null,
    }
    q.writeItem.run(next)
    return itemFromRow(next)
  }

  const updateJobItems = db.transaction(
    (
      jobId: string,
      companyId: string | undefined,
      updates: UpdateExportJobItemV3[],
      now: number,
    ): Result<ItemsUpdate, ItemsRefusal> => {
      const found = jobs.findScoped(jobId, companyId)
      if (!found) return { ok: false, code: 'EXPORT_NOT_FOUND' }
      const job = jobs.expireIfDue(found, now)
      if (!isOpen(job.status) && !jobs.unsafe('late-items')) {
        return { ok: false, code: 'EXPORT_JOB_STATUS_UNPROCESSABLE' }
      }
      const errors: ItemUpdateError[] = []
      const touched = new Map<string, JobItemRecord>()
      for (const update of updates) {
        const outcome = applyItemUpdate(job, update)
        if ('type' in outcome) errors.push(outcome)
        else touched.set(outcome.accountingEntryId, outcome)
      }
      if (touched.size > 0) jobs.write({ ...job, lastUpdatedAt: now }, job.status)
      return { ok: true, value: { data: [...touched.values()], errors } }
    },
  )

  return {
    /** Inserts the job's items and the entries not stored yet (inside the caller's transaction). */
    insert: (job: JobRecord, entries: ExportItemV3[]): void => {
      entries.forEach((entry, seq) => {
        q.upsertEntry.run({
          id: entry.accountingEntryId,
          companyId: job.companyId,
          payload: JSON.stringify(entry),
        })
        q.insertItem.run({ jobId: job.id, seq, accountingEntryId: entry.accountingEntryId })
      })
    },
    getAccountingEntry: (id: string): StoredEntry | undefined => {
      const row = q.getEntry.get(id) as { company_id: string; payload: string } | undefined
      return row && { companyId: row.company_id, item: JSON.parse(row.payload) as ExportItemV3 }
    },
    updateJobItems: (
      jobId: string,
      companyId: string | undefined,
      updates: UpdateExportJobItemV3[],
      now: number,
    ) => changed(updateJobItems.immediate(jobId, companyId, updates, now)),
    listJobItems: (
      jobId: string,
      status: string | undefined,
      page: PageRequest,
    ): Page<JobItemRecord> => {
      const result = paginate<ItemRow>(
        {
          select: '*',
          from: 'FROM export_job_items WHERE job_id = @jobId AND (@status IS NULL OR status = @status)',
          params: { jobId, status: status ?? null },
        },
        page,
      )
      return { ...result, rows: result.rows.map(itemFromRow) }
    },
    listExportItems: (
      filter: { companyId: string; jobId?: string | undefined },
      page: PageRequest,
    ): Page<ExportItemRow> => {
      const result = paginate<ExportItemJoin>(
        {
          select: `i.job_id AS job_id, i.seq AS seq, e.payload AS payload,
                   i.accounting_entry_id AS entry_id, e.company_id AS entry_company,
                   j.company_id AS job_company, j.created_at AS created_at,
                   j.vendor_based_bookkeeping AS vendor_based_bookkeeping`,
          from: `FROM export_job_items i
                 JOIN export_jobs j ON j.id = i.job_id
                 JOIN accounting_entries e ON e.id = i.accounting_entry_id
                 WHERE j.company_id = @companyId AND (@jobId IS NULL OR i.job_id = @jobId)
                 AND j.status IN ('pending', 'in_progress')`,
          params: { companyId: filter.companyId, jobId: filter.jobId ?? null },
        },
        page,
      )
      const rows = result.rows.map((row) => ({
        jobId: row.job_id,
        position: row.seq,
        item: exportItemOf(row),
      }))
      return { ...result, rows }
    },
  }
}
