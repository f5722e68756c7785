// /v2 and /v3 are two views of one store and one state machine. A `started` over v2 and one over
// v3 on the same job race like any two claims: exactly one 202. A job claimed over one version
// reads in_progress over the other, and its items move the same way. Items a v3 integration
// marked with a v3-only failure reason read over v2 as their documented v2 counterparts (the
// store keeps what was sent), and a v2 PUT refuses those values with a 400 that changes nothing.
// v2's deprecated singular `status` filter. And the machinery both share: aliases, faults, auth,
// strict mode, bad input and the list cache.
import { describe, expect, it } from 'vitest'
import { inProcessFake } from './helpers.ts'
import {
  expectError,
  itemListSchema,
  jobListSchema,
  lastJournalEntry,
  pressExport,
  read,
  readJournal,
  stateWithoutJournal,
  storedItems,
  storedJob,
  unknownId,
  type Fake,
} from './support.ts'
import {
  itemV2ListSchema,
  jobV2BodySchema,
  jobV2ListSchema,
  sendEventOver,
  type Version,
} from './v2-support.ts'

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length

describe('one job, two versions', () => {
  it('started over v2 and over v3 at once: exactly one 202 per job, whichever comes first', async () => {
    using t = inProcessFake()
    for (let round = 0; round < 8; round++) {
      const job = await pressExport(t)
      const versions: Version[] =
        round % 2 === 0 ? ['v2', 'v3', 'v2', 'v3'] : ['v3', 'v2', 'v3', 'v2']
      const responses = await Promise.all(
        versions.map((version) => sendEventOver(t, version, job.id, 'started')),
      )
      const statuses = responses.map((r) => r.status)
      expect(count(statuses, 202), statuses.join(',')).toBe(1)
      expect(count(statuses, 422)).toBe(versions.length - 1)
      expect(storedJob(t, job.id).status).toBe('in_progress')

      const entries = (await readJournal(t)).filter(
        (e) => e.jobId === job.id && e.event === 'started',
      )
      expect(entries.map((e) => e.path).sort()).toEqual(
        versions.map((v) => `/${v}/export-job-events`).sort(),
      )
      expect(entries.filter((e) => e.status === 202)).toHaveLength(1)
    }
  })

  it('a job claimed over v2 reads in_progress over v3, and the other way round', async () => {
    using t = inProcessFake()
    const [first, second] = [await pressExport(t), await pressExport(t)]
    expect((await sendEventOver(t, 'v2', first.id, 'started')).status).toBe(202)
    expect((await sendEventOver(t, 'v3', second.id, 'started')).status).toBe(202)
    const v3 = await read(await t.get('/v3/export-jobs?statuses=in_progress'), 200, jobListSchema)
    const v2 = await read(await t.get('/v2/export-jobs?statuses=in_progress'), 200, jobV2ListSchema)
    for (const page of [v3, v2]) {
      expect(page.data.map((j) => j.id).sort()).toEqual([first.id, second.id].sort())
    }
    await expectError(
      await sendEventOver(t, 'v3', first.id, 'started'),
      422,
      'INVALID_EXPORT_JOB_STATUS_CHANGE',
    )
    await expectError(
      await sendEventOver(t, 'v2', second.id, 'started'),
      422,
      'INVALID_EXPORT_JOB_STATUS_CHANGE',
    )
    // Items reported over one version, the job finished over the other.
    const [entry] = storedItems(t, first.id).map((i) => i.accountingEntryId)
    const put = await t.send('PUT', `/v3/export-jobs/${first.id}/items`, [
      { accountingEntryId: entry, status: 'successful', externalId: 'JE-9' },
    ])
    expect(put.status).toBe(200)
    const items = await read(
      await t.get(`/v2/export-jobs/${first.id}/items`),
      200,
      itemV2ListSchema,
    )
    expect(items.data[0]).toMatchObject({ status: 'successful', externalId: 'JE-9' })
    expect((await sendEventOver(t, 'v2', first.id, 'completed')).status).toBe(202)
    await expectError(
      await t.get(`/v3/export-items?job_id=${first.id}`),
      422,
      'EXPORT_JOB_STATUS_UNPROCESSABLE',
    )
    expect(storedJob(t, first.id).status).toBe('completed')
  })

  it('the list cache never serves one version’s stale answer after the other changed the job', async () => {
    using t = inProcessFake()
    const job = await pressExport(t)
    const path = (v: Version) => `/${v}/export-jobs?statuses=pending&limit=100`
    const listed = async (v: Version) =>
      (await read(await t.get(path(v)), 200, v === 'v2' ? jobV2ListSchema : jobListSchema)).data
    expect((await listed('v3')).map((j) => j.id)).toContain(job.id)
    expect((await listed('v2')).map((j) => j.id)).toContain(job.id)
    expect((await sendEventOver(t, 'v2', job.id, 'started')).status).toBe(202)
    expect((await listed('v3')).map((j) => j.id)).not.toContain(job.id)
    expect((await listed('v2')).map((j) => j.id)).not.toContain(job.id)
    // Each version keeps its own shape under the same query.
    expect((await listed('v2'))[0]).toHaveProperty('failureReasonType', null)
    expect((await listed('v3'))[0]).not.toHaveProperty('failureReasonType')
  })
})

describe('v3-only item failure reasons', () => {
  const mapped = {
    vendor_unknown: 'accounting_system_validation_failure',
    account_unknown: 'invalid_configuration',
    tax_code_unknown: 'invalid_configuration',
    tag_unknown: 'invalid_configuration',
  } as const

  async function startedJob(t: Fake) {
    const job = await pressExport(t, { numberOfItems: 4 })
    expect((await sendEventOver(t, 'v3', job.id, 'started')).status).toBe(202)
    return { job, entries: storedItems(t, job.id).map((i) => i.accountingEntryId) }
  }

  it('read over v2 as their documented v2 counterparts; v3 and the store keep them', async () => {
    using t = inProcessFake()
    const { job, entries } = await startedJob(t)
    const reasons = Object.keys(mapped) as (keyof typeof mapped)[]
    const put = await t.send(
      'PUT',
      `/v3/export-jobs/${job.id}/items`,
      reasons.map((reason, i) => ({
        accountingEntryId: entries[i],
        status: 'failed',
        failureReasonType: reason,
      })),
    )
    expect(put.status).toBe(200)
    expect(storedItems(t, job.id).map((i) => i.failureReasonType)).toEqual(reasons)
    const v2 = await read(await t.get(`/v2/export-jobs/${job.id}/items`), 200, itemV2ListSchema)
    expect(v2.data.map((i) => i.failureReasonType)).toEqual(reasons.map((r) => mapped[r]))
    const v3 = await read(await t.get(`/v3/export-jobs/${job.id}/items`), 200, itemListSchema)
    expect(v3.data.map((i) => i.failureReasonType)).toEqual(reasons)
  })

  it('a v2 PUT answers 400 for them, naming the field and v3, and changes nothing', async () => {
    using t = inProcessFake()
    const { job, entries } = await startedJob(t)
    for (const reason of Object.keys(mapped)) {
      const state = stateWithoutJournal(t)
      const message = await expectError(
        await t.send('PUT', `/v2/export-jobs/${job.id}/items`, [
          { accountingEntryId: entries[0], status: 'successful' },
          { accountingEntryId: entries[1], status: 'failed', failureReasonType: reason },
        ]),
        400,
        'BAD_REQUEST',
      )
      expect(message).toContain("body field '1.failureReasonType'")
      expect(message).toContain(`'${reason}' exists only in v3`)
      expect(stateWithoutJournal(t)).toEqual(state)
    }
    expect(await lastJournalEntry(t)).toMatchObject({
      method: 'PUT',
      path: `/v2/export-jobs/${job.id}/items`,
      status: 400,
      jobId: null,
    })
  })
})

describe("GET /v2/export-jobs' deprecated `status`", () => {
  async function jobsIn(t: Fake) {
    const [pending, failed, completed] = [
      await pressExport(t),
      await pressExport(t),
      await pressExport(t),
    ]
    expect((await sendEventOver(t, 'v2', failed.id, 'failed')).status).toBe(202)
    expect((await sendEventOver(t, 'v2', completed.id, 'started')).status).toBe(202)
    expect((await sendEventOver(t, 'v2', completed.id, 'completed')).status).toBe(202)
    return { pending, failed, completed }
  }
  const ids = async (t: Fake, query: string) =>
    (await read(await t.get(`/v2/export-jobs?${query}`), 200, jobV2ListSchema)).data
      .map((j) => j.id)
      .sort()

  it('filters by one status, and with statuses lists a job matching either', async () => {
    using t = inProcessFake({ seed: 'empty' })
    const { pending, failed, completed } = await jobsIn(t)
    expect(await ids(t, 'status=failed')).toEqual([failed.id])
    expect(await ids(t, 'status=pending')).toEqual([pending.id])
    expect(await ids(t, 'status=failed&statuses=completed')).toEqual(
      [failed.id, completed.id].sort(),
    )
    const page = await read(
      await t.get('/v2/export-jobs?status=failed&statuses=completed'),
      200,
      jobV2ListSchema,
    )
    expect(page.pagination.currentRequestPagination.parameters).toMatchObject({
      status: ['failed'],
      statuses: ['completed'],
    })
  })

  it('answers 400 naming status for an unknown value or a repeated key', async () => {
    using t = inProcessFake()
    for (const [query, says] of [
      ['status=done', 'unknown status "done"'],
      ['status=pending&status=failed', 'takes one status'],
    ] as const) {
      const message = await expectError(await t.get(`/v2/export-jobs?${query}`), 400, 'BAD_REQUEST')
      expect(message).toContain("query parameter field 'status'")
      expect(message).toContain(says)
    }
  })

  it('is v2 only: v3 ignores it, and refuses it under strict', async () => {
    using t = inProcessFake({ seed: 'empty' })
    const { pending, failed, completed } = await jobsIn(t)
    const all = [pending.id, failed.id, completed.id].sort()
    const v3 = await read(await t.get('/v3/export-jobs?status=failed'), 200, jobListSchema)
    expect(v3.data.map((j) => j.id).sort()).toEqual(all)
    using strict = inProcessFake({ strict: true })
    await expectError(await strict.get('/v3/export-jobs?status=failed'), 400, 'BAD_REQUEST')
    await read(await strict.get('/v2/export-jobs?status=failed'), 200, jobV2ListSchema)
  })
})

describe('shared machinery on /v2', () => {
  it('aliases: exportJobId refused by default naming jobId, accepted and journaled with lenient', async () => {
    using t = inProcessFake()
    const job = await pressExport(t)
    const message = await expectError(
      await t.send('POST', '/v2/export-job-events', { exportJobId: job.id, event: 'started' }),
      400,
      'BAD_REQUEST',
    )
    expect(message).toContain("'jobId' is required")
    expect(storedJob(t, job.id).status).toBe('pending')
    await expectError(await t.get(`/v2/export-jobs?companyId=${t.companyId}`), 400, 'BAD_REQUEST')

    using lenient = inProcessFake({ lenient: true })
    const other = await pressExport(lenient)
    const response = await lenient.send('POST', '/v2/export-job-events', {
      exportJobId: other.id,
      event: 'started',
    })
    expect(response.status).toBe(202)
    expect(storedJob(lenient, other.id).status).toBe('in_progress')
    expect(await lastJournalEntry(lenient)).toMatchObject({
      path: '/v2/export-job-events',
      jobId: other.id,
      event: 'started',
      alias: 'exportJobId',
    })
  })

  it('faults: a /v2 rule answers without handling the request; a /v3 rule leaves /v2 alone', async () => {
    using t = inProcessFake()
    const job = await pressExport(t)
    const rules = [
      { target: 'http', route: 'POST /v2/export-job-events', status: 503, count: 1 },
      { target: 'http', route: '/v3/*', status: 500 },
    ]
    expect((await t.send('PUT', '/_sim/faults', { seed: 's', rules }, {})).status).toBe(200)
    await expectError(await sendEventOver(t, 'v2', job.id, 'started'), 503, 'SERVICE_UNAVAILABLE')
    expect(storedJob(t, job.id).status).toBe('pending')
    expect(await lastJournalEntry(t)).toMatchObject({
      path: '/v2/export-job-events',
      status: 503,
      fault: expect.stringContaining('503'),
    })
    expect((await sendEventOver(t, 'v2', job.id, 'started')).status).toBe(202)
    await read(await t.get(`/v2/export-jobs/${job.id}`), 200, jobV2BodySchema)
    expect((await t.get(`/v3/export-jobs/${job.id}`)).status).toBe(500)
  })

  it('auth: no credentials 401, a wrong key 401; nothing changes', async () => {
    using t = inProcessFake()
    const job = await pressExport(t)
    const state = stateWithoutJournal(t)
    await expectError(await t.get('/v2/export-jobs', {}), 401, 'UNAUTHORIZED')
    await expectError(
      await t.send(
        'POST',
        '/v2/export-job-events',
        { jobId: job.id, event: 'started' },
        {
          authorization: 'Basic bm9wZTo=',
        },
      ),
      401,
      'UNAUTHORIZED',
    )
    expect(stateWithoutJournal(t)).toEqual(state)
  })

  it('bad input answers 400 naming the field, and changes nothing', async () => {
    using t = inProcessFake()
    const job = await pressExport(t)
    expect((await sendEventOver(t, 'v2', job.id, 'started')).status).toBe(202)
    const [entry] = storedItems(t, job.id).map((i) => i.accountingEntryId)
    const state = stateWithoutJournal(t)
    const cases: [Promise<Response> | Response, string][] = [
      [t.get('/v2/export-jobs/not-a-uuid'), "path parameter field 'jobId'"],
      [t.get('/v2/export-jobs?limit=1000'), "'limit'"],
      [t.get('/v2/export-jobs?statuses=done'), "'statuses'"],
      [t.get('/v2/export-items?job_id=job-1'), "'job_id'"],
      [t.get(`/v2/export-jobs/${job.id}/items?status=done`), "'status'"],
      [sendEventOver(t, 'v2', job.id, 'finished'), "'event'"],
      [t.send('POST', '/v2/export-job-events', { event: 'completed' }), "'jobId'"],
      [t.send('POST', '/v2/export-job-events', '{"jobId":'), 'JSON'],
      [t.send('PUT', `/v2/export-jobs/${job.id}/items`, { items: [] }), 'body'],
      [
        t.send('PUT', `/v2/export-jobs/${job.id}/items`, [
          { accountingEntryId: entry, status: 'successful', exportedAt: 'yesterday' },
        ]),
        "'0.exportedAt'",
      ],
      [
        t.send('PUT', `/v2/export-jobs/${job.id}/items`, [
          { accountingEntryId: entry, status: 'done' },
        ]),
        "'0.status'",
      ],
      [t.send('POST', '/v2/export-jobs', { companyId: t.companyId }), "'accountingEntryIds'"],
    ]
    for (const [pending, names] of cases) {
      const message = await expectError(await pending, 400, 'BAD_REQUEST')
      expect(message).toContain(names)
    }
    expect(stateWithoutJournal(t)).toEqual(state)
    expect(storedItems(t, job.id).every((i) => i.status === 'pending')).toBe(true)
    await expectError(await t.get(`/v2/export-jobs/${unknownId}`), 404, 'EXPORT_NOT_FOUND')
  })
})
