// Migrations of databases written by earlier versions. The one that adds the journal's `alias`
// column and turns exported_at from epoch milliseconds into UTC text: items exported at whole and
// fractional seconds, one not exported, read back as the same instants, in the text the API
// shows. The one that stores accounting entries by their origin (decision 0025): entries stored
// with their body answer that body unchanged, items still refer to them (foreign keys checked),
// and entries of new jobs are stored by origin.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { generateAccountingEntry } from '@fake-pleo/contract'
import { createCompany } from '../services/companies.ts'
import { createJob } from '../services/jobs.ts'
import {
  aliasAndExportedAtTextVersion,
  compactAccountingEntriesVersion,
  migrate,
} from './schema.ts'
import { createSqliteStore } from './sqlite-store.ts'
import { storeDeps, t0 } from './test-stores.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const company = '11111111-1111-4111-8111-111111111111'
const job = '22222222-2222-4222-8222-222222222222'
const entries = [
  '33333333-3333-4333-8333-333333333331',
  '33333333-3333-4333-8333-333333333332',
  '33333333-3333-4333-8333-333333333333',
]

function databaseBeforeTheMigration(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-pleo-schema-'))
  dirs.push(dir)
  const path = join(dir, 'old.db')
  const db = new Database(path)
  migrate(db, aliasAndExportedAtTextVersion - 1)
  db.prepare('INSERT INTO companies (id, name, created_at) VALUES (?, ?, 0)').run(company, 'Old')
  db.prepare(
    `INSERT INTO export_jobs (id, company_id, status, created_at, last_updated_at, expires_in,
       expires_at, is_interactive, number_of_items, vendor_based_bookkeeping)
     VALUES (?, ?, 'in_progress', 0, 0, 3600, 3600000, 1, 3, 0)`,
  ).run(job, company)
  const exportedAt = [Date.UTC(2024, 2, 1, 10, 20, 30), Date.UTC(2024, 2, 1, 10, 20, 30, 120), null]
  entries.forEach((entry, seq) => {
    db.prepare('INSERT INTO accounting_entries (id, company_id, payload) VALUES (?, ?, ?)').run(
      entry,
      company,
      '{}',
    )
    db.prepare(
      `INSERT INTO export_job_items (job_id, seq, accounting_entry_id, status, exported_at)
       VALUES (?, ?, ?, 'successful', ?)`,
    ).run(job, seq, entry, exportedAt[seq])
  })
  db.prepare(
    `INSERT INTO journal (at, method, path, query, status, duration_ms)
     VALUES (0, 'GET', '/v3/export-jobs', '', 200, 1)`,
  ).run()
  db.close()
  return path
}

describe('migration: journal alias and exported_at as UTC text', () => {
  it('converts stored milliseconds to the UTC text the API shows', () => {
    const store = createSqliteStore({
      path: databaseBeforeTheMigration(),
      expiredStatus: 'expired',
      rules: { strictTransitions: false },
    })
    try {
      const items = store.listJobItems(job, undefined, {
        limit: 10,
        sort: [{ column: 'seq', desc: false }],
      }).rows
      expect(items.map((i) => i.exportedAt)).toEqual([
        '2024-03-01T10:20:30Z',
        '2024-03-01T10:20:30.120Z',
        null,
      ])
      expect(store.listJournal(0, 10)).toEqual([expect.objectContaining({ alias: null })])
    } finally {
      store.close()
    }
  })
})

/** A database from just before entries were stored by origin: one job, its entries' bodies. */
function databaseWithStoredBodies(): { path: string; bodies: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-pleo-schema-'))
  dirs.push(dir)
  const path = join(dir, 'old.db')
  const db = new Database(path)
  db.pragma('foreign_keys = ON')
  migrate(db, compactAccountingEntriesVersion - 1)
  db.prepare('INSERT INTO companies (id, name, created_at) VALUES (?, ?, 0)').run(company, 'Old')
  db.prepare(
    `INSERT INTO export_jobs (id, company_id, status, created_at, last_updated_at, expires_in,
       expires_at, is_interactive, number_of_items, vendor_based_bookkeeping)
     VALUES (?, ?, 'pending', ?, ?, 3600, ?, 1, 3, 0)`,
  ).run(job, company, t0, t0, t0 + 3_600_000)
  // Bodies an older generator could have made: not what today's would make for these ids.
  const bodies = entries.map((accountingEntryId, seq) => {
    const entry = generateAccountingEntry({
      companyId: company,
      accountingEntryId,
      date: Date.UTC(2020, 0, 1 + seq),
      vendorBasedBookkeeping: true,
    })
    return JSON.stringify({ ...entry, note: `stored by an earlier version ${seq}` })
  })
  entries.forEach((entry, seq) => {
    db.prepare('INSERT INTO accounting_entries (id, company_id, payload) VALUES (?, ?, ?)').run(
      entry,
      company,
      bodies[seq],
    )
    db.prepare(
      `INSERT INTO export_job_items (job_id, seq, accounting_entry_id, status)
       VALUES (?, ?, ?, 'pending')`,
    ).run(job, seq, entry)
  })
  db.close()
  return { path, bodies }
}

describe('migration: accounting entries stored by origin', () => {
  it('serves the bodies stored before, keeps the references, stores new entries by origin', () => {
    const { path, bodies } = databaseWithStoredBodies()
    const store = createSqliteStore({
      path,
      expiredStatus: 'expired',
      rules: { strictTransitions: false },
    })
    try {
      for (const [i, id] of entries.entries()) {
        expect(JSON.stringify(store.getAccountingEntry(id)?.item)).toBe(bodies[i])
      }
      const page = { limit: 10, sort: [{ column: 'seq', desc: false }] }
      const listed = store.listExportItems({ companyId: company, jobId: job }, page).rows
      expect(listed.map((row) => JSON.stringify(row.item))).toEqual(bodies)

      // A new job reusing a stored id keeps its body; a fresh id is stored by its origin.
      const deps = storeDeps(store, 'migrated')
      const fresh = createJob(deps, { companyId: company, accountingEntryIds: [entries[0] ?? ''] })
      const { company: other } = createCompany(deps, {})
      const theirs = createJob(deps, { companyId: other.id, numberOfItems: 2 })
      const rows = store.snapshot().accounting_entries ?? []
      expect(rows.find((row) => row.id === entries[0])?.payload).toBe(bodies[0])
      const stored = rows.filter((row) => row.company_id === other.id)
      expect(stored).toHaveLength(2)
      expect(stored.map((row) => [row.payload, row.date, row.vendor_based_bookkeeping])).toEqual([
        [null, theirs.createdAt - 86_400_000, 0],
        [null, theirs.createdAt - 2 * 86_400_000, 0],
      ])
      expect(fresh.numberOfItems).toBe(1)
    } finally {
      store.close()
    }
    const db = new Database(path)
    try {
      db.pragma('foreign_keys = ON')
      expect(db.pragma('foreign_key_check')).toEqual([])
      // Items still refer to the entries table: an item naming no entry is refused.
      expect(() =>
        db
          .prepare(
            `INSERT INTO export_job_items (job_id, seq, accounting_entry_id, status)
             VALUES (?, 9, '44444444-4444-4444-8444-444444444444', 'pending')`,
          )
          .run(job),
      ).toThrow(/FOREIGN KEY/)
    } finally {
      db.close()
    }
  })
})
