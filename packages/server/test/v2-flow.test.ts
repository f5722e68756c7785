// Pleo's /v2 export routes, the main flow an integration written against v2 runs: list the
// pending jobs, read one, claim it with `started`, read its items, fetch the export items while
// the job is open, report outcomes with PUT, complete it; then export items answer 422 and item
// updates 422. Each step is checked against what the fake recorded (the store and the journal),
// and every answer is parsed with the strict v2 schemas. Also job creation over v2 (201, 409,
// and the decision-0015 answer for unmapped contra accounts), the 413 limit and 404s.
import { describe, expect, it } from 'vitest'
import { inProcessFake } from './helpers.ts'
import {
  createCompany,
  expectError,
  jobCount,
  lastJournalEntry,
  pressExport,
  read,
  readJournal,
  stateWithoutJournal,
  storedItems,
  storedJob,
  unknownId,
} from './support.ts'
import {
  exportItemsV2Schema,
  itemV2ListSchema,
  itemV2UpdateSchema,
  jobV2BodySchema,
  jobV2ListSchema,
  sendEventOver,
} from './v2-support.ts'

describe('the export flow over /v2', () => {
  it('list, get, started, items, export items, PUT, completed; then 422', async () => {
    using t = inProcessFake()
    const job = await pressExport(t, { numberOfItems: 3, vendorBasedBookkeeping: true })
    const journalStart = (await readJournal(t)).at(-1)?.id ?? 0

    const listed = await read(
      await t.get('/v2/export-jobs?statuses=pending&sorting_keys=createdAt&sorting_order=ASC'),
      200,
      jobV2ListSchema,
    )
    expect(listed.data.map((j) => j.id)).toContain(job.id)
    expect(listed.data.every((j) => j.status === 'pending')).toBe(true)

    const got = await read(await t.get(`/v2/export-jobs/${job.id}`), 200, jobV2BodySchema)
    expect(got.data).toMatchObject({ id: job.id, status: 'pending', numberOfItems: 3 })

    const claimed = await sendEventOver(t, 'v2', job.id, 'started')
    expect(claimed.status).toBe(202)
    expect(await claimed.text()).toBe('')
    expect(storedJob(t, job.id)).toMatchObject({ status: 'in_progress' })
    expect(storedJob(t, job.id).startedAt).not.toBeNull()

    const items = await read(await t.get(`/v2/export-jobs/${job.id}/items`), 200, itemV2ListSchema)
    const entries = storedItems(t, job.id).map((i) => i.accountingEntryId)
    expect(items.data.map((i) => i.accountingEntryId)).toEqual(entries)
    expect(items.data.every((i) => i.status === 'pending' && i.exportJobId === job.id)).toBe(true)

    const payloads = await read(
      await t.get(`/v2/export-items?job_id=${job.id}`),
      200,
      exportItemsV2Schema,
    )
    expect(payloads.data.map((i) => i.accountingEntryId)).toEqual(entries)
    const stored = t.store.listExportItems(
      { companyId: t.companyId, jobId: job.id },
      {
        limit: 100,
        sort: [{ column: 'seq', desc: false }],
      },
    ).rows
    payloads.data.forEach((item, i) => {
      const v3 = stored[i]?.item
      // The same entry as the store holds (v2-shapes.test.ts checks the v2 fields one by one).
      expect(item).toMatchObject({ amount: v3?.amount, date: v3?.date, type: v3?.type })
      expect(item.files?.map((f) => f?.size)).toEqual(v3?.files?.map((f) => f?.size))
    })

    const [a, b, c] = entries
    const put = await read(
      await t.send('PUT', `/v2/export-jobs/${job.id}/items`, [
        {
          accountingEntryId: a,
          status: 'successful',
          externalId: 'JE-1',
          exportedAt: '2026-01-02T03:04:05+01:00',
        },
        {
          accountingEntryId: b,
          status: 'failed',
          failureReasonType: 'accounting_system_validation_failure',
          failureReason: 'Vendor not found in ERP',
        },
        { accountingEntryId: c, status: 'successful' },
        { accountingEntryId: unknownId, status: 'successful' },
      ]),
      200,
      itemV2UpdateSchema,
    )
    expect(put.data.map((i) => [i.accountingEntryId, i.status])).toEqual([
      [a, 'successful'],
      [b, 'failed'],
      [c, 'successful'],
    ])
    expect(put.errors).toEqual([
      expect.objectContaining({ accountingEntryId: unknownId, type: expect.any(String) }),
    ])
    expect(storedItems(t, job.id)).toEqual([
      expect.objectContaining({
        accountingEntryId: a,
        status: 'successful',
        externalId: 'JE-1',
        exportedAt: '2026-01-02T02:04:05Z',
      }),
      expect.objectContaining({
        accountingEntryId: b,
        status: 'failed',
        failureReasonType: 'accounting_system_validation_failure',
      }),
      expect.objectContaining({ accountingEntryId: c, status: 'successful' }),
    ])

    expect((await sendEventOver(t, 'v2', job.id, 'completed_with_errors')).status).toBe(202)
    expect(storedJob(t, job.id).status).toBe('completed_with_errors')
    expect(storedJob(t, job.id).completedAt).not.toBeNull()

    await expectError(
      await t.get(`/v2/export-items?job_id=${job.id}`),
      422,
      'EXPORT_JOB_STATUS_UNPROCESSABLE',
    )
    await expectError(
      await t.send('PUT', `/v2/export-jobs/${job.id}/items`, [
        { accountingEntryId: a, status: 'failed' },
      ]),
      422,
      'EXPORT_JOB_STATUS_UNPROCESSABLE',
    )
    expect(storedItems(t, job.id)[0]?.status).toBe('successful')
    const after = await read(await t.get(`/v2/export-jobs/${job.id}/items`), 200, itemV2ListSchema)
    expect(after.data.map((i) => i.status)).toEqual(['successful', 'failed', 'successful'])

    const journal = (await readJournal(t, journalStart)).map((e) => ({
      method: e.method,
      path: e.path,
      status: e.status,
      jobId: e.jobId,
      event: e.event,
      companyId: e.companyId,
    }))
    const on = { jobId: job.id, companyId: t.companyId }
    expect(journal).toEqual([
      expect.objectContaining({ method: 'GET', path: '/v2/export-jobs', status: 200 }),
      { method: 'GET', path: `/v2/export-jobs/${job.id}`, status: 200, event: null, ...on },
      { method: 'POST', path: '/v2/export-job-events', status: 202, event: 'started', ...on },
      { method: 'GET', path: `/v2/export-jobs/${job.id}/items`, status: 200, event: null, ...on },
      { method: 'GET', path: '/v2/export-items', status: 200, event: null, ...on },
      { method: 'PUT', path: `/v2/export-jobs/${job.id}/items`, status: 200, event: null, ...on },
      {
        method: 'POST',
        path: '/v2/export-job-events',
        status: 202,
        event: 'completed_with_errors',
        ...on,
      },
      { method: 'GET', path: '/v2/export-items', status: 422, event: null, ...on },
      { method: 'PUT', path: `/v2/export-jobs/${job.id}/items`, status: 422, event: null, ...on },
      { method: 'GET', path: `/v2/export-jobs/${job.id}/items`, status: 200, event: null, ...on },
    ])
  })

  it('a second started over v2 answers 422 and changes nothing', async () => {
    using t = inProcessFake()
    const job = await pressExport(t)
    expect((await sendEventOver(t, 'v2', job.id, 'started')).status).toBe(202)
    const state = stateWithoutJournal(t)
    await expectError(
      await sendEventOver(t, 'v2', job.id, 'started'),
      422,
      'INVALID_EXPORT_JOB_STATUS_CHANGE',
    )
    expect(stateWithoutJournal(t)).toEqual(state)
    expect(await lastJournalEntry(t)).toMatchObject({
      path: '/v2/export-job-events',
      status: 422,
      jobId: job.id,
      event: 'started',
    })
  })

  it('export item links point at /v2 and answer there; receipts download', async () => {
    using t = inProcessFake()
    const job = await pressExport(t, { numberOfItems: 3 })
    const origin = 'http://fake-pleo.test:4010'
    const page = await read(
      await t.request(`${origin}/v2/export-items?job_id=${job.id}`, { headers: t.auth }),
      200,
      exportItemsV2Schema,
    )
    for (const item of page.data) {
      const api = item._links.api?.exportItem ?? ''
      expect(api.startsWith(`${origin}/v2/export-items?job_id=${job.id}&offset=`)).toBe(true)
      const one = await read(await t.request(api, { headers: t.auth }), 200, exportItemsV2Schema)
      expect(one.data.map((i) => i.accountingEntryId)).toEqual([item.accountingEntryId])
      for (const file of item.files ?? []) {
        const response = await t.request(file?.url ?? '')
        expect(response.status, file?.url).toBe(200)
        expect((await response.arrayBuffer()).byteLength).toBe(file?.size)
      }
    }
  })
})

describe('POST /v2/export-jobs', () => {
  const entries = ['bbbbbbbb-0000-4000-8000-000000000001', 'bbbbbbbb-0000-4000-8000-000000000002']

  it('creates a pending job (201, the v2 shape) whose export items are the entries named', async () => {
    using t = inProcessFake()
    const created = await read(
      await t.send('POST', '/v2/export-jobs', {
        accountingEntryIds: entries,
        companyId: t.companyId,
        isInteractive: false,
      }),
      201,
      jobV2BodySchema,
    )
    expect(created.data).toMatchObject({
      status: 'pending',
      numberOfItems: 2,
      isInteractive: false,
      failureReasonType: null,
    })
    expect(storedJob(t, created.data.id)).toMatchObject({ status: 'pending', isInteractive: false })
    expect(storedItems(t, created.data.id).map((i) => i.accountingEntryId)).toEqual(entries)
    expect(await lastJournalEntry(t)).toMatchObject({
      method: 'POST',
      path: '/v2/export-jobs',
      status: 201,
      jobId: created.data.id,
    })
  })

  it('answers 409 EXPORT_ALREADY_IN_PROGRESS while the company has a job in progress', async () => {
    using t = inProcessFake()
    const job = await pressExport(t)
    expect((await sendEventOver(t, 'v2', job.id, 'started')).status).toBe(202)
    const jobs = jobCount(t)
    await expectError(
      await t.send('POST', '/v2/export-jobs', {
        accountingEntryIds: entries,
        companyId: t.companyId,
      }),
      409,
      'EXPORT_ALREADY_IN_PROGRESS',
    )
    expect(jobCount(t)).toBe(jobs)
  })

  it('answers 400 MISSING_CONTRA_ACCOUNTS as v3 does (decision 0015), here and on export items', async () => {
    using t = inProcessFake()
    const company = await createCompany(t, { contraAccountsMissing: true })
    const state = stateWithoutJournal(t)
    await expectError(
      await t.send(
        'POST',
        '/v2/export-jobs',
        { accountingEntryIds: entries, companyId: company.companyId },
        company.auth,
      ),
      400,
      'MISSING_CONTRA_ACCOUNTS',
    )
    expect(stateWithoutJournal(t)).toEqual(state)
    const job = await pressExport(t, { companyId: company.companyId })
    await expectError(
      await t.get(`/v2/export-items?job_id=${job.id}`, company.auth),
      400,
      'MISSING_CONTRA_ACCOUNTS',
    )
  })
})

describe('v2 errors', () => {
  it('413 for more than 100 updates, 404 for unknown and other companies’ jobs', async () => {
    using t = inProcessFake()
    const job = await pressExport(t)
    expect((await sendEventOver(t, 'v2', job.id, 'started')).status).toBe(202)
    const state = stateWithoutJournal(t)
    const many = Array.from({ length: 101 }, () => ({
      accountingEntryId: unknownId,
      status: 'successful',
    }))
    await expectError(
      await t.send('PUT', `/v2/export-jobs/${job.id}/items`, many),
      413,
      'EXPORT_JOB_ITEMS_UPDATE_LIMIT',
    )
    expect(stateWithoutJournal(t)).toEqual(state)
    const other = await createCompany(t)
    const theirs = await pressExport(t, { companyId: other.companyId })
    const before = stateWithoutJournal(t)
    for (const id of [unknownId, theirs.id]) {
      await expectError(await t.get(`/v2/export-jobs/${id}`), 404, 'EXPORT_NOT_FOUND')
      await expectError(await t.get(`/v2/export-jobs/${id}/items`), 404, 'EXPORT_NOT_FOUND')
      await expectError(await t.get(`/v2/export-items?job_id=${id}`), 404, 'EXPORT_NOT_FOUND')
      await expectError(await sendEventOver(t, 'v2', id, 'started'), 404, 'EXPORT_NOT_FOUND')
      await expectError(
        await t.send('PUT', `/v2/export-jobs/${id}/items`, []),
        404,
        'EXPORT_NOT_FOUND',
      )
    }
    expect(stateWithoutJournal(t)).toEqual(before)
  })
})
