// The control API's read views behind the web app: GET /_sim/companies (each company with its API
// keys), GET /_sim/board (counts by status, a page of jobs newest first with item progress and
// expiry time, the next expiry), GET /_sim/export-jobs/{jobId} (items, accounting entries, the
// job's journal entries, its webhook messages and attempts) and GET /_sim/messages. Each answer is
// checked against what the store recorded; bad input is a {type, message} 400 or 404.
import { describe, expect, it } from 'vitest'
import { inProcessFake } from './helpers.ts'

type Board = {
  counts: Record<string, number>
  total: number
  nextExpiryAt: string | null
  jobs: { id: string; status: string; expiresAt: string | null; items: Record<string, number> }[]
}

async function dataOf<T>(response: Response, status = 200): Promise<T> {
  expect(response.status).toBe(status)
  return ((await response.json()) as { data: T }).data
}

describe('control views', () => {
  it('lists the companies with their API keys', async () => {
    using t = inProcessFake()
    const companies = await dataOf<{ id: string; apiKeys: string[] }[]>(
      await t.get('/_sim/companies', {}),
    )
    expect(companies).toEqual([expect.objectContaining({ id: t.companyId, apiKeys: [t.apiKey] })])
  })

  it('shows the board: counts, newest first, item progress, expiry, paging and a status filter', async () => {
    using t = inProcessFake()
    const job = await t.control.pressExport({ numberOfItems: 3 })
    expect(
      (await t.send('POST', '/v3/export-job-events', { jobId: job.id, event: 'started' })).status,
    ).toBe(202)
    const items = await dataOf<{ accountingEntryId: string }[]>(
      await t.get(`/v3/export-jobs/${job.id}/items`),
    )
    const update = [
      {
        accountingEntryId: items[0]?.accountingEntryId,
        status: 'successful',
        exportedAt: '2025-01-01T00:00:00Z',
      },
      {
        accountingEntryId: items[1]?.accountingEntryId,
        status: 'failed',
        failureReasonType: 'receipt_upload_failure',
        failureReason: 'no',
      },
    ]
    expect((await t.send('PUT', `/v3/export-jobs/${job.id}/items`, update)).status).toBe(200)

    const board = await dataOf<Board>(await t.get(`/_sim/board?companyId=${t.companyId}`, {}))
    expect(board.counts).toMatchObject({ pending: 3, in_progress: 1, expired: 0 })
    expect(board.total).toBe(4)
    const stored = t.store.getJob(job.id)
    expect(board.jobs[0]).toMatchObject({
      id: job.id,
      status: 'in_progress',
      items: { total: 3, reported: 2, failed: 1 },
      expiresAt: new Date(
        (stored?.lastUpdatedAt ?? 0) + (stored?.expiresIn ?? 0) * 1000,
      ).toISOString(),
    })
    const expiries = board.jobs.map((j) => j.expiresAt ?? '').sort()
    expect(board.nextExpiryAt).toBe(expiries[0])

    const page = await dataOf<Board>(
      await t.get(`/_sim/board?companyId=${t.companyId}&status=pending&offset=1&limit=1`, {}),
    )
    expect(page.total).toBe(3)
    expect(page.jobs).toHaveLength(1)
    expect(page.jobs[0]?.status).toBe('pending')
  })

  it('shows one job: items, entries, its journal entries and its webhook messages', async () => {
    using t = inProcessFake({ webhookDelivery: 'off', webhooks: ['http://127.0.0.1:9/hook'] })
    const job = await t.control.pressExport({ numberOfItems: 2 })
    await t.send('POST', '/v3/export-job-events', { jobId: job.id, event: 'started' })
    await t.send('POST', '/v3/export-job-events', { jobId: job.id, event: 'started' })
    type Detail = {
      items: { accountingEntryId: string }[]
      entries: { accountingEntryId: string }[]
      journal: { method: string; path: string; status: number }[]
      messages: { eventType: string; jobId: string; state: string }[]
    }
    const detail = await dataOf<Detail>(await t.get(`/_sim/export-jobs/${job.id}`, {}))
    expect(detail.items.map((i) => i.accountingEntryId)).toEqual(
      detail.entries.map((e) => e.accountingEntryId),
    )
    expect(detail.items).toHaveLength(2)
    expect(detail.journal.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'POST /_sim/export-jobs 201',
      'POST /v3/export-job-events 202',
      'POST /v3/export-job-events 422',
    ])
    expect(detail.messages).toEqual([
      expect.objectContaining({
        eventType: 'v1.export-job.created',
        jobId: job.id,
        state: 'pending',
      }),
    ])
    const messages = await dataOf<Detail['messages']>(
      await t.get(`/_sim/messages?companyId=${t.companyId}`, {}),
    )
    expect(messages.map((m) => m.jobId)).toContain(job.id)
  })

  it('leaves answered view reads out of the journal, and records refused ones', async () => {
    using t = inProcessFake()
    const job = await t.control.pressExport()
    for (const path of [
      '/_sim/companies',
      `/_sim/board?companyId=${t.companyId}`,
      `/_sim/export-jobs/${job.id}`,
      `/_sim/messages?companyId=${t.companyId}`,
    ]) {
      expect((await t.get(path, {})).status, path).toBe(200)
    }
    expect((await t.get('/_sim/board?companyId=nope', {})).status).toBe(400)
    const paths = t.store.listJournal(0, 100).map((e) => `${e.method} ${e.path} ${e.status}`)
    expect(paths).toEqual(['POST /_sim/export-jobs 201', 'GET /_sim/board 400'])
  })

  it('answers bad input with {type, message}', async () => {
    using t = inProcessFake()
    const missing = '00000000-0000-4000-8000-000000000000'
    const cases: [string, number, string][] = [
      ['/_sim/board?companyId=nope', 400, 'BAD_REQUEST'],
      [`/_sim/board?companyId=${t.companyId}&status=done`, 400, 'BAD_REQUEST'],
      [`/_sim/board?companyId=${t.companyId}&limit=201`, 400, 'BAD_REQUEST'],
      [`/_sim/board?companyId=${missing}`, 404, 'COMPANY_NOT_FOUND'],
      [`/_sim/export-jobs/${missing}`, 404, 'EXPORT_NOT_FOUND'],
      [`/_sim/messages?companyId=${missing}`, 404, 'COMPANY_NOT_FOUND'],
    ]
    for (const [path, status, type] of cases) {
      const response = await t.get(path, {})
      expect(response.status, path).toBe(status)
      expect(await response.json(), path).toMatchObject({ type, message: expect.any(String) })
    }
  })
})
