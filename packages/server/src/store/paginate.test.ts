// The paginator's prepared-statement cache: bounded (least recently used goes first), and a
// statement evicted and prepared again still answers correctly.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createPaginator, type SortColumn } from './paginate.ts'

function numbers(count: number) {
  const db = new Database(':memory:')
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, c INTEGER)')
  const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?)')
  for (let i = 1; i <= count; i++) insert.run(i, i % 3, i % 5, i % 7)
  return db
}

const source = { select: '*', from: 'FROM t WHERE 1 = 1', params: {} }

/** Every ordering of a, b, c with every direction: 48 distinct sort shapes. */
function shapes(): SortColumn[][] {
  const columns = ['a', 'b', 'c']
  const orders = [
    ['a', 'b', 'c'],
    ['a', 'c', 'b'],
    ['b', 'a', 'c'],
    ['b', 'c', 'a'],
    ['c', 'a', 'b'],
    ['c', 'b', 'a'],
  ]
  expect(orders.every((o) => o.every((c) => columns.includes(c)))).toBe(true)
  return orders.flatMap((order) =>
    Array.from({ length: 8 }, (_, mask) => [
      ...order.map((column, i) => ({ column, desc: (mask & (1 << i)) !== 0 })),
      { column: 'id', desc: false },
    ]),
  )
}

describe('statement-cache guard: the paginator keeps a bounded LRU of prepared statements', () => {
  it('holds at most its limit however many sort shapes are asked for', () => {
    const db = numbers(20)
    const paginate = createPaginator(db, 8)
    const first = paginate(source, { limit: 5, sort: shapes()[0] ?? [] }).rows
    for (const sort of shapes()) {
      paginate(source, { limit: 5, sort })
      expect(paginate.cachedStatements()).toBeLessThanOrEqual(8)
    }
    expect(paginate.cachedStatements()).toBe(8)
    // The first shape was evicted long ago: prepared again, it answers the same rows.
    expect(paginate(source, { limit: 5, sort: shapes()[0] ?? [] }).rows).toEqual(first)
  })

  it('keeps a statement in use while others come and go', () => {
    const db = numbers(5)
    const paginate = createPaginator(db, 3)
    const hot = { limit: 2, sort: [{ column: 'id', desc: true }] }
    paginate(source, hot)
    const prepare = db.prepare.bind(db)
    let prepared = 0
    db.prepare = ((sql: string) => {
      prepared++
      return prepare(sql)
    }) as typeof db.prepare
    for (const sort of shapes().slice(0, 10)) {
      paginate(source, hot)
      paginate(source, { limit: 2, sort })
    }
    // The hot shape (its count and page statements) was never prepared again; each of the ten
    // others needed one new statement (the count is shared).
    expect(prepared).toBe(10)
  })
})

describe('total: a first page holding every row counts them itself, any other page asks SQLite', () => {
  const sort = [{ column: 'id', desc: false }]
  const counted = (db: Database.Database) => {
    const prepare = db.prepare.bind(db)
    const counts: string[] = []
    db.prepare = ((sql: string) => {
      if (sql.startsWith('SELECT COUNT(*)')) counts.push(sql)
      return prepare(sql)
    }) as typeof db.prepare
    return counts
  }

  it('is every row of the source on every kind of page', () => {
    const db = numbers(7)
    const paginate = createPaginator(db)
    const cases = [
      { limit: 10 },
      { limit: 7 },
      { limit: 6 },
      { limit: 3 },
      { limit: 10, offset: 5 },
      { limit: 10, offset: 50 },
      { limit: 2, after: [3] },
      { limit: 10, after: [3] },
      { limit: 2, before: [3] },
      { limit: 0 },
    ]
    for (const request of cases) {
      const page = paginate(source, { ...request, sort })
      expect({ request, total: page.total }).toEqual({ request, total: 7 })
    }
    const empty = createPaginator(numbers(0))
    expect(empty(source, { limit: 5, sort }).total).toBe(0)
    expect(empty(source, { limit: 5, offset: 5, sort }).total).toBe(0)
  })

  it('is not counted by a second statement when the first page holds every row', () => {
    const db = numbers(7)
    const counts = counted(db)
    const paginate = createPaginator(db)
    expect(paginate(source, { limit: 7, sort }).rows).toHaveLength(7)
    expect(paginate(source, { limit: 50, sort }).rows).toHaveLength(7)
    expect(counts).toEqual([])
    expect(paginate(source, { limit: 6, sort }).total).toBe(7)
    expect(counts).toHaveLength(1)
  })
})
