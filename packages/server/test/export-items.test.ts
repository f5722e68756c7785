// GET /v3/export-items, the data layer: with job_id, the full accounting payload of every entry
// of the job in job order (each one checked against the contract's strict ExportItemV3 schema);
// without it, the entries of all the company's open jobs. Every `_links` URL is absolute, on the
// origin the request came to, and answers 200 there. 422 EXPORT_JOB_STATUS_UNPROCESSABLE once the
// job has finished or expired, 404 for unknown and other companies' jobs, 400 for a bad job_id,
// and 400 MISSING_CONTRA_ACCOUNTS for a company with unmapped contra accounts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { pageInfoSchema, strictExportItemV3Schema } from '@fake-pleo/contract'
import { inProcessFake } from './helpers.ts'
import {
  advance,
  applyEvent,
  createCompany,
  demoJobs,
  expectError,
  jobBodySchema,
  lastJournalEntry,
  pressExport,
  read,
  storedItems,
  unknownId,
  type Fake,
} from './support.ts'

const exportItemsSchema = z
  .object({ data: z.array(strictExportItemV3Schema), pagination: pageInfoSchema })
  .strict()

describe('GET /v3/export-items', () => {
  let t: Fake
  afterEach(() => t.close())
  beforeEach(() => {
    t = inProcessFake()
  })

  it('answers the full payload of every entry of the job, in job order', async () => {
    const job = await pressExport(t, { numberOfItems: 6, vendorBasedBookkeeping: true })
    const page = await read(
      await t.get(`/v3/export-items?job_id=${job.id}`),
      200,
      exportItemsSchema,
    )
    expect(page.data.map((item) => item.accountingEntryId)).toEqual(
      storedItems(t, job.id).map((i) => i.accountingEntryId),
    )
    for (const item of page.data) {
      expect(item.companyId).toBe(t.companyId)
      expect(item.accountingEntryLines.length).toBeGreaterThan(0)
      expect(item.bookkeeping).not.toBeNull()
      if (item.bookkeeping?.method === 'accounts_payable') expect(item.vendor).toBeTruthy()
    }
    expect(page.pagination).toMatchObject({
      currentRequestPagination: { parameters: { job_id: [job.id] }, limit: 50 },
      total: 6,
      hasNextPage: false,
    })
    expect(await lastJournalEntry(t)).toMatchObject({
      path: '/v3/export-items',
      query: `job_id=${job.id}`,
      status: 200,
      jobId: job.id,
    })
  })

  it('answers the entries a POST /v3/export-jobs named', async () => {
    const entries = ['aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000002']
    const created = await t.send('POST', '/v3/export-jobs', {
      accountingEntryIds: entries,
      companyId: t.companyId,
    })
    const { data } = await read(created, 201, jobBodySchema)
    const page = await read(
      await t.get(`/v3/export-items?job_id=${data.id}`),
      200,
      exportItemsSchema,
    )
    expect(page.data.map((item) => item.accountingEntryId)).toEqual(entries)
  })

  it("answers the entries of all the company's open jobs without job_id", async () => {
    const jobs = await demoJobs(t)
    const [finished] = jobs
    if (!finished) throw new Error('no demo job')
    await applyEvent(t, finished.id, 'failed')
    const open = jobs.slice(1)
    const expected = open.flatMap((job) => storedItems(t, job.id).map((i) => i.accountingEntryId))
    const page = await read(await t.get('/v3/export-items?limit=100'), 200, exportItemsSchema)
    expect(page.data.map((i) => i.accountingEntryId).sort()).toEqual(expected.sort())
    expect(page.pagination.total).toBe(expected.length)
    expect(page.pagination.currentRequestPagination.parameters).toEqual({})
  })

  it('pages through a job with cursors', async () => {
    const job = await pressExport(t, { numberOfItems: 7 })
    const first = await read(
      await t.get(`/v3/export-items?job_id=${job.id}&limit=4`),
      200,
      exportItemsSchema,
    )
    expect(first.pagination).toMatchObject({ hasNextPage: true, total: 7 })
    const second = await read(
      await t.get(`/v3/export-items?job_id=${job.id}&limit=4&after=${first.pagination.endCursor}`),
      200,
      exportItemsSchema,
    )
    expect(second.pagination.hasNextPage).toBe(false)
    expect([...first.data, ...second.data].map((i) => i.accountingEntryId)).toEqual(
      storedItems(t, job.id).map((i) => i.accountingEntryId),
    )
  })

  it.each(['completed', 'completed_with_errors', 'failed'])(
    'answers 422 EXPORT_JOB_STATUS_UNPROCESSABLE once the job is %s',
    async (event) => {
      const job = await pressExport(t)
      await applyEvent(t, job.id, 'started')
      await read(await t.get(`/v3/export-items?job_id=${job.id}`), 200, exportItemsSchema)
      await applyEvent(t, job.id, event)
      await expectError(
        await t.get(`/v3/export-items?job_id=${job.id}`),
        422,
        'EXPORT_JOB_STATUS_UNPROCESSABLE',
      )
    },
  )

  it('answers 422 once the job has expired', async () => {
    const job = await pressExport(t, { expiresIn: 30 })
    await advance(t, 30)
    await expectError(
      await t.get(`/v3/export-items?job_id=${job.id}`),
      422,
      'EXPORT_JOB_STATUS_UNPROCESSABLE',
    )
  })

  it("answers 404 for an unknown job and another company's job", async () => {
    await expectError(await t.get(`/v3/export-items?job_id=${unknownId}`), 404, 'EXPORT_NOT_FOUND')
    const other = await createCompany(t)
    const theirs = await pressExport(t, { companyId: other.companyId })
    await expectError(await t.get(`/v3/export-items?job_id=${theirs.id}`), 404, 'EXPORT_NOT_FOUND')
    await read(
      await t.get(`/v3/export-items?job_id=${theirs.id}`, other.auth),
      200,
      exportItemsSchema,
    )
  })

  it('answers 400 for a job_id that is not a UUID and for sorting_keys', async () => {
    await expectError(await t.get('/v3/export-items?job_id=job-1'), 400, 'BAD_REQUEST')
    const [job] = await demoJobs(t)
    await expectError(
      await t.get(`/v3/export-items?job_id=${job?.id}&sorting_keys=date`),
      400,
      'BAD_REQUEST',
    )
  })

  it('answers 400 MISSING_CONTRA_ACCOUNTS for a company with unmapped contra accounts', async () => {
    const company = await createCompany(t, { contraAccountsMissing: true })
    const job = await pressExport(t, { companyId: company.companyId })
    await expectError(
      await t.get(`/v3/export-items?job_id=${job.id}`, company.auth),
      400,
      'MISSING_CONTRA_ACCOUNTS',
    )
    await expectError(await t.get('/v3/export-items', company.auth), 400, 'MISSING_CONTRA_ACCOUNTS')
  })

  describe('_links', () => {
    it('are absolute URLs on the origin the request came to', async () => {
      const job = await pressExport(t, { numberOfItems: 4 })
      for (const origin of [
        'http://localhost',
        'http://127.0.0.1:4010',
        'https://pleo.test:8443',
      ]) {
        const page = await read(
          await t.request(`${origin}/v3/export-items?job_id=${job.id}`, { headers: t.auth }),
          200,
          exportItemsSchema,
        )
        for (const item of page.data) {
          const urls = Object.values(item._links).flatMap((links) => Object.values(links ?? {}))
          expect(Object.keys(item._links).sort()).toEqual(['api', 'mobile', 'web'])
          expect(urls).toHaveLength(3)
          for (const url of urls) expect(new URL(url).origin).toBe(origin)
        }
      }
    })

    it('each answers 200: the api link with the one item, web and mobile with its page', async () => {
      const job = await pressExport(t, { numberOfItems: 5, vendorBasedBookkeeping: true })
      const origin = 'http://fake-pleo.test:4010'
      const page = await read(
        await t.request(`${origin}/v3/export-items?job_id=${job.id}`, { headers: t.auth }),
        200,
        exportItemsSchema,
      )
      for (const item of page.data) {
        const api = await read(
          await t.request(item._links.api?.exportItem ?? '', { headers: t.auth }),
          200,
          exportItemsSchema,
        )
        expect(api.data).toEqual([item])
        for (const url of [item._links.web?.exportItem, item._links.mobile?.exportItem]) {
          const response = await t.request(url ?? '')
          const html = await response.text()
          expect(response.status, url).toBe(200)
          expect(response.headers.get('content-type')).toMatch(/^text\/html/)
          expect(html).toContain(item.accountingEntryId)
          expect(html).toContain(item.additionalInformation.reconciliationId)
          for (const file of item.files ?? []) {
            expect(html).toContain(`href="${file?.url.split('?')[0] ?? ''}?expires=`)
          }
        }
        const journal = await lastJournalEntry(t)
        expect(journal).toMatchObject({
          path: `/_sim/export-items/${item.accountingEntryId}`,
          query: 'view=mobile',
          status: 200,
          companyId: t.companyId,
        })
      }
    })

    it('the api link finds its item among the items of all open jobs, too', async () => {
      await pressExport(t, { numberOfItems: 3 })
      const page = await read(await t.get('/v3/export-items?limit=100'), 200, exportItemsSchema)
      expect(page.data.length).toBeGreaterThan(3)
      for (const item of page.data) {
        const api = await read(
          await t.get(item._links.api?.exportItem ?? ''),
          200,
          exportItemsSchema,
        )
        expect(api.data.map((i) => i.accountingEntryId)).toEqual([item.accountingEntryId])
      }
    })

    it('the page of an unknown entry is a 404', async () => {
      await expectError(await t.get(`/_sim/export-items/${unknownId}`, {}), 404, 'NOT_FOUND')
    })
  })
})
