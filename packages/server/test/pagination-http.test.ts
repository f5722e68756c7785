// Cursor pagination of GET /v3/export-jobs over HTTP. Walking forward with after=endCursor until
// hasNextPage is false visits every job of the company exactly once in the requested order;
// walking backward with before=startCursor from the last page yields the same pages (rows,
// cursors and flags); offset paging agrees with both. A worked example with 23 jobs and limit 5,
// then a fast-check property over job counts, clock gaps (ties), statuses, sort orders, the
// list-order option and page sizes. The expected order comes from the store's records.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { JobRecord } from '@fake-pleo/contract'
import type { ListOrder } from '../src/index.ts'
import { inProcessFake } from './helpers.ts'
import {
  advance,
  createCompany,
  jobListSchema,
  pressExport,
  read,
  storedJob,
  type Fake,
} from './support.ts'
import type { z } from 'zod'

type Page = z.infer<typeof jobListSchema>
type Compare = (a: JobRecord, b: JobRecord) => number

const cmp = (x: string | number, y: string | number) => (x < y ? -1 : x > y ? 1 : 0)
const asc =
  (key: keyof JobRecord): Compare =>
  (a, b) =>
    cmp(a[key] as string | number, b[key] as string | number)
const desc =
  (key: keyof JobRecord): Compare =>
  (a, b) =>
    -cmp(a[key] as string | number, b[key] as string | number)
const chain =
  (...compares: Compare[]): Compare =>
  (a, b) => {
    for (const compare of compares) {
      const result = compare(a, b)
      if (result !== 0) return result
    }
    return 0
  }

/** Sort queries and the order they promise; ties always fall back to id ascending. */
const sortings: Record<string, { query: string; compare: (order: ListOrder) => Compare }> = {
  default: {
    query: '',
    compare: (order) => (order === 'created-asc' ? chain(asc('createdAt'), asc('id')) : asc('id')),
  },
  createdAsc: {
    query: 'sorting_keys=createdAt&sorting_order=ASC',
    compare: () => chain(asc('createdAt'), asc('id')),
  },
  createdDesc: {
    query: 'sorting_keys=createdAt&sorting_order=DESC',
    compare: () => chain(desc('createdAt'), asc('id')),
  },
  updatedDesc: {
    query: 'sorting_keys=lastUpdatedAt&sorting_order=DESC',
    compare: () => chain(desc('lastUpdatedAt'), asc('id')),
  },
  idDesc: { query: 'sorting_keys=id&sorting_order=DESC', compare: () => desc('id') },
  statusThenNewest: {
    query: 'sorting_keys=status&sorting_keys=createdAt&sorting_order=ASC&sorting_order=DESC',
    compare: () => chain(asc('status'), desc('createdAt'), asc('id')),
  },
}

type Walk = { auth: Record<string, string>; query: string; limit: number }

const url = (walk: Walk, extra: string) =>
  `/v3/export-jobs?${[walk.query, `limit=${walk.limit}`, extra].filter(Boolean).join('&')}`

async function page(t: Fake, walk: Walk, extra: string): Promise<Page> {
  return read(await t.get(url(walk, extra), walk.auth), 200, jobListSchema)
}

async function walkForward(t: Fake, walk: Walk): Promise<Page[]> {
  const pages = [await page(t, walk, '')]
  for (let guard = 0; pages.at(-1)?.pagination.hasNextPage; guard++) {
    if (guard > 200) throw new Error('forward walk does not end')
    pages.push(await page(t, walk, `after=${pages.at(-1)?.pagination.endCursor}`))
  }
  return pages
}

/** From the last forward page back to the first, returned in forward order. */
async function walkBackward(t: Fake, walk: Walk, last: Page): Promise<Page[]> {
  const pages: Page[] = []
  let current = last
  for (let guard = 0; current.pagination.hasPreviousPage; guard++) {
    if (guard > 200) throw new Error('backward walk does not end')
    current = await page(t, walk, `before=${current.pagination.startCursor}`)
    pages.unshift(current)
  }
  return pages
}

async function walkOffsets(t: Fake, walk: Walk, total: number): Promise<Page[]> {
  const pages: Page[] = []
  for (let offset = 0; offset < Math.max(total, 1); offset += walk.limit) {
    pages.push(await page(t, walk, `offset=${offset}`))
  }
  return pages
}

/** A page without the echo of its own request, for comparing pages reached different ways. */
const view = (p: Page) => {
  const { hasNextPage, hasPreviousPage, startCursor, endCursor, total } = p.pagination
  return {
    ids: p.data.map((j) => j.id),
    hasNextPage,
    hasPreviousPage,
    startCursor,
    endCursor,
    total,
  }
}

describe('GET /v3/export-jobs pagination: 23 jobs, limit 5', () => {
  it('walks forward, backward and by offset through the same five pages', async () => {
    using t = inProcessFake()
    const company = await createCompany(t)
    for (let i = 0; i < 23; i++) {
      await pressExport(t, { companyId: company.companyId, numberOfItems: 1 })
      if (i % 3 === 0) await advance(t, 1)
    }
    const walk = { auth: company.auth, query: '', limit: 5 }
    const expected = t.store
      .snapshot()
      .export_jobs?.filter((row) => row.company_id === company.companyId)
      .map((row) => row.id as string)
      .sort()

    const forward = await walkForward(t, walk)
    expect(forward.map((p) => p.data.length)).toEqual([5, 5, 5, 5, 3])
    expect(forward.flatMap((p) => p.data.map((j) => j.id))).toEqual(expected)
    expect(forward.map((p) => p.pagination.hasPreviousPage)).toEqual([
      false,
      true,
      true,
      true,
      true,
    ])
    expect(forward.map((p) => p.pagination.hasNextPage)).toEqual([true, true, true, true, false])
    expect(forward.every((p) => p.pagination.total === 23)).toBe(true)
    expect(forward[1]?.pagination.currentRequestPagination).toEqual({
      parameters: { company_id: [company.companyId] },
      after: forward[0]?.pagination.endCursor,
      limit: 5,
    })

    const backward = await walkBackward(t, walk, forward[4] as Page)
    expect(backward.map(view)).toEqual(forward.slice(0, 4).map(view))
    expect(backward[0]?.pagination.currentRequestPagination.before).toBe(
      forward[1]?.pagination.startCursor,
    )

    const byOffset = await walkOffsets(t, walk, 23)
    expect(byOffset.map(view)).toEqual(forward.map(view))
    expect(byOffset[2]?.pagination.currentRequestPagination.offset).toBe(10)
  })

  it('answers an empty page past either end, with the flags pointing back', async () => {
    using t = inProcessFake()
    const walk = { auth: t.auth, query: '', limit: 2 }
    const [first, second] = await walkForward(t, walk)
    const pastEnd = await page(t, walk, `after=${second?.pagination.endCursor}`)
    expect(pastEnd.data).toEqual([])
    expect(pastEnd.pagination).toMatchObject({
      hasNextPage: false,
      hasPreviousPage: true,
      total: 3,
    })
    expect(pastEnd.pagination.startCursor).toBeUndefined()
    const beforeStart = await page(t, walk, `before=${first?.pagination.startCursor}`)
    expect(beforeStart.data).toEqual([])
    expect(beforeStart.pagination).toMatchObject({ hasNextPage: true, hasPreviousPage: false })
    const pastOffset = await page(t, walk, 'offset=10')
    expect(pastOffset.data).toEqual([])
    expect(pastOffset.pagination).toMatchObject({ hasNextPage: false, hasPreviousPage: true })
  })

  it('keeps a walk consistent when a job is added mid-walk', async () => {
    using t = inProcessFake()
    const walk = { auth: t.auth, query: 'sorting_keys=createdAt&sorting_order=ASC', limit: 2 }
    const first = await page(t, walk, '')
    await advance(t, 1)
    const added = await pressExport(t)
    const second = await page(t, walk, `after=${first.pagination.endCursor}`)
    const seen = [...first.data, ...second.data].map((j) => j.id)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toHaveLength(4)
    expect(seen.at(-1)).toBe(added.id)
  })
})

describe('GET /v3/export-jobs pagination property', () => {
  const actions = ['none', 'started', 'failed'] as const
  const scenario = fc.record({
    jobs: fc.array(
      fc.record({ gap: fc.integer({ min: 0, max: 2 }), action: fc.constantFrom(...actions) }),
      { maxLength: 24 },
    ),
    limit: fc.integer({ min: 1, max: 7 }),
    sorting: fc.constantFrom(...Object.keys(sortings)),
    listOrder: fc.constantFrom<ListOrder>('id', 'created-asc'),
    statuses: fc.subarray(['pending', 'in_progress', 'failed'] as const),
  })

  it('covers every job exactly once, in order, whichever way it is walked', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        using t = inProcessFake({ listOrder: s.listOrder })
        const company = await createCompany(t)
        const ids: string[] = []
        for (const job of s.jobs) {
          if (job.gap > 0) await advance(t, job.gap)
          const created = await pressExport(t, { companyId: company.companyId, numberOfItems: 1 })
          ids.push(created.id)
          if (job.action !== 'none') {
            const event = { jobId: created.id, event: job.action }
            expect((await t.send('POST', '/_sim/export-job-events', event, {})).status).toBe(202)
          }
        }
        const sorting = sortings[s.sorting]
        if (!sorting) throw new Error(`no sorting ${s.sorting}`)
        const filter = s.statuses.map((status) => `statuses=${status}`)
        const walk = {
          auth: company.auth,
          query: [sorting.query, ...filter].filter(Boolean).join('&'),
          limit: s.limit,
        }
        const expected = ids
          .map((id) => storedJob(t, id))
          .filter((job) => s.statuses.length === 0 || s.statuses.some((x) => x === job.status))
          .sort(sorting.compare(s.listOrder))
          .map((job) => job.id)

        const forward = await walkForward(t, walk)
        expect(forward.flatMap((p) => p.data.map((j) => j.id))).toEqual(expected)
        expect(forward.every((p) => p.pagination.total === expected.length)).toBe(true)
        expect(forward.every((p, i) => p.pagination.hasPreviousPage === i > 0)).toBe(true)
        expect(forward.slice(0, -1).every((p) => p.data.length === s.limit)).toBe(true)

        const last = forward.at(-1) as Page
        const backward = await walkBackward(t, walk, last)
        expect(backward.map(view)).toEqual(forward.slice(0, -1).map(view))

        const byOffset = await walkOffsets(t, walk, expected.length)
        expect(byOffset.map(view)).toEqual(forward.map(view))
      }),
      { numRuns: 40 },
    )
  })
})
