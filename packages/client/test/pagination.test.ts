// The pagination helpers walk every page through `after = endCursor`: 23 jobs five at a time,
// a job's items and export items, and a list that never ends stops with TOO_MANY_PAGES.
import { describe, expect, it } from 'vitest'
import { collectPages, pages, type Page } from '../src/index.ts'
import { dataOf, entry, setup } from './support.ts'

async function twentyMoreJobs(t: ReturnType<typeof setup>): Promise<void> {
  for (let n = 0; n < 20; n++) {
    dataOf(
      await t.client.createExportJob({ accountingEntryIds: [entry(n)], companyId: t.companyId }),
    )
  }
}

describe('pagination', () => {
  it('walks 23 jobs five at a time', async () => {
    const t = setup()
    await twentyMoreJobs(t)
    const all = dataOf(await t.client.allExportJobs({ limit: 5 }))
    expect(all).toHaveLength(23)
    expect(new Set(all.map((job) => job.id)).size).toBe(23)
    const lists = t
      .journal()
      .filter((row) => row.method === 'GET' && row.path === '/v3/export-jobs')
    expect(lists).toHaveLength(5)
    expect(lists.slice(1).every((row) => row.query.includes('after='))).toBe(true)
  })

  it('yields each page from pages()', async () => {
    const t = setup()
    await twentyMoreJobs(t)
    const sizes: number[] = []
    for await (const page of pages((after) => t.client.listExportJobs({ limit: 5, after }))) {
      sizes.push(dataOf(page).items.length)
    }
    expect(sizes).toEqual([5, 5, 5, 5, 3])
  })

  it('collects every item and export item of a job', async () => {
    const t = setup()
    const [job] = dataOf(await t.client.listExportJobs()).items
    const jobId = job?.id ?? ''
    const items = dataOf(await t.client.allExportJobItems(jobId, { limit: 1 }))
    expect(items).toHaveLength(job?.numberOfItems ?? -1)
    const exportItems = dataOf(await t.client.allExportItems(jobId, { limit: 1 }))
    expect(exportItems.map((item) => item.accountingEntryId).sort()).toEqual(
      items.map((item) => item.accountingEntryId).sort(),
    )
  })

  it('stops with an error result when the list never ends', async () => {
    let calls = 0
    const endless = async (after: string | undefined) => {
      calls++
      const page: Page<number> = {
        items: [calls],
        pagination: {
          currentRequestPagination: { parameters: {}, ...(after ? { after } : {}) },
          hasNextPage: true,
          hasPreviousPage: after !== undefined,
          endCursor: `C${calls}`,
          total: 1_000_000,
        },
      }
      return { ok: true as const, data: page, response: new Response(null) }
    }
    const result = await collectPages(endless, { maxPages: 7 })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.type).toBe('TOO_MANY_PAGES')
    expect(calls).toBe(7)
  })
})
