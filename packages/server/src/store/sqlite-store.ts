// The better-sqlite3 store: WAL, busy_timeout, statements prepared once, every multi-statement
// change in one `.immediate()` transaction (no await inside), so a claim is atomic across
// requests and across processes sharing the file. The state machine decides; SQL records.
// This module opens the database and composes the store from its parts, each over the same
// connection and change count (store-context.ts): companies and keys (company-store.ts), jobs
// (job-store.ts), their items and accounting entries (item-store.ts), the request journal
// (journal-store.ts), snapshots and the reset baseline (state-snapshots.ts), webhooks and OAuth.
// The request path stays cheap (decision 0023): see each part for what it remembers.
import Database from 'better-sqlite3'
import type { JobRecord } from '@fake-pleo/contract'
import { createCompanyStore } from './company-store.ts'
import { createItemStore } from './item-store.ts'
import { createJobStore, type JobOptions } from './job-store.ts'
import { createJournalStore, type JournalOptions } from './journal-store.ts'
import { createOAuthStore } from './oauth-store.ts'
import { createPaginator } from './paginate.ts'
import { createRetention } from './retention.ts'
import { migrate } from './schema.ts'
import { createStateSnapshots } from './state-snapshots.ts'
import { createStoreContext } from './store-context.ts'
import type { Store } from './types.ts'
import { createViewQueries } from './view-queries.ts'
import { createWebhookStore, type OutgoingEvent } from './webhook-store.ts'

export type SqliteStoreOptions = JobOptions &
  JournalOptions & {
    path: string
    busyTimeoutMs?: number
    /**
     * Keep only this many of the most recent finished jobs, settled webhook messages and vendors
     * (trimmed every 1000 requests and on trimRetained); undefined keeps everything.
     */
    retain?: number | undefined
  }

function openDatabase(path: string, busyTimeoutMs = 5000): Database.Database {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma(`busy_timeout = ${busyTimeoutMs}`)
  db.pragma('foreign_keys = ON')
  migrate(db)
  return db
}

export function createSqliteStore(options: SqliteStoreOptions): Store {
  const db = openDatabase(options.path, options.busyTimeoutMs)
  const ctx = createStoreContext(db)
  const { changed } = ctx
  const paginate = createPaginator(db)
  const trimTo = createRetention(db)
  const trimRetained = () =>
    options.retain === undefined ? undefined : changed(trimTo(options.retain))
  const countChange = () => void changed(undefined)
  const webhooks = createWebhookStore(db, countChange)
  const oauth = createOAuthStore(db, countChange)
  const companies = createCompanyStore(ctx)
  const jobs = createJobStore(ctx, paginate, options)
  const items = createItemStore(ctx, paginate, jobs)
  const journal = createJournalStore(ctx, options, trimRetained)
  const state = createStateSnapshots(ctx, {
    beforeRead: journal.flush,
    restored: companies.keysChanged,
  })
  const meta = {
    get: db.prepare('SELECT value FROM meta WHERE key = ?'),
    set: db.prepare(
      `INSERT INTO meta (key, value) VALUES (@key, @value)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),
  }

  const insertJob = db.transaction(
    (job: JobRecord, accountingEntryIds: readonly string[], event: OutgoingEvent | undefined) => {
      jobs.insert(job)
      items.insert(job, accountingEntryIds)
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

  return {
    path: options.path,
    version: () => `${ctx.mutations()}:${ctx.dataVersion()}`,
    createCompany: companies.createCompany,
    getCompany: companies.getCompany,
    createApiKey: companies.createApiKey,
    findApiKey: companies.findApiKey,
    listApiKeys: companies.listApiKeys,
    hasCompanies: companies.hasCompanies,
    insertJob: (job, accountingEntryIds, event) =>
      changed(insertJob.immediate)(job, accountingEntryIds, event),
    insertVendor: (vendor, now, event) => changed(insertVendor.immediate)(vendor, now, event),
    webhooks,
    oauth,
    views: createViewQueries(db, journal.flush),
    getAccountingEntry: items.getAccountingEntry,
    getJob: jobs.read,
    listJobs: jobs.list,
    companyHasJobIn: jobs.companyHasJobIn,
    expireDue: jobs.expireDue,
    applyEvent: jobs.applyEvent,
    applyEventUnsafe: jobs.applyEventUnsafe,
    listJobItems: items.listJobItems,
    updateJobItems: items.updateJobItems,
    listExportItems: items.listExportItems,
    appendJournal: journal.append,
    flushJournal: journal.flush,
    listJournal: journal.list,
    getMeta: (key) => (meta.get.get(key) as { value: string } | undefined)?.value,
    setMeta: (key, value) => void meta.set.run({ key, value }),
    snapshot: state.snapshot,
    restore: state.restore,
    saveBaseline: state.saveBaseline,
    restoreBaseline: state.restoreBaseline,
    trimRetained,
    close: () => {
      if (!db.open) return
      try {
        journal.flush()
      } finally {
        db.close()
      }
    },
  }
}
