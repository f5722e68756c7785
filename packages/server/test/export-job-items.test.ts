// GET and PUT /v3/export-jobs/{jobId}/items, the control layer. GET lists a job's items in job
// order with a `status` filter and pagination; PUT takes a bare array (a `{items}` wrapper is a
// 400), at most 100 updates (101 → 413 EXPORT_JOB_ITEMS_UPDATE_LIMIT, nothing applied), applies
// the valid ones and reports the rest in `errors` (ACCOUNTING_ENTRY_DOES_NOT_EXIST,
// EXPORT_ENTRY_STATUS_UPDATE_FAILED), answers 422 EXPORT_JOB_STATUS_UNPROCESSABLE once the job
// has finished or expired, and refreshes the job's lastUpdatedAt, which pushes its expiry back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessFake } from './helpers.ts'
import {
  advance,
  applyEvent,
  createCompany,
  expectError,
  itemListSchema,
  itemUpdateSchema,
  lastJournalEntry,
  pressExport,
  read,
  stateWithoutJournal,
  storedItems,
  storedJob,
  unknownId,
  type Fake,
} from './support.ts'

const itemsPath = (jobId: string) => `/v3/export-jobs/${jobId}/items`

describe('GET /v3/export-jobs/{jobId}/items', () => {
  let t: Fake
  let jobId: string
  afterEach(() => t.close())
  beforeEach(async () => {
    t = inProcessFake()
    jobId = (await pressExport(t, { numberOfItems: 4 })).id
  })

  it('lists the job’s items in job order, as the store holds them', async () => {
    const list = await read(await t.get(itemsPath(jobId)), 200, itemListSchema)
    const stored = storedItems(t, jobId)
    expect(stored).toHaveLength(4)
    expect(list.data).toEqual(
      stored.map((item) => ({
        accountingEntryId: item.accountingEntryId,
        exportJobId: jobId,
        status: 'pending',
        exportedAt: null,
        externalId: null,
        externalUrl: null,
        failureReason: null,
      })),
    )
    expect(list.data.some((item) => 'failureReasonType' in item)).toBe(false)
    expect(list.pagination).toMatchObject({
      currentRequestPagination: { parameters: {}, limit: 50 },
      hasNextPage: false,
      hasPreviousPage: false,
      total: 4,
    })
  })

  it('filters by status', async () => {
    await applyEvent(t, jobId, 'started')
    const [a, b] = storedItems(t, jobId)
    const put = await t.send('PUT', itemsPath(jobId), [
      { accountingEntryId: a?.accountingEntryId, status: 'successful' },
      { accountingEntryId: b?.accountingEntryId, status: 'failed' },
    ])
    expect(put.status).toBe(200)
    const successful = await read(
      await t.get(`${itemsPath(jobId)}?status=successful`),
      200,
      itemListSchema,
    )
    expect(successful.data.map((i) => i.accountingEntryId)).toEqual([a?.accountingEntryId])
    expect(successful.pagination.currentRequestPagination.parameters).toEqual({
      status: ['successful'],
    })
    const pending = await read(
      await t.get(`${itemsPath(jobId)}?status=pending`),
      200,
      itemListSchema,
    )
    expect(pending.data).toHaveLength(2)
    expect(pending.pagination.total).toBe(2)
    await expectError(await t.get(`${itemsPath(jobId)}?status=done`), 400, 'BAD_REQUEST')
  })

  it('pages with limit and after', async () => {
    const first = await read(await t.get(`${itemsPath(jobId)}?limit=3`), 200, itemListSchema)
    expect(first.pagination).toMatchObject({ hasNextPage: true, total: 4 })
    const second = await read(
      await t.get(`${itemsPath(jobId)}?limit=3&after=${first.pagination.endCursor}`),
      200,
      itemListSchema,
    )
    expect(second.pagination).toMatchObject({ hasNextPage: false, hasPreviousPage: true })
    expect([...first.data, ...second.data].map((i) => i.accountingEntryId)).toEqual(
      storedItems(t, jobId).map((i) => i.accountingEntryId),
    )
  })

  it('still lists the items of a finished job', async () => {
    await applyEvent(t, jobId, 'failed')
    const list = await read(await t.get(itemsPath(jobId)), 200, itemListSchema)
    expect(list.data.map((i) => i.status)).toEqual([
      'abandoned',
      'abandoned',
      'abandoned',
      'abandoned',
    ])
  })

  it("answers 404 for an unknown job and another company's job, 400 for a non-UUID", async () => {
    await expectError(await t.get(itemsPath(unknownId)), 404, 'EXPORT_NOT_FOUND')
    const other = await createCompany(t)
    await expectError(await t.get(itemsPath(jobId), other.auth), 404, 'EXPORT_NOT_FOUND')
    await expectError(await t.get(itemsPath('job-1')), 400, 'BAD_REQUEST')
  })
})

describe('PUT /v3/export-jobs/{jobId}/items', () => {
  let t: Fake
  let jobId: string
  let entries: string[]
  afterEach(() => t.close())
  beforeEach(async () => {
    t = inProcessFake()
    jobId = (await pressExport(t, { numberOfItems: 3 })).id
    await applyEvent(t, jobId, 'started')
    entries = storedItems(t, jobId).map((i) => i.accountingEntryId)
  })

  const put = (id: string, body: unknown, headers?: Record<string, string>) =>
    t.send('PUT', itemsPath(id), body, headers)

  it('applies a bare array of updates and stores every field', async () => {
    const [a, b] = entries
    const body = await read(
      await put(jobId, [
        {
          accountingEntryId: a,
          status: 'successful',
          exportedAt: '2024-03-01T10:20:30Z',
          externalId: 'JE-1001',
          externalUrl: 'https://erp.example/je/1001',
        },
        {
          accountingEntryId: b,
          status: 'failed',
          failureReason: 'Account 7140 is locked',
          failureReasonType: 'account_unknown',
        },
      ]),
      200,
      itemUpdateSchema,
    )
    expect(body.errors).toEqual([])
    expect(body.data.map((i) => [i.accountingEntryId, i.status])).toEqual([
      [a, 'successful'],
      [b, 'failed'],
    ])
    expect(storedItems(t, jobId)).toEqual([
      {
        jobId,
        accountingEntryId: a,
        status: 'successful',
        exportedAt: '2024-03-01T10:20:30Z',
        externalId: 'JE-1001',
        externalUrl: 'https://erp.example/je/1001',
        failureReason: null,
        failureReasonType: null,
      },
      {
        jobId,
        accountingEntryId: b,
        status: 'failed',
        exportedAt: null,
        externalId: null,
        externalUrl: null,
        failureReason: 'Account 7140 is locked',
        failureReasonType: 'account_unknown',
      },
      expect.objectContaining({ accountingEntryId: entries[2], status: 'pending' }),
    ])
    expect(await lastJournalEntry(t)).toMatchObject({ method: 'PUT', status: 200, jobId })
  })

  it('accepts an empty array', async () => {
    const body = await read(await put(jobId, []), 200, itemUpdateSchema)
    expect(body).toEqual({ data: [], errors: [] })
  })

  it('refuses a {items: [...]} wrapper with 400 and applies nothing', async () => {
    const state = stateWithoutJournal(t)
    const message = await expectError(
      await put(jobId, { items: [{ accountingEntryId: entries[0], status: 'successful' }] }),
      400,
      'BAD_REQUEST',
    )
    expect(message).toContain('array')
    expect(stateWithoutJournal(t)).toEqual(state)
  })

  it('accepts 100 updates and refuses 101 with 413, applying none of them', async () => {
    const big = (await pressExport(t, { numberOfItems: 101 })).id
    await applyEvent(t, big, 'started')
    const ids = storedItems(t, big).map((i) => i.accountingEntryId)
    const updates = ids.map((accountingEntryId) => ({ accountingEntryId, status: 'successful' }))

    const state = stateWithoutJournal(t)
    const message = await expectError(await put(big, updates), 413, 'EXPORT_JOB_ITEMS_UPDATE_LIMIT')
    expect(message).toContain('101')
    expect(stateWithoutJournal(t)).toEqual(state)

    const body = await read(await put(big, updates.slice(0, 100)), 200, itemUpdateSchema)
    expect(body.data).toHaveLength(100)
    expect(storedItems(t, big).map((i) => i.status)).toEqual([
      ...Array<string>(100).fill('successful'),
      'pending',
    ])
  })

  it('answers 413 for 101 updates before looking at them', async () => {
    await expectError(await put(jobId, Array(101).fill({})), 413, 'EXPORT_JOB_ITEMS_UPDATE_LIMIT')
  })

  it('reports an unknown accounting entry in errors and applies the rest', async () => {
    const body = await read(
      await put(jobId, [
        { accountingEntryId: unknownId, status: 'successful' },
        { accountingEntryId: entries[0], status: 'successful' },
      ]),
      200,
      itemUpdateSchema,
    )
    expect(body.errors).toEqual([
      {
        accountingEntryId: unknownId,
        type: 'ACCOUNTING_ENTRY_DOES_NOT_EXIST',
        message: expect.stringContaining(unknownId),
      },
    ])
    expect(body.data.map((i) => i.accountingEntryId)).toEqual([entries[0]])
    expect(storedItems(t, jobId)[0]?.status).toBe('successful')
  })

  it('reports an entry of another job of the same company as EXPORT_ENTRY_STATUS_UPDATE_FAILED', async () => {
    const sibling = (await pressExport(t, { numberOfItems: 1 })).id
    const [theirs] = storedItems(t, sibling)
    const body = await read(
      await put(jobId, [{ accountingEntryId: theirs?.accountingEntryId, status: 'successful' }]),
      200,
      itemUpdateSchema,
    )
    expect(body).toEqual({
      data: [],
      errors: [
        {
          accountingEntryId: theirs?.accountingEntryId,
          type: 'EXPORT_ENTRY_STATUS_UPDATE_FAILED',
          message: expect.stringContaining(jobId),
        },
      ],
    })
    expect(storedItems(t, sibling)[0]?.status).toBe('pending')
  })

  it("reports another company's entry as not existing, without touching it", async () => {
    const other = await createCompany(t)
    const foreign = (await pressExport(t, { companyId: other.companyId, numberOfItems: 1 })).id
    const [theirs] = storedItems(t, foreign)
    const body = await read(
      await put(jobId, [{ accountingEntryId: theirs?.accountingEntryId, status: 'successful' }]),
      200,
      itemUpdateSchema,
    )
    expect(body.errors.map((e) => e.type)).toEqual(['ACCOUNTING_ENTRY_DOES_NOT_EXIST'])
    expect(storedItems(t, foreign)[0]?.status).toBe('pending')
  })

  it.each(['completed', 'completed_with_errors', 'failed'])(
    'answers 422 EXPORT_JOB_STATUS_UNPROCESSABLE once the job is %s',
    async (event) => {
      await applyEvent(t, jobId, event)
      const state = stateWithoutJournal(t)
      await expectError(
        await put(jobId, [{ accountingEntryId: entries[0], status: 'successful' }]),
        422,
        'EXPORT_JOB_STATUS_UNPROCESSABLE',
      )
      expect(stateWithoutJournal(t)).toEqual(state)
    },
  )

  it('answers 422 once the job has expired', async () => {
    const expiring = (await pressExport(t, { expiresIn: 60 })).id
    await applyEvent(t, expiring, 'started')
    const [item] = storedItems(t, expiring)
    await advance(t, 60)
    await expectError(
      await put(expiring, [{ accountingEntryId: item?.accountingEntryId, status: 'successful' }]),
      422,
      'EXPORT_JOB_STATUS_UNPROCESSABLE',
    )
    expect(storedItems(t, expiring)[0]?.status).toBe('abandoned')
  })

  it("refreshes the job's lastUpdatedAt, which pushes its expiry back", async () => {
    const expiring = (await pressExport(t, { expiresIn: 60 })).id
    await applyEvent(t, expiring, 'started')
    const [first, second] = storedItems(t, expiring)
    const at = await advance(t, 50)
    await read(
      await put(expiring, [{ accountingEntryId: first?.accountingEntryId, status: 'successful' }]),
      200,
      itemUpdateSchema,
    )
    expect(storedJob(t, expiring).lastUpdatedAt).toBe(at)
    await advance(t, 59)
    expect(storedJob(t, expiring).status).toBe('in_progress')
    await read(
      await put(expiring, [{ accountingEntryId: second?.accountingEntryId, status: 'successful' }]),
      200,
      itemUpdateSchema,
    )
    expect(storedJob(t, expiring).lastUpdatedAt).toBe(at + 59_000)
  })

  it("answers 404 for an unknown job and another company's job", async () => {
    const update = [{ accountingEntryId: entries[0], status: 'successful' }]
    const state = stateWithoutJournal(t)
    await expectError(await put(unknownId, update), 404, 'EXPORT_NOT_FOUND')
    const other = await createCompany(t)
    const afterCompany = stateWithoutJournal(t)
    await expectError(await put(jobId, update, other.auth), 404, 'EXPORT_NOT_FOUND')
    expect(stateWithoutJournal(t)).toEqual(afterCompany)
    expect(afterCompany.export_job_items).toEqual(state.export_job_items)
  })

  it('answers 400 for a bad job id or a bad update, applying nothing', async () => {
    const state = stateWithoutJournal(t)
    await expectError(
      await put('job-1', [{ accountingEntryId: entries[0], status: 'successful' }]),
      400,
      'BAD_REQUEST',
    )
    const bad: unknown[] = [
      [{ accountingEntryId: entries[0], status: 'done' }],
      [{ accountingEntryId: 'entry-1', status: 'successful' }],
      [{ accountingEntryId: entries[0], status: 'successful', exportedAt: 'yesterday' }],
      [{ accountingEntryId: entries[0], status: 'failed', failureReasonType: 'gremlins' }],
      [{ accountingEntryId: entries[0], status: 'successful' }, { status: 'successful' }],
    ]
    for (const body of bad) await expectError(await put(jobId, body), 400, 'BAD_REQUEST')
    expect(stateWithoutJournal(t)).toEqual(state)
  })
})
