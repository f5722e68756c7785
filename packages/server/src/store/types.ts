// The store's interface: synchronous, transactional operations over the fake's state. Routes and
// services depend on this type, never on SQLite, so a test can build one over `:memory:`. The
// records it speaks in live in records.ts (a leaf module, so nothing here imports in a circle).
import type { Trimmed } from './retention.ts'
import type { JobItemRecord, JobRecord, Result, UpdateExportJobItemV3 } from '@fake-pleo/contract'
import type { Page, PageRequest } from './paginate.ts'
import type { OAuthStore } from './oauth-store.ts'
import type {
  ApiKeyRecord,
  Company,
  EventInput,
  EventOutcome,
  EventRefusal,
  ExportItemRow,
  ItemsRefusal,
  ItemsUpdate,
  JobFilter,
  JournalEntry,
  NewApiKey,
  Snapshot,
  StoredEntry,
} from './records.ts'
import type { OutgoingEvent, WebhookStore } from './webhook-store.ts'
import type { ViewQueries } from './view-queries.ts'

export type {
  EventInput,
  EventOutcome,
  EventRefusal,
  ExportItemRow,
  StoredEntry,
} from './records.ts'

export type Store = {
  readonly path: string
  /** Changes whenever the state behind any response may have changed (this or another process). */
  version(): string
  createCompany(company: Company): void
  getCompany(id: string): Company | undefined
  /** Stores the key's SHA-256 hash, never the key. */
  createApiKey(key: NewApiKey, now: number): void
  /** The key's company and scopes: looked up by hash, the hashes compared in constant time. */
  findApiKey(key: string): ApiKeyRecord | undefined
  listApiKeys(companyId: string): ApiKeyRecord[]
  /**
   * Inserts the job, its items and the entries it lists (in order; an id the store has not seen
   * becomes the entry generated for the job at that position, see job-entries.ts) and queues
   * `event`, in one transaction; returns the messages queued.
   */
  insertJob(job: JobRecord, accountingEntryIds: readonly string[], event?: OutgoingEvent): number
  /** Inserts a vendor and its webhook in one transaction. */
  insertVendor(
    vendor: { id: string; companyId: string; payload: string },
    now: number,
    event: OutgoingEvent,
  ): void
  readonly webhooks: WebhookStore
  readonly oauth: OAuthStore
  /** Read-only queries behind the web app's views. */
  readonly views: ViewQueries
  /** An accounting entry's body as its company sees it (links empty, file URLs relative to the
   * fake): generated from its stored origin, or the body stored by an earlier version. */
  getAccountingEntry(accountingEntryId: string): StoredEntry | undefined
  getJob(id: string): JobRecord | undefined
  listJobs(filter: JobFilter, page: PageRequest): Page<JobRecord>
  companyHasJobIn(companyId: string, status: JobRecord['status']): boolean
  /** Expires every open job whose window has closed by `now`; returns the jobs it expired. */
  expireDue(now: number): JobRecord[]
  /** Applies an event atomically; `companyId` scopes it (undefined: any company). */
  applyEvent(input: EventInput, now: number, companyId?: string): Result<EventOutcome, EventRefusal>
  /** Demo of the bug: read, yield, then write without re-checking. Never the default. */
  applyEventUnsafe(
    input: EventInput,
    now: () => number,
    companyId?: string,
  ): Promise<Result<EventOutcome, EventRefusal>>
  listJobItems(jobId: string, status: string | undefined, page: PageRequest): Page<JobItemRecord>
  updateJobItems(
    jobId: string,
    companyId: string | undefined,
    updates: UpdateExportJobItemV3[],
    now: number,
  ): Result<ItemsUpdate, ItemsRefusal>
  listExportItems(
    filter: { companyId: string; jobId?: string | undefined },
    page: PageRequest,
  ): Page<ExportItemRow>
  /** Buffers an entry; it is written with the others of this turn of the event loop (or at once
   * when many are waiting). Every read of the journal, and close, writes them first. */
  appendJournal(entry: Omit<JournalEntry, 'id'>): void
  /** Writes the buffered journal entries now (tests and tools reading the file directly). */
  flushJournal(): void
  listJournal(after: number, limit: number): JournalEntry[]
  getMeta(key: string): string | undefined
  setMeta(key: string, value: string): void
  /** Every row of every state table, journal included, as objects (tests and tools; large). */
  snapshot(): Snapshot
  restore(snapshot: Snapshot): void
  /** Keeps the current state, without the journal, as the baseline a reset returns to. */
  saveBaseline(): void
  /** Brings the state (not the journal) back to the saved baseline; false if none was saved. */
  restoreBaseline(): boolean
  /**
   * With the `retain` option, trims finished jobs, settled webhook messages and vendors to the
   * most recent `retain` of each (also done every 1000 requests); returns what went, or
   * undefined without the option.
   */
  trimRetained(): Trimmed | undefined
  /** Whether any company exists (a seed runs only on an empty database). */
  hasCompanies(): boolean
  close(): void
}
