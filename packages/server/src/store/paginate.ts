// Keyset pagination over SQLite for Pleo's cursor model: rows sorted by a list of columns (the
// last one unique), `after`/`before` cursors holding the sort values of a row, or `offset`.
// Statements are prepared once per SQL shape and cached on the connection, in a bounded
// least-recently-used cache: every sort a caller asks for is a new shape, and a compiled statement
// costs tens of kilobytes, so an unbounded cache would grow with the callers' imagination.
import type Database from 'better-sqlite3'
import { encodeCursor, type CursorValue } from '@fake-pleo/contract'
import { objectRows, type ObjectRows } from './object-rows.ts'

export type SortColumn = { column: string; desc: boolean }

export type PageRequest = {
  limit: number
  offset?: number | undefined
  after?: CursorValue[] | undefined
  before?: CursorValue[] | undefined
  sort: SortColumn[]
}

export type Page<Row> = {
  rows: Row[]
  total: number
  hasNextPage: boolean
  hasPreviousPage: boolean
  startCursor?: string | undefined
  endCursor?: string | undefined
}

export type PageSource = {
  /** `FROM … WHERE …` with named parameters; the columns of `sort` must be selectable. */
  from: string
  select: string
  params: Record<string, unknown>
}

/** Prepared statements kept per paginator (each sort shape needs up to four). */
export const statementCacheLimit = 64

/** A Map kept in use order: a hit moves to the end, the first entry is the least recent. */
type StatementCache = { map: Map<string, Database.Statement>; limit: number }

function keysetCondition(sort: SortColumn[], forward: boolean): string {
  const terms = sort.map((_, i) => {
    const equal = sort.slice(0, i).map((s, j) => `${s.column} = @k${j}`)
    const s = sort[i] as SortColumn
    const greater = s.desc !== !forward
    equal.push(`${s.column} ${greater ? '<' : '>'} @k${i}`)
    return `(${equal.join(' AND ')})`
  })
  return `(${terms.join(' OR ')})`
}

function orderBy(sort: SortColumn[], reverse: boolean): string {
  return sort.map((s) => `${s.column} ${s.desc !== reverse ? 'DESC' : 'ASC'}`).join(', ')
}

function prepared(db: Database.Database, cache: StatementCache, sql: string): Database.Statement {
  const { map } = cache
  let statement = map.get(sql)
  if (statement) map.delete(sql)
  else statement = db.prepare(sql)
  map.set(sql, statement)
  if (map.size > cache.limit) {
    const oldest = map.keys().next()
    if (!oldest.done) map.delete(oldest.value)
  }
  return statement
}

/** The page query's rows as objects (read as arrays: see object-rows.ts), made once per statement. */
const pageReaders = new WeakMap<Database.Statement, ObjectRows<Record<string, unknown>>>()
function pageRows<Row>(statement: Database.Statement): ObjectRows<Row> {
  let reader = pageReaders.get(statement)
  if (!reader) pageReaders.set(statement, (reader = objectRows(statement)))
  return reader as ObjectRows<Row>
}

function keyParams(values: CursorValue[]): Record<string, CursorValue> {
  return Object.fromEntries(values.map((v, i) => [`k${i}`, v]))
}

export type Paginator = {
  <Row extends Record<string, unknown>>(source: PageSource, request: PageRequest): Page<Row>
  /** How many prepared statements the cache holds now (tests check the bound). */
  cachedStatements(): number
}

export function createPaginator(db: Database.Database, limit = statementCacheLimit): Paginator {
  const cache: StatementCache = { map: new Map(), limit }
  const paginate = function paginate<Row extends Record<string, unknown>>(
    source: PageSource,
    request: PageRequest,
  ): Page<Row> {
    const { sort, limit } = request
    const cursorOf = (row: Row) => encodeCursor(sort.map((s) => row[s.column] as CursorValue))
    const backwards = request.before !== undefined
    const cursor = request.before ?? request.after
    let sql = `SELECT ${source.select} ${source.from}`
    let params: Record<string, unknown> = { ...source.params, limit: limit + 1 }
    if (cursor) {
      sql += ` AND ${keysetCondition(sort, !backwards)}`
      params = { ...params, ...keyParams(cursor) }
    }
    sql += ` ORDER BY ${orderBy(sort, backwards)} LIMIT @limit`
    if (request.offset !== undefined && !cursor) {
      sql += ' OFFSET @offset'
      params.offset = request.offset
    }
    const fetched = pageRows<Row>(prepared(db, cache, sql)).all(params)
    const more = fetched.length > limit
    // A first page that holds every row counts them itself; any other page asks.
    const whole = !cursor && !request.offset && !more
    const countSql = `SELECT COUNT(*) AS n ${source.from}`
    const total = whole
      ? fetched.length
      : (prepared(db, cache, countSql).get(source.params) as { n: number }).n
    const rows = fetched.slice(0, limit)
    if (backwards) rows.reverse()
    const first = rows[0]
    const last = rows[rows.length - 1]
    let before = request.offset ?? 0
    if (first && cursor) {
      const beforeSql = `SELECT COUNT(*) AS n ${source.from} AND ${keysetCondition(sort, false)}`
      const firstKeys = keyParams(sort.map((s) => first[s.column] as CursorValue))
      before = (
        prepared(db, cache, beforeSql).get({ ...source.params, ...firstKeys }) as { n: number }
      ).n
    }
    const emptyAtCursor = rows.length === 0 && cursor !== undefined
    return {
      rows,
      total,
      hasPreviousPage: emptyAtCursor ? !backwards && total > 0 : before > 0,
      hasNextPage: emptyAtCursor
        ? backwards && total > 0
        : backwards
          ? before + rows.length < total
          : more,
      startCursor: first ? cursorOf(first) : undefined,
      endCursor: last ? cursorOf(last) : undefined,
    }
  }
  return Object.assign(paginate, { cachedStatements: () => cache.map.size })
}
