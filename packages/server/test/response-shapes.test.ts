// What the fake sends for the optional fields of ExportJobV3 and ExportJobItemV3: failureReasonType
// (optional, never null in the spec) is left out while the job or item has none, and present once
// it has one; the nullable fields (startedAt, failureReason, exportedAt, …) are sent as null.
// Checked on every route that answers jobs or items: create, get, list, items GET and PUT, and the
// control API's "press Export".
import { describe, expect, it } from 'vitest'
import { inProcessFake } from './helpers.ts'
import {
  applyEvent,
  itemListSchema,
  itemUpdateSchema,
  jobBodySchema,
  jobListSchema,
  pressExport,
  read,
  storedItems,
  storedJob,
} from './support.ts'

describe('ExportJobV3.failureReasonType', () => {
  it('is left out while the job has none, on every route that answers jobs', async () => {
    using t = inProcessFake()
    const pressed = await pressExport(t)
    const entries = storedItems(t, pressed.id).map((i) => i.accountingEntryId)
    await applyEvent(t, pressed.id, 'failed', { failureReason: 'no reason type' })
    const created = await read(
      await t.send('POST', '/v3/export-jobs', {
        accountingEntryIds: entries.slice(0, 1),
        companyId: t.companyId,
      }),
      201,
      jobBodySchema,
    )
    const got = await read(await t.get(`/v3/export-jobs/${pressed.id}`), 200, jobBodySchema)
    const listed = await read(await t.get('/v3/export-jobs'), 200, jobListSchema)

    expect(storedJob(t, pressed.id).failureReasonType).toBeNull()
    for (const job of [pressed, created.data, got.data, ...listed.data]) {
      expect(job, job.id).not.toHaveProperty('failureReasonType')
    }
    expect(got.data).toMatchObject({ failureReason: 'no reason type', status: 'failed' })
    expect(created.data).toMatchObject({ startedAt: null, failureReason: null, expiredAt: null })
  })

  it('is present once the job has one', async () => {
    using t = inProcessFake()
    const job = await pressExport(t)
    await applyEvent(t, job.id, 'failed', { failureReasonType: 'service_unreachable' })
    const got = await read(await t.get(`/v3/export-jobs/${job.id}`), 200, jobBodySchema)
    expect(got.data.failureReasonType).toBe('service_unreachable')
    const listed = await read(await t.get('/v3/export-jobs?statuses=failed'), 200, jobListSchema)
    expect(listed.data.map((j) => j.failureReasonType)).toEqual(['service_unreachable'])
  })
})

describe('ExportJobItemV3.failureReasonType', () => {
  it('is left out for items without one and present for items with one', async () => {
    using t = inProcessFake()
    const job = await pressExport(t, { numberOfItems: 3 })
    await applyEvent(t, job.id, 'started')
    const [a, b, c] = storedItems(t, job.id).map((i) => i.accountingEntryId)
    const put = await read(
      await t.send('PUT', `/v3/export-jobs/${job.id}/items`, [
        { accountingEntryId: a, status: 'successful' },
        { accountingEntryId: b, status: 'failed', failureReasonType: 'vendor_unknown' },
        { accountingEntryId: c, status: 'failed', failureReason: 'only a reason' },
      ]),
      200,
      itemUpdateSchema,
    )
    const listed = await read(await t.get(`/v3/export-jobs/${job.id}/items`), 200, itemListSchema)
    for (const items of [put.data, listed.data]) {
      const [ok, typed, untyped] = items
      expect(ok).not.toHaveProperty('failureReasonType')
      expect(typed?.failureReasonType).toBe('vendor_unknown')
      expect(untyped).not.toHaveProperty('failureReasonType')
      expect(untyped).toMatchObject({ failureReason: 'only a reason', exportedAt: null })
    }
    expect(storedItems(t, job.id).map((i) => i.failureReasonType)).toEqual([
      null,
      'vendor_unknown',
      null,
    ])
  })
})
