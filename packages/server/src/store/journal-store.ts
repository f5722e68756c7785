// The request journal's part of the store (decision 0023): entries are buffered and written in
// one transaction per turn of the event loop (at once when many wait, and on every 1000th entry
// so the row limit and `retain` apply on that request); every read writes them first. The
// journal is kept within a row limit and a byte budget, trimmed a few rows at a time.
import { journalFromRow } from './rows.ts'
import type { JournalEntry } from './records.ts'
import type { StoreContext } from './store-context.ts'
import { objectRows } from './object-rows.ts'

export type JournalOptions = {
  /** Keep at most about this many entries (the oldest go first). */
  journalLimit?: number | undefined
  /** …and about this many bytes of journal text (see `journalRowBytes`). */
  journalMaxBytes?: number | undefined
}

export type JournalStore = {
  append(entry: Omit<JournalEntry, 'id'>): void
  flush(): void
  list(after: number, limit: number): JournalEntry[]
}

/** Journal rows deleted per step when it is over its bytes. */
const journalTrimStep = 16
/** Buffered journal entries written at once, even before the event loop turns. */
const journalBatchMax = 256

const journalColumns =
  '(at, method, path, query, status, company_id, job_id, event, fault, alias, duration_ms)'
const journalRow = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
/** Journal rows written by one INSERT when that many wait. */
const rowsPerInsert = 16

function pushRow(values: unknown[], e: Omit<JournalEntry, 'id'>): void {
  values.push(e.at, e.method, e.path, e.query, e.status, e.companyId, e.jobId, e.event)
  values.push(e.fault, e.alias, e.durationMs)
}

/** What a journal row is counted as: its text columns plus a fixed share for the rest. */
const journalRowOverhead = 64
const journalRowBytesSql = `(length(method) + length(path) + length(query)
  + COALESCE(length(company_id), 0) + COALESCE(length(job_id), 0) + COALESCE(length(event), 0)
  + COALESCE(length(fault), 0) + COALESCE(length(alias), 0) + ${journalRowOverhead})`

export function journalRowBytes(entry: Omit<JournalEntry, 'id'>): number {
  return (
    journalRowOverhead +
    entry.method.length +
    entry.path.length +
    entry.query.length +
    (entry.companyId?.length ?? 0) +
    (entry.jobId?.length ?? 0) +
    (entry.event?.length ?? 0) +
    (entry.fault?.length ?? 0) +
    (entry.alias?.length ?? 0)
  )
}

/** `trimRetained` runs every 1000 entries (the `retain` option's trim). */
export function createJournalStore(
  ctx: StoreContext,
  options: JournalOptions,
  trimRetained: () => void,
): JournalStore {
  const { db } = ctx
  const journalLimit = options.journalLimit ?? 100_000
  const journalMaxBytes = options.journalMaxBytes ?? 16 * 1024 * 1024
  const q = {
    append: db.prepare(`INSERT INTO journal ${journalColumns} VALUES ${journalRow}`),
    appendMany: db.prepare(
      `INSERT INTO journal ${journalColumns} VALUES ${Array<string>(rowsPerInsert).fill(journalRow).join(', ')}`,
    ),
    list: objectRows<Record<string, unknown>>(
      db.prepare('SELECT * FROM journal WHERE id > ? ORDER BY id LIMIT ?'),
    ),
    prune: db
      .prepare(
        `DELETE FROM journal WHERE id <= (SELECT MAX(id) FROM journal) - ?
         RETURNING ${journalRowBytesSql}`,
      )
      .pluck(),
    bytes: db.prepare(`SELECT COALESCE(SUM(${journalRowBytesSql}), 0) FROM journal`).pluck(),
    // Deletes the oldest few entries (the parameter: how many) and returns their bytes.
    dropOldest: db
      .prepare(
        `DELETE FROM journal WHERE id IN (SELECT id FROM journal ORDER BY id LIMIT ?)
         RETURNING ${journalRowBytesSql}`,
      )
      .pluck(),
  }

  let journaled = 0
  /** Journal bytes as this connection counts them: recounted (a scan of the whole journal) only
   * when another connection has written to the file since the last count. */
  let journalBytes = q.bytes.get() as number
  let countedAt = ctx.dataVersion()
  /** Drops the oldest entries, a few at a time, until the journal is within its bytes again: each
   * step is small, so no request waits on a large delete (one of `journalTrimStep` 2 KB rows
   * takes well under a millisecond; a single delete of 10% of a 16 MiB journal took 20–35 ms). */
  const pruneBytes = (): void => {
    while (journalBytes > journalMaxBytes) {
      const dropped = q.dropOldest.all(journalTrimStep) as number[]
      if (dropped.length === 0) break
      for (const bytes of dropped) journalBytes -= bytes
    }
  }

  /** Journal entries not yet written (see flush). */
  let unwritten: Omit<JournalEntry, 'id'>[] = []
  let flushQueued = false
  /** Positional parameters (binding by name cost about 50% more per row), `rowsPerInsert` rows
   * per statement while that many are left (about a quarter less per row than one by one); the
   * rows are inserted in the order given, so their ids keep the order of the requests. */
  const values: unknown[] = []
  const insert = db.transaction((entries: Omit<JournalEntry, 'id'>[]) => {
    let i = 0
    for (; i + rowsPerInsert <= entries.length; i += rowsPerInsert) {
      values.length = 0
      for (let j = i; j < i + rowsPerInsert; j++) pushRow(values, entries[j]!)
      q.appendMany.run(values)
    }
    for (; i < entries.length; i++) {
      values.length = 0
      pushRow(values, entries[i]!)
      q.append.run(values)
    }
    values.length = 0
  })
  /** Writes the buffered entries in one transaction, then keeps the journal within its row
   * limit and bytes (and, every 1000 entries, trims what `retain` says). */
  const flush = (): void => {
    if (unwritten.length === 0) return
    const entries = unwritten
    unwritten = []
    try {
      insert.immediate(entries)
    } catch (error) {
      // Kept for the next flush (a busy database); a reader that flushes sees the error.
      unwritten = entries.concat(unwritten)
      throw error
    }
    for (const entry of entries) {
      journalBytes += journalRowBytes(entry)
      if (++journaled % 1000 === 0) {
        for (const bytes of q.prune.all(journalLimit) as number[]) journalBytes -= bytes
        const version = ctx.dataVersion()
        if (version !== countedAt) {
          countedAt = version
          journalBytes = q.bytes.get() as number
        }
        trimRetained()
      }
    }
    if (journalBytes > journalMaxBytes) pruneBytes()
  }
  const flushSoon = () => {
    flushQueued = false
    try {
      flush()
    } catch {
      // Left buffered: the next append queues another flush, and a read of the journal retries.
    }
  }

  return {
    append: (entry) => {
      unwritten.push(entry)
      // Every 1000th entry is written at once, so the journal's row limit and `retain` are
      // applied on that request, as before entries were buffered.
      if (unwritten.length >= journalBatchMax || (journaled + unwritten.length) % 1000 === 0) {
        flush()
      } else if (!flushQueued) {
        flushQueued = true
        setImmediate(flushSoon)
      }
    },
    flush,
    list: (after, limit) => {
      flush()
      return q.list.all(after, limit).map(journalFromRow)
    },
  }
}
