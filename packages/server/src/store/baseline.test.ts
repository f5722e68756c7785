// The reset baseline: kept in an attached in-memory database without the journal, and restored
// in place (rows changed, added or deleted since go back; the journal is left alone).
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createBaseline } from './baseline.ts'
import { migrate } from './schema.ts'

function open() {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(db)
  db.prepare(`INSERT INTO companies (id, name, created_at) VALUES ('c1', 'One', 1)`).run()
  db.prepare(`INSERT INTO meta (key, value) VALUES ('seed-company', 'c1')`).run()
  return db
}

const journalRow = (db: Database.Database, path: string) =>
  db
    .prepare(
      `INSERT INTO journal (at, method, path, query, status, duration_ms) VALUES (1, 'GET', ?, '', 200, 1)`,
    )
    .run(path)

describe('snapshot guard: the reset baseline leaves the journal out', () => {
  it('copies the state tables but not the journal', () => {
    const db = open()
    for (let i = 0; i < 100; i++) journalRow(db, `/before/${i}`)
    createBaseline(db).save()
    const copied = db
      .prepare(`SELECT name FROM fake_pleo_baseline.sqlite_master WHERE type = 'table'`)
      .pluck()
      .all()
    expect(copied).toContain('companies')
    expect(copied).toContain('export_jobs')
    expect(copied).not.toContain('journal')
  })

  it('restores the state and keeps the journal as it is', () => {
    const db = open()
    journalRow(db, '/before')
    const baseline = createBaseline(db)
    baseline.save()
    db.prepare(`INSERT INTO companies (id, name, created_at) VALUES ('c2', 'Two', 2)`).run()
    db.prepare(`UPDATE companies SET name = 'Renamed' WHERE id = 'c1'`).run()
    db.prepare(`DELETE FROM meta`).run()
    journalRow(db, '/after')
    expect(db.transaction(() => baseline.restore())()).toBe(true)
    expect(db.prepare('SELECT id, name FROM companies ORDER BY id').all()).toEqual([
      { id: 'c1', name: 'One' },
    ])
    expect(db.prepare('SELECT key, value FROM meta').all()).toEqual([
      { key: 'seed-company', value: 'c1' },
    ])
    expect(db.prepare('SELECT path FROM journal ORDER BY id').pluck().all()).toEqual([
      '/before',
      '/after',
    ])
  })

  it('restores again and again, and restores the newer baseline once it is saved again', () => {
    const db = open()
    const baseline = createBaseline(db)
    const names = () => db.prepare('SELECT name FROM companies ORDER BY id').pluck().all()
    const restore = db.transaction(() => baseline.restore())
    baseline.save()
    for (const name of ['Two', 'Three']) {
      db.prepare(`INSERT INTO companies (id, name, created_at) VALUES (?, ?, 2)`).run(name, name)
      expect(restore()).toBe(true)
      expect(names()).toEqual(['One'])
    }
    db.prepare(`UPDATE companies SET name = 'Renamed' WHERE id = 'c1'`).run()
    baseline.save()
    db.prepare(`DELETE FROM companies WHERE id = 'c1'`).run()
    expect(restore()).toBe(true)
    expect(names()).toEqual(['Renamed'])
  })

  it('restores nothing before a baseline was saved', () => {
    const db = open()
    expect(createBaseline(db).restore()).toBe(false)
    expect(db.prepare('SELECT COUNT(*) FROM companies').pluck().get()).toBe(1)
  })
})
