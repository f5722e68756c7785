// Export jobs: their rows, the events that move them (a claim is one conditional UPDATE inside an
// `.immediate()` transaction, so only one of two racing claims wins), expiry (an open job whose
// window has closed is expired by the next change or sweep that sees it, its unfinished items
// abandoned) and the job lists. The earliest open expiry is remembered until a write through this
// connection or another connection's commit may have moved it (decision 0023).
import { setTimeout as sleep } from 'node:timers/promises'
import {
  expire,
  isDueToExpire,
  transition,
  type ExpiredStatus,
  type JobRecord,
  type Result,
  type TransitionRules,
  type UnsafeMode,
} from '@fake-pleo/contract'
import type { Page, PageRequest, PageSource, Paginator } from './paginate.ts'
import { jobFromRow, jobToParams, type JobRow } from './rows.ts'
import type { EventInput, EventOutcome, EventRefusal, JobFilter } from './records.ts'
import type { StoreContext } from './store-context.ts'
import { objectRows } from './object-rows.ts'

export type JobOptions = {
  expiredStatus: ExpiredStatus
  rules: TransitionRules
  /** Waits real milliseconds (default a timer): the unsafe claim's window goes through it. */
  sleep?: ((ms: number) => Promise<void>) | undefined
  /** Whether an unsafe mode is on, asked at each change (default: never). */
  unsafe?: ((mode: UnsafeMode) => boolean) | undefined
}

const unsafeWindowMs = 5

/** Jobs remembered by `read` between changes. */
const rememberedJobsMax = 1024

export type JobStore = ReturnType<typeof createJobStore>

/**
 * The rows a job list reads. Statuses are bound one parameter each (`status IN (@s0, @s1)`), a
 * shape per count of distinct statuses: not `@statuses IS NULL OR …`, which kept SQLite from
 * searching the (company_id, status) index by status (every list read all of the company's jobs),
 * and not `IN (SELECT value FROM json_each(@statuses))`, which added ≈ 150 µs to a sorted page of
 * five pending jobs (≈ 170 µs against ≈ 27 µs; at fifty the rows' own cost dominates either way).
 */
function jobSource(filter: JobFilter): PageSource {
  if (!filter.statuses)
    return {
      select: '*',
      from: 'FROM export_jobs WHERE company_id = @companyId',
      params: { companyId: filter.companyId },
    }
  const statuses = [...new Set(filter.statuses)] // none: `IN ()`, no rows, as asked
  const params: Record<string, unknown> = { companyId: filter.companyId }
  statuses.forEach((status, i) => (params[`s${i}`] = status))
  const list = statuses.map((_, i) => `@s${i}`).join(', ')
  return {
    select: '*',
    from: `FROM export_jobs WHERE company_id = @companyId AND status IN (${list})`,
    params,
  }
}

export function createJobStore(ctx: StoreContext, paginate: Paginator, options: JobOptions) {
  const { db, changed } = ctx
  const q = {
    insert: db.prepare(
      `INSERT INTO export_jobs (id, company_id, status, created_at, created_by, started_at,
         completed_at, last_updated_at, expires_in, expires_at, expired_at, failure_reason,
         failure_reason_type, is_interactive, number_of_items, vendor_based_bookkeeping)
       VALUES (@id, @company_id, @status, @created_at, @created_by, @started_at,
         @completed_at, @last_updated_at, @expires_in, @expires_at, @expired_at, @failure_reason,
         @failure_reason_type, @is_interactive, @number_of_items, @vendor_based_bookkeeping)`,
    ),
    get: objectRows<JobRow>(db.prepare('SELECT * FROM export_jobs WHERE id = ?')),
    write: db.prepare(
      `UPDATE export_jobs SET status = @status, started_at = @started_at, completed_at = @completed_at,
         last_updated_at = @last_updated_at, expires_at = @expires_at, expired_at = @expired_at,
         failure_reason = @failure_reason, failure_reason_type = @failure_reason_type
       WHERE id = @id AND status = @expected`,
    ),
    overwrite: db.prepare(
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
    nextExpiry: db
      .prepare(`SELECT MIN(expires_at) FROM export_jobs WHERE status IN ('pending', 'in_progress')`)
      .pluck(),
    abandonItems: db.prepare(
      `UPDATE export_job_items SET status = 'abandoned' WHERE job_id = ? AND status IN ('pending', 'in_progress')`,
    ),
  }

  /** The earliest expires_at of an open job, as of this connection's `mutations` and the file's
   * `data_version` when it was read. */
  let nextExpiry: number | null = null
  let expiryMutations = -1
  let expiryDataVersion = -1

  const unsafe = options.unsafe ?? (() => false)
  /** The transition rules now, with the rule-breaking unsafe modes folded in. */
  const rules = () => ({
    ...options.rules,
    finalAfterEnd: unsafe('second-final'),
    ignoreExpiry: unsafe('no-expiry'),
  })

  /** Jobs read outside a transaction, as of this connection's `mutations` and the file's
   * `data_version` when they were read (decision 0030): every write to a job goes through this
   * connection's change count or is another connection's commit, so while both are unchanged
   * the row is unchanged. At most `rememberedJobsMax`, then forgotten whole. */
  const remembered = new Map<string, JobRecord>()
  let rememberedMutations = -1
  let rememberedDataVersion = -1

  const read = (id: string): JobRecord | undefined => {
    // Inside a transaction the row may be about to change before the change is counted.
    if (db.inTransaction) {
      const row = q.get.get(id)
      return row ? jobFromRow(row) : undefined
    }
    const version = ctx.dataVersion()
    if (ctx.mutations() !== rememberedMutations || version !== rememberedDataVersion) {
      remembered.clear()
      rememberedMutations = ctx.mutations()
      rememberedDataVersion = version
    }
    const known = remembered.get(id)
    // A copy: callers own what they are given.
    if (known) return { ...known }
    const row = q.get.get(id)
    if (!row) return undefined
    const job = jobFromRow(row)
    if (remembered.size >= rememberedJobsMax) remembered.clear()
    remembered.set(id, job)
    return { ...job }
  }

  /** Writes `next` only if the row still has `expected` status; returns whether it did. */
  const write = (next: JobRecord, expected: JobRecord['status']): boolean =>
    q.write.run({ ...jobToParams(next), expected }).changes === 1

  const settleItems = (job: JobRecord): void => {
    if (job.status === 'failed' || job.status === 'expired') q.abandonItems.run(job.id)
  }

  /** Inside a transaction: expire the job if its window has closed. */
  const expireIfDue = (job: JobRecord, now: number): JobRecord => {
    if (unsafe('no-expiry') || !isDueToExpire(job, now)) return job
    const expired = expire(job, options.expiredStatus)
    write(expired, job.status)
    q.abandonItems.run(job.id)
    return expired
  }

  const findScoped = (id: string, companyId: string | undefined): JobRecord | undefined => {
    const job = read(id)
    return job && (companyId === undefined || job.companyId === companyId) ? job : undefined
  }

  const applyEvent = db.transaction(
    (input: EventInput, now: number, companyId?: string): Result<EventOutcome, EventRefusal> => {
      const found = findScoped(input.jobId, companyId)
      if (!found) return { ok: false, code: 'EXPORT_NOT_FOUND' }
      const before = expireIfDue(found, now)
      const next = transition(before, input, now, rules())
      if (!next.ok) return next
      if (!write(next.value, before.status))
        return { ok: false, code: 'INVALID_EXPORT_JOB_STATUS_CHANGE' }
      settleItems(next.value)
      return { ok: true, value: { before, after: next.value } }
    },
  )

  const expireDue = db.transaction((now: number): JobRecord[] => {
    const rows = q.due.all(now) as JobRow[]
    return rows.map((row) => expireIfDue(jobFromRow(row), now))
  })

  return {
    /** Inserts the job's row (inside the caller's transaction). */
    insert: (job: JobRecord) => void q.insert.run(jobToParams(job)),
    read,
    write,
    expireIfDue,
    findScoped,
    /** Whether an unsafe mode is on now. */
    unsafe,
    list: (filter: JobFilter, page: PageRequest): Page<JobRecord> => {
      const result = paginate<JobRow>(jobSource(filter), page)
      return { ...result, rows: result.rows.map(jobFromRow) }
    },
    companyHasJobIn: (companyId: string, status: JobRecord['status']) =>
      q.hasJobIn.get(companyId, status) !== undefined,
    expireDue: (now: number): JobRecord[] => {
      if (unsafe('no-expiry')) return []
      // O(1) while nothing can be due: the earliest expiry is re-read only after a write.
      const version = ctx.dataVersion()
      if (ctx.mutations() !== expiryMutations || version !== expiryDataVersion) {
        nextExpiry = q.nextExpiry.get() as number | null
        expiryMutations = ctx.mutations()
        expiryDataVersion = version
      }
      if (nextExpiry === null || now < nextExpiry) return []
      if (q.anyDue.get(now) === undefined) return []
      return changed(expireDue.immediate(now))
    },
    applyEvent: (input: EventInput, now: number, companyId?: string) =>
      changed(applyEvent.immediate(input, now, companyId)),
    applyEventUnsafe: async (
      input: EventInput,
      now: () => number,
      companyId?: string,
    ): Promise<Result<EventOutcome, EventRefusal>> => {
      const found = findScoped(input.jobId, companyId)
      if (!found) return { ok: false, code: 'EXPORT_NOT_FOUND' }
      const next = transition(found, input, now(), rules())
      if (!next.ok) return next
      // The window a check-then-act server leaves open: another request reads the same state.
      await (options.sleep ?? sleep)(unsafeWindowMs)
      // …and writes without re-checking: the bug an atomic claim prevents.
      changed(q.overwrite).run(jobToParams(next.value))
      settleItems(next.value)
      return { ok: true, value: { before: found, after: next.value } }
    },
  }
}
