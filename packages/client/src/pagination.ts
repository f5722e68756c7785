// Cursor pagination helpers: `pages` follows `after = endCursor` while `pagination.hasNextPage`,
// yielding each page's result and stopping after the first error; `collectPages` concatenates
// the items into one result. Both are bounded (default 10,000 pages) so a server that always
// claims a next page cannot loop forever.
import type { PageInfo } from '@fake-pleo/contract'
import { failure, type PleoResult } from './result.ts'

export type Page<T> = { items: T[]; pagination: PageInfo }

export type FetchPage<T> = (after: string | undefined) => Promise<PleoResult<Page<T>>>

export const defaultMaxPages = 10_000

export async function* pages<T>(
  fetchPage: FetchPage<T>,
  { maxPages = defaultMaxPages }: { maxPages?: number } = {},
): AsyncGenerator<PleoResult<Page<T>>, void, undefined> {
  let after: string | undefined
  for (let count = 0; ; count++) {
    if (count >= maxPages) {
      yield failure(0, 'TOO_MANY_PAGES', `stopped after ${maxPages} pages; the list never ended`)
      return
    }
    const result = await fetchPage(after)
    yield result
    if (!result.ok) return
    const { hasNextPage, endCursor } = result.data.pagination
    if (!hasNextPage) return
    if (endCursor === undefined || endCursor === after) {
      yield failure(0, 'INVALID_RESPONSE', 'hasNextPage is true but endCursor does not advance')
      return
    }
    after = endCursor
  }
}

/** Every item of every page, or the first error (with the response that carried it). */
export async function collectPages<T>(
  fetchPage: FetchPage<T>,
  options: { maxPages?: number } = {},
): Promise<PleoResult<T[]>> {
  const items: T[] = []
  let last: Response | undefined
  for await (const page of pages(fetchPage, options)) {
    if (!page.ok) return page
    items.push(...page.data.items)
    last = page.response
  }
  if (last === undefined) return failure(0, 'INVALID_RESPONSE', 'no page was fetched')
  return { ok: true, data: items, response: last }
}
