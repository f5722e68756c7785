// Rows read as arrays and made into objects must be the rows better-sqlite3 itself would build:
// the same keys in the same order, the same values (text, integers, reals, blobs, nulls), and for
// a repeated column name the later column, as better-sqlite3 does.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { objectRows } from './object-rows.ts'

function table() {
  const db = new Database(':memory:')
  db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, r REAL, b BLOB, maybe TEXT)')
  const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?)')
  insert.run('a', 1, 1.5, Buffer.from([1, 2]), null)
  insert.run('b', -7, 0, null, 'x')
  insert.run('c', 2 ** 40, -2.25, Buffer.alloc(0), '')
  return db
}

describe('objectRows', () => {
  it('returns the rows better-sqlite3 builds, keys in column order', () => {
    const db = table()
    const sql = 'SELECT * FROM t WHERE id >= ? ORDER BY id'
    const native = db.prepare(sql).all('a') as Record<string, unknown>[]
    const built = objectRows<Record<string, unknown>>(db.prepare(sql)).all('a')
    expect(native).toHaveLength(3)
    expect(built).toEqual(native)
    expect(built.map((row) => Object.keys(row))).toEqual(native.map((row) => Object.keys(row)))
  })

  it('gets one row, or undefined when there is none', () => {
    const db = table()
    const rows = objectRows<{ id: string; maybe: string | null }>(
      db.prepare('SELECT id, maybe FROM t WHERE id = ?'),
    )
    expect(rows.get('b')).toEqual({ id: 'b', maybe: 'x' })
    expect(rows.get('a')).toEqual({ id: 'a', maybe: null })
    expect(rows.get('zzz')).toBeUndefined()
  })

  it('keeps the later of two columns with one name, as better-sqlite3 does', () => {
    const db = table()
    const sql = 'SELECT t.id, u.id FROM t JOIN t AS u ON u.n < t.n ORDER BY t.id, u.id'
    const native = db.prepare(sql).all()
    expect(native.length).toBeGreaterThan(0)
    expect(objectRows(db.prepare(sql)).all()).toEqual(native)
  })

  it('takes named parameters', () => {
    const db = table()
    const sql = 'SELECT id FROM t WHERE n > @min ORDER BY id'
    expect(objectRows(db.prepare(sql)).all({ min: 0 })).toEqual([{ id: 'a' }, { id: 'c' }])
  })
})
