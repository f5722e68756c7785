// The SQLite store on its own: once a started event claims a job every repeat is refused (calls
// in sequence; concurrent claims over HTTP and across processes are test/claim-concurrency's and
// test/two-processes'), expiry marks jobs and abandons their items, snapshots restore state, and
// keyset pagination returns the same rows as sorting the whole table in JavaScript (a reference model), for any sort.
import fc from 'fast-check'
import type { JobRecord } from '@fake-pleo/contract'
import { afterEach, describe, expect, it } from 'vitest'
import { createCompany } from '../services/companies.ts'
import { createJob } from '../services/jobs.ts'
import { journalRowBytes } from './journal-store.ts'
import type { SortColumn } from './paginate.ts'
import {
  journalEntry,
  openTestStore,
  removeTempDirs,
  storeDeps,
  t0,
  tempDatabasePath,
} from './test-stores.ts'

afterEach(removeTempDirs)

function setup(expiredStatus: 'expired' | 'failed' = 'expired') {
  const store = openTestStore(':memory:', { expiredStatus })
  const deps = storeDeps(store, 'store-test')
  const { company } = createCompany(deps, {})
  const newJob = (extra: Partial<Parameters<typeof createJob>[1]> = {}) =>
    createJob(deps, { companyId: company.id, ...extra })
  return { store, clock: deps.clock, companyId: company.id, newJob }
}

describe('sqlite store: events', () => {
  it('accepts the first of 20 sequential started events, refuses the other 19, records the claim', () => {
    const { store, newJob } = setup()
    const job = newJob()
    const outcomes = Array.from({ length: 20 }, () =>
      store.applyEvent({ jobId: job.id, event: 'started' }, t0 + 1000),
    )
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1)
    expect(
      outcomes.filter((o) => !o.ok && o.code === 'INVALID_EXPORT_JOB_STATUS_CHANGE'),
    ).toHaveLength(19)
    const stored = store.getJob(job.id)
    expect(stored?.status).toBe('in_progress')
    expect(stored?.startedAt).toBe(t0 + 1000)
  })

  it('scopes events to a company: another company sees not found', () => {
    const { store, newJob } = setup()
    const job = newJob()
    const result = store.applyEvent(
      { jobId: job.id, event: 'started' },
      t0,
      '00000000-0000-4000-8000-000000000000',
    )
    expect(result).toEqual({ ok: false, code: 'EXPORT_NOT_FOUND' })
    expect(store.getJob(job.id)?.status).toBe('pending')
  })

  it('abandons unfinished items when a job fails', () => {
    const { store, newJob } = setup()
    const job = newJob({ numberOfItems: 3 })
    store.applyEvent({ jobId: job.id, event: 'started' }, t0)
    const page = store.listJobItems(job.id, undefined, {
      limit: 10,
      sort: [{ column: 'seq', desc: false }],
    })
    const first = page.rows[0]?.accountingEntryId ?? ''
    store.updateJobItems(
      job.id,
      undefined,
      [{ accountingEntryId: first, status: 'successful' }],
      t0,
    )
    store.applyEvent({ jobId: job.id, event: 'failed' }, t0)
    const after = store.listJobItems(job.id, undefined, {
      limit: 10,
      sort: [{ column: 'seq', desc: false }],
    })
    expect(after.rows.map((r) => r.status)).toEqual(['successful', 'abandoned', 'abandoned'])
  })
})

describe('sqlite store: expiry', () => {
  it('expires due open jobs only, at the deadline, with items abandoned', () => {
    const { store, newJob } = setup()
    const a = newJob({ expiresIn: 60 })
    const b = newJob({ expiresIn: 120 })
    expect(store.expireDue(t0 + 59_000)).toEqual([])
    const expired = store.expireDue(t0 + 60_000)
    expect(expired.map((j) => j.id)).toEqual([a.id])
    expect(store.getJob(a.id)).toMatchObject({
      status: 'expired',
      expiredAt: t0 + 60_000,
      failureReasonType: 'job_expired',
    })
    expect(store.getJob(b.id)?.status).toBe('pending')
    const items = store.listJobItems(a.id, undefined, {
      limit: 10,
      sort: [{ column: 'seq', desc: false }],
    })
    expect(items.rows.every((i) => i.status === 'abandoned')).toBe(true)
  })

  it('uses failed + job_expired in the spec reading', () => {
    const { store, newJob } = setup('failed')
    const job = newJob({ expiresIn: 10 })
    store.expireDue(t0 + 10_000)
    expect(store.getJob(job.id)).toMatchObject({
      status: 'failed',
      failureReasonType: 'job_expired',
    })
  })

  it('refuses an event on a job whose window closed, and marks it expired in the same step', () => {
    const { store, newJob } = setup()
    const job = newJob({ expiresIn: 10 })
    expect(store.applyEvent({ jobId: job.id, event: 'started' }, t0 + 10_000).ok).toBe(false)
    expect(store.getJob(job.id)?.status).toBe('expired')
  })
})

describe('sqlite store: snapshot', () => {
  it('restores exactly the rows it snapshotted', () => {
    const { store, newJob } = setup()
    newJob()
    const snapshot = store.snapshot()
    const extra = newJob()
    store.applyEvent({ jobId: extra.id, event: 'started' }, t0)
    store.restore(snapshot)
    expect(store.getJob(extra.id)).toBeUndefined()
    expect(store.snapshot()).toEqual(snapshot)
  })
})

describe('sqlite store: pagination', () => {
  const columns: Record<string, (j: JobRecord) => string | number> = {
    created_at: (j) => j.createdAt,
    status: (j) => j.status,
    id: (j) => j.id,
  }

  const compare = (sort: SortColumn[]) => (x: JobRecord, y: JobRecord) => {
    for (const s of sort) {
      const a = columns[s.column]?.(x) ?? 0
      const b = columns[s.column]?.(y) ?? 0
      if (a !== b) return (a < b ? -1 : 1) * (s.desc ? -1 : 1)
    }
    return 0
  }

  it('walks every row once, forwards and backwards, in the reference order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 1, max: 7 }),
        fc.subarray(['created_at', 'status'], { minLength: 0 }),
        fc.boolean(),
        (count, limit, keys, desc) => {
          const { store, newJob, companyId } = setup()
          for (let i = 0; i < count; i++) {
            const job = newJob({ ageSeconds: (i * 7) % 5 })
            if (i % 3 === 0) store.applyEvent({ jobId: job.id, event: 'started' }, t0)
          }
          const sort: SortColumn[] = [
            ...keys.map((column) => ({ column, desc })),
            { column: 'id', desc: false },
          ]
          const all = store.listJobs({ companyId }, { limit: 100, sort }).rows
          const reference = [...all].sort(compare(sort))
          expect(all.map((j) => j.id)).toEqual(reference.map((j) => j.id))
          const forward: string[] = []
          let after: (string | number)[] | undefined
          for (let guard = 0; guard < 100; guard++) {
            const page = store.listJobs({ companyId }, { limit, sort, after })
            forward.push(...page.rows.map((j) => j.id))
            if (!page.hasNextPage) break
            const last = page.rows[page.rows.length - 1] as JobRecord
            after = sort.map((s) => columns[s.column]?.(last) ?? '')
          }
          expect(forward).toEqual(reference.map((j) => j.id))
          store.close()
        },
      ),
      { numRuns: 40 },
    )
  })
})

describe('sqlite store: journal', () => {
  it('keeps about the configured number of most recent entries', () => {
    const store = openTestStore(':memory:', { journalLimit: 1500 })
    const entry = (i: number) => journalEntry(`/r/${i}`, { at: t0 + i })
    for (let i = 1; i <= 5000; i++) store.appendJournal(entry(i))
    const kept = store.listJournal(0, 100_000)
    expect(kept.length).toBeGreaterThanOrEqual(1500)
    expect(kept.length).toBeLessThanOrEqual(2500)
    expect(kept[kept.length - 1]?.path).toBe('/r/5000')
    expect(kept[0]?.path).toBe(`/r/${5001 - kept.length}`)
  })

  it('journal-size guard: keeps about journalMaxBytes of entries, dropping the oldest', () => {
    const store = openTestStore(':memory:', { journalMaxBytes: 200_000 })
    const entry = (i: number) => journalEntry(`/r/${i}`, { at: t0 + i, query: 'q'.repeat(2000) })
    const rowBytes = journalRowBytes(entry(1000))
    for (let i = 1; i <= 1000; i++) store.appendJournal(entry(i))
    const kept = store.listJournal(0, 100_000)
    // Far fewer than the row limit: the bytes decide. Never over the cap, never under 80% of it.
    expect(kept.length * rowBytes).toBeLessThanOrEqual(200_000)
    expect(kept.length * rowBytes).toBeGreaterThan(160_000 - rowBytes)
    expect(kept.at(-1)?.path).toBe('/r/1000')
    expect(kept[0]?.path).toBe(`/r/${1001 - kept.length}`)
  })

  it('journal-size guard: counts the entries another connection wrote to the same file', () => {
    const path = tempDatabasePath('fake-pleo-journal-')
    const first = openTestStore(path, { journalMaxBytes: 200_000 })
    const second = openTestStore(path, { journalMaxBytes: 200_000 })
    const entry = (i: number) => journalEntry(`/r/${i}`, { at: t0 + i, query: 'q'.repeat(2000) })
    const rowBytes = journalRowBytes(entry(1000))
    // The first connection's rows were never counted by the second, which trims them first.
    for (let i = 1; i <= 60; i++) first.appendJournal(entry(i))
    first.flushJournal()
    for (let i = 61; i <= 1060; i++) second.appendJournal(entry(i))
    const kept = second.listJournal(0, 100_000)
    expect(kept.length * rowBytes).toBeLessThanOrEqual(200_000)
    expect(kept.at(-1)?.path).toBe('/r/1060')
    first.close()
    second.close()
  })
})
