// The better-sqlite3 store: WAL, busy_timeout, statements prepared once, every multi-statement
// change in one `.immediate()` transaction (no await inside), so a claim is atomic across
// requests and across processes sharing the file. The state machine decides; SQL records.
// The request path stays cheap (decision 0023): journal entries are buffered and written in one
// transaction per turn of the event loop (every read of the journal writes them first), the next
// expiry time and the API keys presented are remembered until a write through this connection or
// another connection's commit (`PRAGMA data_version`) may have changed them.
import { setTimeout as sleep } from 'node:timers/promises'
import { timingSafeEqual } from 'node:crypto'
import Database from 'better-sqlite3'
import {
  expire,
  isDueToExpire,
  isOpen,
  itemError,
  toUtcDateTime,
  transition,
  type ExpiredStatus,
  type ExportItemV3,
  type ItemUpdateError,
  type JobItemRecord,
  type JobRecord,
  type Result,
  type TransitionRules,
  type UnsafeMode,
  type UpdateExportJobItemV3,
} from '@fake-pleo/contract'
import { createBaseline } from './baseline.ts'
import { generatedEntry } from './job-entries.ts'
import { createPaginator } from './paginate.ts'
import { createRetention } from './retention.ts'
import {
  itemFromRow,
  jobFromRow,
  jobToParams,
  journalFromRow,
  type ItemRow,
  type JobRow,
} from './rows.ts'
import { migrate, stateTables } from './schema.ts'
import { createOAuthStore, hashSecret } from './oauth-store.ts'
import { createWebhookStore, type OutgoingEvent } from './webhook-store.ts'
import { createViewQueries } from './view-queries.ts'
import type {
  Company,
  EventInput,
  EventOutcome,
  EventRefusal,
  ItemsRefusal,
  ItemsUpdate,
  JournalEntry,
  NewApiKey,
  Snapshot,
  Store,
} from './types.ts'

export type SqliteStoreOptions = {
  path: string
  expiredStatus: ExpiredStatus
  rules: TransitionRules
  busyTimeoutMs?: number
  /** Keep at most about this many journal entries (the oldest go first). */
  journalLimit?: number
  /** …and about this many bytes of journal text (see `journalRowBytes`). */
  journalMaxBytes?: number
  /**
   * Keep only this many of the most recent finished jobs, settled webhook messages and vendors
   * (trimmed every 1000 requests and on trimRetained); undefined keeps everything.
   */
  retain?: number | undefined
  /** Waits real milliseconds (default a timer): the unsafe claim's window goes through it. */
  sleep?: (ms: number) => Promise<void>
  /** Whether an unsafe mode is on, asked at each change (default: never). */
  unsafe?: (mode: UnsafeMode) => boolean
}

const unsafeWindowMs = 5
/** Journal rows deleted per step when it is over its bytes. */
const journalTrimStep = 16
/** Buffered journal entries written at once, even before the event loop turns. */
const journalBatchMax = 256
/** Presented API keys remembered (found or not); the memory is dropped whole beyond this. */
const keyCacheMax = 1024

type KeyRow = { key_hash: string; company_id: string; scopes: string }

/** Two SHA-256 hex digests compared in constant time (a missing one compares against zeros). */
function sameHash(given: string, stored: string | undefined): boolean {
  const a = Buffer.from(given, 'hex')
  const b = Buffer.from(stored ?? '0'.repeat(64), 'hex')
  return a.length === b.length && timingSafeEqual(a, b) && stored !== undefined
}

/** A caller's own copy of a remembered key record (scopes are an array it could change). */
const copyKey = (record: { companyId: string; scopes: string[] } | undefined) =>
  record && { companyId: record.companyId, scopes: [...record.scopes] }

/** Scopes are stored space-separated; an empty string is a key with no scopes. */
const splitScopes = (text: string): string[] => (text === '' ? [] : text.split(' '))
export function openDatabase(path: string, busyTimeoutMs = 5000): Database.Database {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma(`busy_timeout = ${busyTimeoutMs}`)
  db.pragma('foreign_keys = ON')
  migrate(db)
  return db
}

type ExportItemJoin = {
  job_id: string
  seq: number
  payload: string
  entry_id: string
  entry_company: string
  job_company: string
  created_at: number
  vendor_based_bookkeeping: number
}

/** The stored entry, or, for an id another company holds, the entry generated for this job's
 * company (what the job would hold had the id been unknown): never the other company's data. */
function exportItemOf(row: ExportItemJoin): ExportItemV3 {
  if (row.entry_company === row.job_company) return JSON.parse(row.payload) as ExportItemV3
  const job = {
    companyId: row.job_company,
    createdAt: row.created_at,
    vendorBasedBookkeeping: row.vendor_based_bookkeeping === 1,
  }
  return generatedEntry(job, row.entry_id, row.seq)
}

export function createSqliteStore(options: SqliteStoreOptions): Store {
  const db = openDatabase(options.path, options.busyTimeoutMs)
  const paginate = createPaginator(db)
  const baseline = createBaseline(db)
  const trimTo = createRetention(db)
  const trimRetained = () =>
    options.retain === undefined ? undefined : changed(trimTo(options.retain))
  const dataVersion = db.prepare('PRAGMA data_version').pluck()
  /** Bumped by every change made through this connection (other connections: data_version). */
  let mutations = 0
  let journaled = 0
  const journalLimit = options.journalLimit ?? 100_000
  const journalMaxBytes = options.journalMaxBytes ?? 16 * 1024 * 1024
  const webhooks = createWebhookStore(db, () => {
    mutations++
  })
  const oauth = createOAuthStore(db, () => {
    mutations++
  })
  const changed = <T>(value: T): T => {
    mutations++
    return value
  }
  const q = {
    insertCompany: db.prepare(
      'INSERT INTO companies (id, name, contra_accounts_missing, created_at) VALUES (@id, @name, @missing, @createdAt)',
    ),
    getCompany: db.prepare('SELECT * FROM companies WHERE id = ?'),
    anyCompany: db.prepare('SELECT 1 FROM companies LIMIT 1'),
    insertKey: db.prepare(
      `INSERT INTO api_keys (key_hash, company_id, scopes, created_at)
       VALUES (@keyHash, @companyId, @scopes, @createdAt)`,
    ),
    findKey: db.prepare('SELECT * FROM api_keys WHERE key_hash = ?'),
    keysOf: db.prepare('SELECT * FROM api_keys WHERE company_id = ? ORDER BY created_at, key_hash'),
    upsertEntry: db.prepare(
      `INSERT INTO accounting_entries (id, company_id, payload) VALUES (@id, @companyId, @payload)
       ON CONFLICT (id) DO NOTHING`,
    ),
    entryOf: db.prepare('SELECT company_id FROM accounting_entries WHERE id = ?'),
    getEntry: db.prepare('SELECT company_id, payload FROM accounting_entries WHERE id = ?'),
    insertJob: db.prepare(
      `INSERT INTO export_jobs (id, company_id, status, created_at, created_by, started_at,
         completed_at, last_updated_at, expires_in, expires_at, expired_at, failure_reason,
         failure_reason_type, is_interactive, number_of_items, vendor_based_bookkeeping)
       VALUES (@id, @company_id, @status, @created_at, @created_by, @started_at,
         @completed_at, @last_updated_at, @expires_in, @expires_at, @expired_at, @failure_reason,
         @failure_reason_type, @is_interactive, @number_of_items, @vendor_based_bookkeeping)`,
    ),
    insertItem: db.prepare(
      `INSERT INTO export_job_items (job_id, seq, accounting_entry_id, status)
       VALUES (@jobId, @seq, @accountingEntryId, 'pending')`,
    ),
    getJob: db.prepare('SELECT * FROM export_jobs WHERE id = ?'),
    writeJob: db.prepare(
      `UPDATE export_jobs SET status = @status, started_at = @started_at, completed_at = @completed_at,
         last_updated_at = @last_updated_at, expires_at = @expires_at, expired_at = @expired_at,
         failure_reason = @failure_reason, failure_reason_type = @failure_reason_type
       WHERE id = @id AND status = @expected`,
    ),
    overwriteJob: db.prepare(
      `UPDATE export_jobs SET status = @status, started_at = @started_at, completed_at = @completed_at,
         last_updated_at = @last_updated_at, expires_at = @expires_at, expired_at = @expired_at,
         failure_reason = @failure_reason, failure_reason_type = @failure_reason_type
       WHERE id = @id`,
    ),
    hasJobIn: db.prepare('SELECT 1 FROM export_jobs WHERE company_id = ? AND status = ? LIMIT 1'),
    anyDue: db.prepare(
      `SELECT 1 FROM export_jobs WHERE status IN ('pending', 'in_progress') AND expires_at <= ? LIMIT 1`,
    ),
    due: db.prepare(
      `SELECT * FROM export_jobs WHERE status IN ('pending', 'in_progress') AND expires_at <= ?`,
    ),
    abandonItems: db.prepare(
      `UPDATE export_job_items SET status = 'abandoned' WHERE job_id = ? AND status IN ('pending', 'in_progress')`,
    ),
    getItem: db.prepare(
      'SELECT * FROM export_job_items WHERE job_id = ? AND accounting_entry_id = ?',
    ),
    writeItem: db.prepare(
      `UPDATE export_job_items SET status = @status, exported_at = @exported_at, external_id = @external_id,
         external_url = @external_url, failure_reason = @failure_reason, failure_reason_type = @failure_reason_type
       WHERE job_id = @job_id AND accounting_entry_id = @accounting_entry_id`,
    ),
    appendJournal: db.prepare(
      `INSERT INTO journal (at, method, path, query, status, company_id, job_id, event, fault, alias, duration_ms)
       VALUES (@at, @method, @path, @query, @status, @companyId, @jobId, @event, @fault, @alias, @durationMs)`,
    ),
    nextExpiry: db
      .prepare(`SELECT MIN(expires_at) FROM export_jobs WHERE status IN ('pending', 'in_progress')`)
      .pluck(),
    listJournal: db.prepare('SELECT * FROM journal WHERE id > ? ORDER BY id LIMIT ?'),
    pruneJournal: db
      .prepare(
        `DELETE FROM journal WHERE id <= (SELECT MAX(id) FROM journal) - ?
         RETURNING ${journalRowBytesSql}`,
      )
      .pluck(),
    journalBytes: db.prepare(`SELECT COALESCE(SUM(${journalRowBytesSql}), 0) FROM journal`).pluck(),
    // Deletes the oldest few entries (the parameter: how many) and returns their bytes.
    dropOldestJournal: db
      .prepare(
        `DELETE FROM journal WHERE id IN (SELECT id FROM journal ORDER BY id LIMIT ?)
         RETURNING ${journalRowBytesSql}`,
      )
      .pluck(),
    getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare(
      `INSERT INTO meta (key, value) VALUES (@key, @value)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),
  }

  /** Journal bytes as this connection counts them: recounted (a scan of the whole journal) only
   * when another connection has written to the file since the last count. */
  let journalBytes = q.journalBytes.get() as number
  let countedAt = dataVersion.get() as number
  /** Drops the oldest entries, a few at a time, until the journal is within its bytes again: each
   * step is small, so no request waits on a large delete (one of `journalTrimStep` 2 KB rows
   * takes well under a millisecond; a single delete of 10% of a 16 MiB journal took 20–35 ms). */
  const pruneJournalBytes = (): void => {
    while (journalBytes > journalMaxBytes) {
      const dropped = q.dropOldestJournal.all(journalTrimStep) as number[]
      if (dropped.length === 0) break
      for (const bytes of dropped) journalBytes -= bytes
    }
  }

  /** Journal entries not yet written (see flushJournal). */
  let unwritten: Omit<JournalEntry, 'id'>[] = []
  let flushQueued = false
  const insertJournal = db.transaction((entries: Omit<JournalEntry, 'id'>[]) => {
    for (const e of entries) {
      q.appendJournal.run({
        at: e.at,
        method: e.method,
        path: e.path,
        query: e.query,
        status: e.status,
        companyId: e.companyId,
        jobId: e.jobId,
        event: e.event,
        fault: e.fault,
        alias: e.alias,
        durationMs: e.durationMs,
      })
    }
  })
  /** Writes the buffered journal entries in one transaction, then keeps the journal within its
   * row limit and bytes (and, every 1000 entries, trims what `retain` says). */
  const flushJournal = (): void => {
    if (unwritten.length === 0) return
    const entries = unwritten
    unwritten = []
    try {
      insertJournal.immediate(entries)
    } catch (error) {
      // Kept for the next flush (a busy database); a reader that flushes sees the error.
      unwritten = entries.concat(unwritten)
      throw error
    }
    for (const entry of entries) {
      journalBytes += journalRowBytes(entry)
      if (++journaled % 1000 === 0) {
        for (const bytes of q.pruneJournal.all(journalLimit) as number[]) journalBytes -= bytes
        const version = dataVersion.get() as number
        if (version !== countedAt) {
          countedAt = version
          journalBytes = q.journalBytes.get() as number
        }
        trimRetained()
      }
    }
    if (journalBytes > journalMaxBytes) pruneJournalBytes()
  }
  const flushSoon = () => {
    flushQueued = false
    try {
      flushJournal()
    } catch {
      // Left buffered: the next append queues another flush, and a read of the journal retries.
    }
  }

  /** The earliest expires_at of an open job, as of this connection's `mutations` and the file's
   * `data_version` when it was read. */
  let nextExpiry: number | null = null
  let expiryMutations = -1
  let expiryDataVersion = -1
  /** Presented API key → its record (undefined: unknown), valid while keysAt holds. */
  const keyCache = new Map<string, { companyId: string; scopes: string[] } | undefined>()
  /** Bumped by every write that can change API keys (creation, restore, reset). */
  let keyWrites = 0
  let keysAt = ''

  const unsafe = options.unsafe ?? (() => false)
  /** The transition rules now, with the rule-breaking unsafe modes folded in. */
  const rules = () => ({
    ...options.rules,
    finalAfterEnd: unsafe('second-final'),
    ignoreExpiry: unsafe('no-expiry'),
  })

  const readJob = (id: string): JobRecord | undefined => {
    const row = q.getJob.get(id) as JobRow | undefined
    return row ? jobFromRow(row) : undefined
  }

  /** Writes `next` only if the row still has `expected` status; returns whether it did. */
  const writeJob = (next: JobRecord, expected: JobRecord['status']): boolean =>
    q.writeJob.run({ ...jobToParams(next), expected }).changes === 1

  const settleItems = (job: JobRecord): void => {
    if (job.status === 'failed' || job.status === 'expired') q.abandonItems.run(job.id)
  }

  /** Inside a transaction: expire the job if its window has closed. */
  const expireIfDue = (job: JobRecord, now: number): JobRecord => {
    if (unsafe('no-expiry') || !isDueToExpire(job, now)) return job
    const expired = expire(job, options.expiredStatus)
    writeJob(expired, job.status)
    q.abandonItems.run(job.id)
    return expired
  }

  const findScopedJob = (id: string, companyId: string | undefined): JobRecord | undefined => {
    const job = readJob(id)
    return job && (companyId === undefined || job.companyId === companyId) ? job : undefined
  }

  const applyEvent = db.transaction(
    (input: EventInput, now: number, companyId?: string): Result<EventOutcome, EventRefusal> => {
      const found = findScopedJob(input.jobId, companyId)
      if (!found) return { ok: false, code: 'EXPORT_NOT_FOUND' }
      const before = expireIfDue(found, now)
      const next = transition(before, input, now, rules())
      if (!next.ok) return next
      if (!writeJob(next.value, before.status))
        return { ok: false, code: 'INVALID_EXPORT_JOB_STATUS_CHANGE' }
      settleItems(next.value)
      return { ok: true, value: { before, after: next.value } }
    },
  )

  const expireDue = db.transaction((now: number): JobRecord[] => {
    const rows = q.due.all(now) as JobRow[]
    return rows.map((row) => expireIfDue(jobFromRow(row), now))
  })

  const updateJobItems = db.transaction(
    (
      jobId: string,
      companyId: string | undefined,
      updates: UpdateExportJobItemV3[],
      now: number,
    ): Result<ItemsUpdate, ItemsRefusal> => {
      const found = findScopedJob(jobId, companyId)
      if (!found) return { ok: false, code: 'EXPORT_NOT_FOUND' }
      const job = expireIfDue(found, now)
      if (!isOpen(job.status) && !unsafe('late-items')) {
        return { ok: false, code: 'EXPORT_JOB_STATUS_UNPROCESSABLE' }
      }
      const errors: ItemUpdateError[] = []
      const touched = new Map<string, JobItemRecord>()
      for (const update of updates) {
        const outcome = applyItemUpdate(job, update)
        if ('type' in outcome) errors.push(outcome)
        else touched.set(outcome.accountingEntryId, outcome)
      }
      if (touched.size > 0) writeJob({ ...job, lastUpdatedAt: now }, job.status)
      return { ok: true, value: { data: [...touched.values()], errors } }
    },
  )

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

  const insertJob = db.transaction(
    (job: JobRecord, entries: ExportItemV3[], event: OutgoingEvent | undefined) => {
      q.insertJob.run(jobToParams(job))
      entries.forEach((entry, seq) => {
        q.upsertEntry.run({
          id: entry.accountingEntryId,
          companyId: job.companyId,
          payload: JSON.stringify(entry),
        })
        q.insertItem.run({ jobId: job.id, seq, accountingEntryId: entry.accountingEntryId })
      })
      return event ? webhooks.enqueue(event, job.createdAt) : 0
    },
  )

  const insertVendor = db.transaction(
    (
      vendor: { id: string; companyId: string; payload: string },
      now: number,
      event: OutgoingEvent,
    ) => {
      webhooks.insertVendor(vendor.id, vendor.companyId, vendor.payload, now)
      webhooks.enqueue(event, now)
    },
  )

  const restore = db.transaction((snapshot: Snapshot) => {
    for (const table of [...stateTables].reverse()) db.prepare(`DELETE FROM ${table}`).run()
    for (const table of stateTables) {
      for (const row of snapshot[table] ?? []) {
        const columns = Object.keys(row)
        db.prepare(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
        ).run(row)
      }
    }
  })

  const restoreBaseline = db.transaction(() => baseline.restore())

  return {
    path: options.path,
    version: () => `${mutations}:${dataVersion.get() as number}`,
    createCompany: (company: Company) =>
      void changed(q.insertCompany).run({
        id: company.id,
        name: company.name,
        missing: company.contraAccountsMissing ? 1 : 0,
        createdAt: company.createdAt,
      }),
    getCompany: (id) => {
      const row = q.getCompany.get(id) as
        | { id: string; name: string; contra_accounts_missing: number; created_at: number }
        | undefined
      return row
        ? {
            id: row.id,
            name: row.name,
            contraAccountsMissing: row.contra_accounts_missing === 1,
            createdAt: row.created_at,
          }
        : undefined
    },
    createApiKey: (key: NewApiKey, now) => {
      keyWrites++
      void changed(q.insertKey).run({
        keyHash: hashSecret(key.key),
        companyId: key.companyId,
        scopes: key.scopes.join(' '),
        createdAt: now,
      })
    },
    findApiKey: (key) => {
      const at = `${keyWrites}:${dataVersion.get() as number}`
      if (at !== keysAt) {
        keyCache.clear()
        keysAt = at
      }
      if (keyCache.has(key)) return copyKey(keyCache.get(key))
      const hash = hashSecret(key)
      const row = q.findKey.get(hash) as KeyRow | undefined
      const found =
        sameHash(hash, row?.key_hash) && row
          ? { companyId: row.company_id, scopes: splitScopes(row.scopes) }
          : undefined
      if (keyCache.size >= keyCacheMax) keyCache.clear()
      keyCache.set(key, found)
      return copyKey(found)
    },
    listApiKeys: (companyId) =>
      (q.keysOf.all(companyId) as KeyRow[]).map((row) => ({
        companyId: row.company_id,
        scopes: splitScopes(row.scopes),
      })),
    insertJob: (job, entries, event) => changed(insertJob.immediate)(job, entries, event),
    insertVendor: (vendor, now, event) => changed(insertVendor.immediate)(vendor, now, event),
    webhooks,
    oauth,
    views: createViewQueries(db, flushJournal),
    getAccountingEntry: (id) => {
      const row = q.getEntry.get(id) as { company_id: string; payload: string } | undefined
      return row && { companyId: row.company_id, item: JSON.parse(row.payload) as ExportItemV3 }
    },
    getJob: readJob,
    listJobs: (filter, page) => {
      const result = paginate<JobRow>(
        {
          select: '*',
          from: `FROM export_jobs WHERE company_id = @companyId
                 AND (@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))`,
          params: {
            companyId: filter.companyId,
            statuses: filter.statuses ? JSON.stringify(filter.statuses) : null,
          },
        },
        page,
      )
      return { ...result, rows: result.rows.map(jobFromRow) }
    },
    companyHasJobIn: (companyId, status) => q.hasJobIn.get(companyId, status) !== undefined,
    expireDue: (now) => {
      if (unsafe('no-expiry')) return []
      // O(1) while nothing can be due: the earliest expiry is re-read only after a write.
      const version = dataVersion.get() as number
      if (mutations !== expiryMutations || version !== expiryDataVersion) {
        nextExpiry = q.nextExpiry.get() as number | null
        expiryMutations = mutations
        expiryDataVersion = version
      }
      if (nextExpiry === null || now < nextExpiry) return []
      if (q.anyDue.get(now) === undefined) return []
      return changed(expireDue.immediate(now))
    },
    applyEvent: (input, now, companyId) => changed(applyEvent.immediate(input, now, companyId)),
    applyEventUnsafe: async (input, now, companyId) => {
      const found = findScopedJob(input.jobId, companyId)
      if (!found) return { ok: false, code: 'EXPORT_NOT_FOUND' }
      const next = transition(found, input, now(), rules())
      if (!next.ok) return next
      // The window a check-then-act server leaves open: another request reads the same state.
      await (options.sleep ?? sleep)(unsafeWindowMs)
      // …and writes without re-checking: the bug an atomic claim prevents.
      changed(q.overwriteJob).run(jobToParams(next.value))
      settleItems(next.value)
      return { ok: true, value: { before: found, after: next.value } }
    },
    listJobItems: (jobId, status, page) => {
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
    updateJobItems: (jobId, companyId, updates, now) =>
      changed(updateJobItems.immediate(jobId, companyId, updates, now)),
    listExportItems: (filter, page) => {
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
    appendJournal: (entry) => {
      unwritten.push(entry)
      // Every 1000th entry is written at once, so the journal's row limit and `retain` are
      // applied on that request, as before entries were buffered.
      if (unwritten.length >= journalBatchMax || (journaled + unwritten.length) % 1000 === 0) {
        flushJournal()
      } else if (!flushQueued) {
        flushQueued = true
        setImmediate(flushSoon)
      }
    },
    flushJournal,
    listJournal: (after, limit) => {
      flushJournal()
      return (q.listJournal.all(after, limit) as Record<string, unknown>[]).map(journalFromRow)
    },
    getMeta: (key) => (q.getMeta.get(key) as { value: string } | undefined)?.value,
    setMeta: (key, value) => void q.setMeta.run({ key, value }),
    snapshot: () => {
      flushJournal()
      return Object.fromEntries(
        stateTables.map((table) => [
          table,
          db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[],
        ]),
      )
    },
    restore: (snapshot) => {
      flushJournal()
      keyWrites++
      return changed(restore.immediate(snapshot))
    },
    saveBaseline: () => baseline.save(),
    restoreBaseline: () => {
      keyWrites++
      return changed(restoreBaseline.immediate())
    },
    trimRetained,
    hasCompanies: () => q.anyCompany.get() !== undefined,
    close: () => {
      if (!db.open) return
      try {
        flushJournal()
      } finally {
        db.close()
      }
    },
  }
}

/** What a journal row is counted as: its text columns plus a fixed share for the rest. */
const journalRowOverhead = 64
const journalRowBytesSql = `(length(method) + length(path) + length(query)
  + COALESCE(length(company_id), 0) + COALESCE(length(job_id), 0) + COALESCE(length(event), 0)
  + COALESCE(length(fault), 0) + COALESCE(length(alias), 0) + ${journalRowOverhead})`

export function journalRowBytes(entry: Omit<JournalEntry, 'id'>): number {
  const texts = [entry.method, entry.path, entry.query, entry.companyId, entry.jobId, entry.event]
  texts.push(entry.fault, entry.alias)
  return texts.reduce((sum, text) => sum + (text?.length ?? 0), journalRowOverhead)
}
