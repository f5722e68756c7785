// GET /v3/export-jobs: the list envelope, the default order (by id, which the demo seed makes
// differ from age order) and the `created-asc` list-order option, sorting_keys/sorting_order,
// the company_id filter and its companyId alias (accepted with lenient; refused by default in
// lenient-aliases.test.ts), 403 for another company, repeated `statuses` keys, the limit bounds
// and every malformed pagination query.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { base32Encode, encodeCursor } from '@fake-pleo/contract'
import { inProcessFake } from './helpers.ts'
import {
  applyEvent,
  createCompany,
  demoJobs,
  expectError,
  jobListSchema,
  pressExport,
  read,
  stateWithoutJournal,
  type Fake,
} from './support.ts'

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
const byCreated = (a: { id: string; createdAt: string }, b: { id: string; createdAt: string }) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : byId(a, b)

describe('GET /v3/export-jobs', () => {
  let t: Fake
  afterEach(() => t.close())
  beforeEach(() => {
    t = inProcessFake()
  })

  it('answers the envelope {data, pagination} with the three seeded jobs', async () => {
    const list = await read(await t.get('/v3/export-jobs'), 200, jobListSchema)
    expect(list.data).toHaveLength(3)
    expect(list.data.every((j) => j.companyId === t.companyId && j.status === 'pending')).toBe(true)
    expect(list.pagination).toEqual({
      currentRequestPagination: { parameters: { company_id: [t.companyId] }, limit: 50 },
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: expect.any(String),
      endCursor: expect.any(String),
      total: 3,
    })
    const stored = t.store.snapshot().export_jobs?.map((row) => row.id)
    expect(list.data.map((j) => j.id).sort()).toEqual(stored?.sort())
  })

  it('orders by id by default, which is not age order', async () => {
    const jobs = await demoJobs(t)
    expect(jobs.map((j) => j.id)).toEqual([...jobs].sort(byId).map((j) => j.id))
    // The seed's point: the first job by id is not the oldest.
    const oldest = [...jobs].sort(byCreated)[0]
    expect(jobs[0]?.id).not.toBe(oldest?.id)
  })

  it('orders by creation time with listOrder created-asc', async () => {
    using fake = inProcessFake({ listOrder: 'created-asc' })
    const jobs = await demoJobs(fake)
    expect(jobs.map((j) => j.id)).toEqual([...jobs].sort(byCreated).map((j) => j.id))
    expect(jobs.map((j) => j.id)).not.toEqual([...jobs].sort(byId).map((j) => j.id))
  })

  it('sorts by createdAt ASC and DESC on request', async () => {
    const jobs = await demoJobs(t)
    const ascending = [...jobs].sort(byCreated).map((j) => j.id)
    const asc = await read(
      await t.get('/v3/export-jobs?sorting_keys=createdAt&sorting_order=ASC'),
      200,
      jobListSchema,
    )
    expect(asc.data.map((j) => j.id)).toEqual(ascending)
    expect(asc.pagination.currentRequestPagination).toMatchObject({
      sortingKeys: ['createdAt'],
      sortingOrder: ['ASC'],
    })
    const desc = await read(
      await t.get('/v3/export-jobs?sorting_keys=createdAt&sorting_order=DESC'),
      200,
      jobListSchema,
    )
    expect(desc.data.map((j) => j.id)).toEqual([...ascending].reverse())
  })

  it('sorts ascending when sorting_order is left out', async () => {
    const jobs = await demoJobs(t)
    const list = await read(
      await t.get('/v3/export-jobs?sorting_keys=createdAt'),
      200,
      jobListSchema,
    )
    expect(list.data.map((j) => j.id)).toEqual([...jobs].sort(byCreated).map((j) => j.id))
  })

  it('refuses an unknown sorting key, an unknown order and more orders than keys', async () => {
    const key = await expectError(
      await t.get('/v3/export-jobs?sorting_keys=amount'),
      400,
      'BAD_REQUEST',
    )
    expect(key).toContain("unknown key 'amount'")
    await expectError(
      await t.get('/v3/export-jobs?sorting_keys=createdAt&sorting_order=SIDEWAYS'),
      400,
      'BAD_REQUEST',
    )
    await expectError(
      await t.get('/v3/export-jobs?sorting_keys=createdAt&sorting_order=ASC&sorting_order=DESC'),
      400,
      'BAD_REQUEST',
    )
  })

  it('sort-shape guard: refuses a repeated sorting key and more keys than there are', async () => {
    const before = stateWithoutJournal(t)
    const repeated = await expectError(
      await t.get('/v3/export-jobs?sorting_keys=createdAt&sorting_keys=id&sorting_keys=createdAt'),
      400,
      'BAD_REQUEST',
    )
    expect(repeated).toContain('sorting_keys')
    expect(repeated).toContain("'createdAt' is given more than once")
    const many = Array.from({ length: 5 }, (_, i) => `sorting_keys=${['id', 'status'][i % 2]}`)
    const excess = await expectError(
      await t.get(`/v3/export-jobs?${many.join('&')}`),
      400,
      'BAD_REQUEST',
    )
    expect(excess).toContain('sorting_keys: 5 keys given; give at most 4')
    expect(stateWithoutJournal(t)).toEqual(before)
    const journaled = t.store.listJournal(0, 1000).slice(-2)
    expect(journaled.map((e) => e.status)).toEqual([400, 400])
  })

  it('filters by its own company_id and, lenient, by the companyId alias', async () => {
    t.close()
    t = inProcessFake({ lenient: true })
    const ids = (await demoJobs(t)).map((j) => j.id)
    for (const key of ['company_id', 'companyId']) {
      const list = await read(
        await t.get(`/v3/export-jobs?${key}=${t.companyId}`),
        200,
        jobListSchema,
      )
      expect(list.data.map((j) => j.id)).toEqual(ids)
      expect(list.pagination.currentRequestPagination.parameters).toEqual({
        company_id: [t.companyId],
      })
    }
  })

  it('refuses company_id and companyId that disagree (lenient), and a non-UUID company_id', async () => {
    t.close()
    t = inProcessFake({ lenient: true })
    const other = await createCompany(t)
    const message = await expectError(
      await t.get(`/v3/export-jobs?company_id=${t.companyId}&companyId=${other.companyId}`),
      400,
      'BAD_REQUEST',
    )
    expect(message).toContain('disagree')
    await expectError(await t.get('/v3/export-jobs?company_id=acme'), 400, 'BAD_REQUEST')
  })

  it("answers 403 ACCESS_DENIED for another company's company_id, alias included", async () => {
    t.close()
    t = inProcessFake({ lenient: true })
    const other = await createCompany(t)
    await pressExport(t, { companyId: other.companyId })
    for (const key of ['company_id', 'companyId']) {
      const message = await expectError(
        await t.get(`/v3/export-jobs?${key}=${other.companyId}`),
        403,
        'ACCESS_DENIED',
      )
      expect(message).toContain(other.companyId)
    }
  })

  it('filters by statuses given as repeated keys', async () => {
    const [a, b, c] = await demoJobs(t)
    if (!a || !b || !c) throw new Error('the demo seed has three jobs')
    await applyEvent(t, a.id, 'started')
    await applyEvent(t, b.id, 'failed')

    const pending = await read(await t.get('/v3/export-jobs?statuses=pending'), 200, jobListSchema)
    expect(pending.data.map((j) => j.id)).toEqual([c.id])
    expect(pending.pagination.currentRequestPagination.parameters).toEqual({
      company_id: [t.companyId],
      statuses: ['pending'],
    })
    expect(pending.pagination.total).toBe(1)

    const open = await read(
      await t.get('/v3/export-jobs?statuses=pending&statuses=in_progress'),
      200,
      jobListSchema,
    )
    expect(open.data.map((j) => j.id)).toEqual([a.id, c.id])
    expect(open.pagination.currentRequestPagination.parameters.statuses).toEqual([
      'pending',
      'in_progress',
    ])

    const failed = await read(await t.get('/v3/export-jobs?statuses=failed'), 200, jobListSchema)
    expect(failed.data.map((j) => [j.id, j.status])).toEqual([[b.id, 'failed']])
    const none = await read(await t.get('/v3/export-jobs?statuses=completed'), 200, jobListSchema)
    expect(none.data).toEqual([])
    expect(none.pagination).toMatchObject({ total: 0, hasNextPage: false, hasPreviousPage: false })
  })

  it('refuses an unknown status, comma-joined statuses included', async () => {
    const message = await expectError(
      await t.get('/v3/export-jobs?statuses=done'),
      400,
      'BAD_REQUEST',
    )
    expect(message).toContain('statuses')
    await expectError(
      await t.get('/v3/export-jobs?statuses=pending&statuses=done'),
      400,
      'BAD_REQUEST',
    )
    await expectError(
      await t.get('/v3/export-jobs?statuses=pending,in_progress'),
      400,
      'BAD_REQUEST',
    )
  })

  it('returns 50 jobs by default, up to 100 on request, and refuses 101', async () => {
    for (let i = 0; i < 102; i++) await pressExport(t, { numberOfItems: 1 })
    const first = await read(await t.get('/v3/export-jobs'), 200, jobListSchema)
    expect(first.data).toHaveLength(50)
    expect(first.pagination).toMatchObject({ hasNextPage: true, total: 105 })
    const hundred = await read(await t.get('/v3/export-jobs?limit=100'), 200, jobListSchema)
    expect(hundred.data).toHaveLength(100)
    expect(hundred.pagination.currentRequestPagination.limit).toBe(100)
    const message = await expectError(await t.get('/v3/export-jobs?limit=101'), 400, 'BAD_REQUEST')
    expect(message).toContain('at most 100')
  })

  it('refuses a limit or offset that is not a whole number', async () => {
    for (const query of ['limit=abc', 'limit=-1', 'limit=2.5', 'offset=abc', 'offset=-5']) {
      await expectError(await t.get(`/v3/export-jobs?${query}`), 400, 'BAD_REQUEST')
    }
  })

  it('refuses after, before and offset in any combination', async () => {
    const { pagination } = await read(await t.get('/v3/export-jobs?limit=1'), 200, jobListSchema)
    const cursor = pagination.endCursor ?? ''
    for (const query of [
      `after=${cursor}&before=${cursor}`,
      `after=${cursor}&offset=1`,
      `before=${cursor}&offset=1`,
      `after=${cursor}&before=${cursor}&offset=0`,
    ]) {
      const message = await expectError(await t.get(`/v3/export-jobs?${query}`), 400, 'BAD_REQUEST')
      expect(message).toContain('cannot be combined')
    }
  })

  it('refuses garbage cursors', async () => {
    // Bad alphabet; base32 of no JSON ('abc'); a JSON cursor of the wrong arity; a non-array.
    const wrongArity = encodeCursor(['a', 'b'])
    const notArray = base32Encode(new TextEncoder().encode('{"id":"a"}'))
    for (const cursor of ['not-a-cursor', 'AAAA', 'MFRGG===', wrongArity, notArray]) {
      await expectError(await t.get(`/v3/export-jobs?after=${cursor}`), 400, 'BAD_REQUEST')
      await expectError(await t.get(`/v3/export-jobs?before=${cursor}`), 400, 'BAD_REQUEST')
    }
  })

  it('refuses a cursor of another sorting', async () => {
    const byIdPage = await read(await t.get('/v3/export-jobs?limit=1'), 200, jobListSchema)
    const message = await expectError(
      await t.get(
        `/v3/export-jobs?sorting_keys=createdAt&after=${byIdPage.pagination.endCursor ?? ''}`,
      ),
      400,
      'BAD_REQUEST',
    )
    expect(message).toContain('not a cursor of this list')
  })

  it('ignores unknown query parameters by default', async () => {
    const plain = await read(await t.get('/v3/export-jobs'), 200, jobListSchema)
    const extra = await read(
      await t.get('/v3/export-jobs?page=2&foo=bar&sort=desc'),
      200,
      jobListSchema,
    )
    expect(extra.data).toEqual(plain.data)
  })

  it('only lists the caller company’s jobs', async () => {
    const other = await createCompany(t)
    const theirs = await pressExport(t, { companyId: other.companyId })
    const ours = await demoJobs(t)
    expect(ours.map((j) => j.id)).not.toContain(theirs.id)
    const list = await read(await t.get('/v3/export-jobs', other.auth), 200, jobListSchema)
    expect(list.data.map((j) => j.id)).toEqual([theirs.id])
    expect(list.pagination.currentRequestPagination.parameters).toEqual({
      company_id: [other.companyId],
    })
  })
})

describe('GET /v3/export-jobs in strict mode', () => {
  it('refuses the companyId alias (as it does by default) and takes company_id', async () => {
    using t = inProcessFake({ strict: true })
    const message = await expectError(
      await t.get(`/v3/export-jobs?companyId=${t.companyId}`),
      400,
      'BAD_REQUEST',
    )
    expect(message).toContain("'company_id'")
    expect(message).toContain('--lenient')
    const list = await read(
      await t.get(`/v3/export-jobs?company_id=${t.companyId}`),
      200,
      jobListSchema,
    )
    expect(list.data).toHaveLength(3)
  })

  it('refuses unknown query parameters, naming them', async () => {
    using t = inProcessFake({ strict: true })
    const message = await expectError(
      await t.get('/v3/export-jobs?foo=bar&limit=5'),
      400,
      'BAD_REQUEST',
    )
    expect(message).toContain("'foo'")
    expect(message).not.toContain("'limit'")
    await read(await t.get('/v3/export-jobs?statuses=pending&limit=5'), 200, jobListSchema)
  })
})
