// Every Export API v3 method against the in-process fake: the happy path checked against what the
// fake stored and journaled, and the error results (404, 422 on a repeated event, 400 with a
// message, the local 100-update limit, a body that breaks the contract).
import { describe, expect, it } from 'vitest'
import { createPleoClient } from '../src/index.ts'
import { dataOf, entry, setup, unknownId } from './support.ts'

describe('export jobs', () => {
  it('lists the demo jobs with snake_case and repeated query keys', async () => {
    const t = setup()
    const page = dataOf(
      await t.client.listExportJobs({
        companyId: t.companyId,
        statuses: ['pending', 'in_progress'],
        limit: 10,
      }),
    )
    expect(page.items).toHaveLength(3)
    expect(page.items.every((job) => job.status === 'pending')).toBe(true)
    expect(page.pagination.hasNextPage).toBe(false)
    const last = t.journal().at(-1)
    expect(last?.path).toBe('/v3/export-jobs')
    expect(last?.query).toContain(`company_id=${t.companyId}`)
    expect(last?.query).toContain('statuses=pending&statuses=in_progress')
  })

  it('gets one job as the store holds it', async () => {
    const t = setup()
    const [first] = dataOf(await t.client.listExportJobs()).items
    const job = dataOf(await t.client.getExportJob(first?.id ?? ''))
    expect(job.id).toBe(first?.id)
    expect(t.store.getJob(job.id)?.status).toBe(job.status)
  })

  it('creates a job (201) that the fake stores', async () => {
    const t = setup()
    const result = await t.client.createExportJob({
      accountingEntryIds: [entry(1), entry(2)],
      companyId: t.companyId,
    })
    const job = dataOf(result)
    expect(result.ok && result.response.status).toBe(201)
    expect(job.numberOfItems).toBe(2)
    expect(t.store.getJob(job.id)?.status).toBe('pending')
  })

  it('answers 404 EXPORT_NOT_FOUND as an error result', async () => {
    const t = setup()
    const result = await t.client.getExportJob(unknownId)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error).toMatchObject({ status: 404, type: 'EXPORT_NOT_FOUND' })
    expect(result.response?.status).toBe(404)
  })

  it('answers 400 with the message naming the field', async () => {
    const t = setup()
    const result = await t.client.createExportJob({
      accountingEntryIds: [],
      companyId: t.companyId,
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.status).toBe(400)
    expect(result.error.type).toBe('BAD_REQUEST')
    expect(result.error.message).toContain('accountingEntryIds')
  })
})

describe('events', () => {
  it('sends started (202, no data) and a second started is a 422 result', async () => {
    const t = setup()
    const [job] = dataOf(await t.client.listExportJobs()).items
    const jobId = job?.id ?? ''
    const first = await t.client.sendExportJobEvent({ jobId, event: 'started' })
    expect(first).toMatchObject({ ok: true, data: undefined })
    expect(t.store.getJob(jobId)?.status).toBe('in_progress')
    const second = await t.client.sendExportJobEvent({ jobId, event: 'started' })
    expect(second.ok).toBe(false)
    if (second.ok) return
    expect(second.error.status).toBe(422)
    expect(second.error.type).toBe('INVALID_EXPORT_JOB_STATUS_CHANGE')
    const events = t.journal().filter((row) => row.path === '/v3/export-job-events')
    expect(events.map((row) => [row.event, row.status])).toEqual([
      ['started', 202],
      ['started', 422],
    ])
  })

  it('sends failed with a reason', async () => {
    const t = setup()
    const [job] = dataOf(await t.client.listExportJobs()).items
    const jobId = job?.id ?? ''
    dataOf(await t.client.sendExportJobEvent({ jobId, event: 'started' }))
    const result = await t.client.sendExportJobEvent({
      jobId,
      event: 'failed',
      failureReason: 'the ledger is closed',
      failureReasonType: 'validation_failure',
    })
    expect(result.ok).toBe(true)
    expect(t.store.getJob(jobId)).toMatchObject({
      status: 'failed',
      failureReason: 'the ledger is closed',
    })
  })
})

describe('items', () => {
  it('lists a job items, updates them with a bare array and lists export items', async () => {
    const t = setup()
    const [job] = dataOf(await t.client.listExportJobs()).items
    const jobId = job?.id ?? ''
    const items = dataOf(await t.client.listExportJobItems(jobId, { status: 'pending', limit: 2 }))
    expect(items.items.length).toBeGreaterThan(0)
    expect(items.items.every((item) => item.exportJobId === jobId)).toBe(true)

    const exportItems = dataOf(await t.client.listExportItems({ jobId, limit: 2 }))
    expect(exportItems.items.length).toBeGreaterThan(0)

    dataOf(await t.client.sendExportJobEvent({ jobId, event: 'started' }))
    const target = items.items[0]?.accountingEntryId ?? ''
    const update = dataOf(
      await t.client.updateExportJobItems(jobId, [
        { accountingEntryId: target, status: 'successful', externalId: 'INV-1' },
      ]),
    )
    expect(update.errors).toEqual([])
    expect(update.items[0]).toMatchObject({ accountingEntryId: target, status: 'successful' })
    const stored = t.store
      .listJobItems(jobId, undefined, { limit: 1000, sort: [{ column: 'seq', desc: false }] })
      .rows.find((item) => item.accountingEntryId === target)
    expect(stored).toMatchObject({ status: 'successful', externalId: 'INV-1' })
    const put = t.journal().at(-1)
    expect([put?.method, put?.path, put?.status]).toEqual([
      'PUT',
      `/v3/export-jobs/${jobId}/items`,
      200,
    ])
  })

  it('refuses more than 100 updates locally, without sending', async () => {
    const t = setup()
    const before = t.journal().length
    const updates = Array.from({ length: 101 }, (_, n) => ({
      accountingEntryId: entry(n),
      status: 'successful' as const,
    }))
    const result = await t.client.updateExportJobItems(unknownId, updates)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.type).toBe('TOO_MANY_ITEMS')
    expect(result.error.message).toContain('100')
    expect(t.journal().length).toBe(before)
  })
})

describe('responses that break the contract', () => {
  it('turns a body that does not match into INVALID_RESPONSE, not a throw', async () => {
    const t = setup()
    const client = createPleoClient({
      baseUrl: 'http://fake.local',
      auth: { apiKey: t.apiKey },
      fetch: async (input, init) => {
        const real = await t.fake.app.request(String(input), init)
        const body = (await real.json()) as { data: Record<string, unknown> }
        return Response.json({ data: { ...body.data, status: 'nonsense' } }, { status: 200 })
      },
    })
    const [job] = dataOf(await t.client.listExportJobs()).items
    const result = await client.getExportJob(job?.id ?? '')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.type).toBe('INVALID_RESPONSE')
    expect(result.error.message).toContain('status')
  })
})
