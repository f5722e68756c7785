// The migration that adds the journal's `alias` column and turns exported_at from epoch
// milliseconds into UTC text: a database written before it (items exported at whole and
// fractional seconds, one not exported) reads back as the same instants, in the text the API shows.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { aliasAndExportedAtTextVersion, migrate } from './schema.ts'
import { createSqliteStore } from './sqlite-store.ts'

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
