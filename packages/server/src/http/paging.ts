// Turns Pleo's pagination query into a store PageRequest (validating combinations, sort keys and
// cursors with clear 400s) and a store Page back into the CursorPageInfo envelope.
import {
  decodeCursor,
  defaultPageLimit,
  type PageInfo,
  type PaginationQuery,
} from '@fake-pleo/contract'
import { ApiError } from '../api-error.ts'
import type { Page, PageRequest, SortColumn } from '../store/paginate.ts'

export type SortKeys = {
  /** API sort key → column. */
  keys: Record<string, string>
  defaultSort: SortColumn[]
  /** Unique column appended to every sort to make it total. */
  tiebreak: string
}

const bad = (message: string) => new ApiError('BAD_REQUEST', message)

function sortFrom(query: PaginationQuery, spec: SortKeys): SortColumn[] {
  const keys = query.sorting_keys ?? []
  const orders = query.sorting_order ?? []
  if (orders.length > keys.length) {
    throw bad('query parameter sorting_order: give at most one order per sorting_keys entry')
  }
  if (keys.length === 0) return spec.defaultSort
  const known = Object.keys(spec.keys)
  // Each key once and no more keys than there are: every other list is a new SQL shape that
  // sorts no differently, and the fake would compile and keep a statement for each.
  if (keys.length > known.length) {
    throw bad(
      `query parameter sorting_keys: ${keys.length} keys given; give at most ${known.length}, each once (${known.join(', ')})`,
    )
  }
  const repeated = keys.find((key, i) => keys.indexOf(key) !== i)
  if (repeated !== undefined) {
    throw bad(
      `query parameter sorting_keys: '${repeated.slice(0, 64)}' is given more than once; give each key at most once`,
    )
  }
  const sort = keys.map((key, i): SortColumn => {
    // Own keys only: `constructor` or `__proto__` must not find Object.prototype's members (and
    // put their text into the ORDER BY).
    const column = Object.hasOwn(spec.keys, key) ? spec.keys[key] : undefined
    if (!column) {
      throw bad(
        `query parameter sorting_keys: unknown key '${key}'; use one of ${known.join(', ')}`,
      )
    }
    return { column, desc: (orders[i] ?? 'ASC').startsWith('DESC') }
  })
  if (!sort.some((s) => s.column === spec.tiebreak))
    sort.push({ column: spec.tiebreak, desc: false })
  return sort
}

export function toPageRequest(query: PaginationQuery, spec: SortKeys): PageRequest {
  const modes = [query.after, query.before, query.offset].filter((v) => v !== undefined)
  if (modes.length > 1) {
    throw bad('query parameters after, before and offset cannot be combined; use one of them')
  }
  const sort = sortFrom(query, spec)
  const decode = (name: string, text: string | undefined) => {
    if (text === undefined) return undefined
    const values = decodeCursor(text, sort.length)
    if (!values) {
      throw bad(
        `query parameter ${name}: not a cursor of this list with this sorting; use startCursor or endCursor from a previous page`,
      )
    }
    return values
  }
  return {
    limit: query.limit ?? defaultPageLimit,
    offset: query.offset,
    after: decode('after', query.after),
    before: decode('before', query.before),
    sort,
  }
}

export function toPageInfo(
  page: Page<unknown>,
  query: PaginationQuery,
  parameters: Record<string, string[]>,
): PageInfo {
  const current: PageInfo['currentRequestPagination'] = { parameters }
  if (query.after !== undefined) current.after = query.after
  if (query.before !== undefined) current.before = query.before
  current.limit = query.limit ?? defaultPageLimit
  if (query.offset !== undefined) current.offset = query.offset
  if (query.sorting_keys) current.sortingKeys = query.sorting_keys
  if (query.sorting_order) current.sortingOrder = query.sorting_order
  const info: PageInfo = {
    currentRequestPagination: current,
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    total: page.total,
  }
  if (page.startCursor) info.startCursor = page.startCursor
  if (page.endCursor) info.endCursor = page.endCursor
  return info
}
