// GET /v3/export-jobs/{jobId} (200, 404 EXPORT_NOT_FOUND for unknown ids and other companies'
// jobs, 400 for a non-UUID) and POST /v3/export-jobs: 201 with a pending job that the store
// holds with the given entries, 409 EXPORT_ALREADY_IN_PROGRESS while the company has a job in
// progress, 403 for another company, 400 for duplicate entries and for a bad body, and 400
// MISSING_CONTRA_ACCOUNTS. Every refusal leaves the stored jobs as they were. Another company's
// accounting entry is answered exactly as an unknown id: 201, with an entry generated for the
// caller's company under that id.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { toExportJobV3 } from '@fake-pleo/contract'
import { inProcessFake } from './helpers.ts'
import {
  advance,
  applyEvent,
  createCompany,
  demoJobs,
  expectError,
  jobBodySchema,
  jobCount,
  pressExport,
  read,
  stateWithoutJournal,
  storedItems,
  storedJob,
  unknownId,
  type Fake,
} from './support.ts'

const entry = (n: number) => `0000000${n}-aaaa-4bbb-8ccc-${String(n).padStart(12, '0')}`

describe('GET /v3/export-jobs/{jobId}', () => {
  let t: Fake
  afterEach(() => t.close())
  beforeEach(() => {
    t = inProcessFake()
  })

  it('answers 200 with the job as the store holds it', async () => {
    const jobs = await demoJobs(t)
    for (const listed of jobs) {
      const { data } = await read(await t.get(`/v3/export-jobs/${listed.id}`), 200, jobBodySchema)
      expect(data).toEqual(toExportJobV3(storedJob(t, listed.id)))
      expect(data).toEqual(listed)
    }
  })

  it('shows an event applied just before', async () => {
    const [job] = await demoJobs(t)
    if (!job) throw new Error('no demo job')
    const startedAt = await advance(t, 30)
    await applyEvent(t, job.id, 'started')
    const { data } = await read(await t.get(`/v3/export-jobs/${job.id}`), 200, jobBodySchema)
    expect(data.status).toBe('in_progress')
    expect(Date.parse(data.startedAt ?? '')).toBe(startedAt)
  })

  it('answers 404 EXPORT_NOT_FOUND for an unknown job', async () => {
    await expectError(await t.get(`/v3/export-jobs/${unknownId}`), 404, 'EXPORT_NOT_FOUND')
  })

  it("answers 404 for another company's job, even though it exists", async () => {
    const other = await createCompany(t)
    const theirs = await pressExport(t, { companyId: other.companyId })
    await expectError(await t.get(`/v3/export-jobs/${theirs.id}`), 404, 'EXPORT_NOT_FOUND')
    await read(await t.get(`/v3/export-jobs/${theirs.id}`, other.auth), 200, jobBodySchema)
  })

  it('answers 400 for a job id that is not a UUID', async () => {
    for (const id of ['abc', '123', `${unknownId}x`]) {
      const message = await expectError(await t.get(`/v3/export-jobs/${id}`), 400, 'BAD_REQUEST')
      expect(message).toContain('jobId')
    }
  })
})

describe('POST /v3/export-jobs', () => {
  let t: Fake
  afterEach(() => t.close())
  beforeEach(() => {
    t = inProcessFake()
  })

  const create = (body: unknown, headers?: Record<string, string>) =>
    t.send('POST', '/v3/export-jobs', body, headers)

  it('answers 201 with a pending job holding the given entries', async () => {
    const at = await advance(t, 5)
    const employeeId = '11111111-2222-4333-8444-555555555555'
    const entries = [entry(1), entry(2), entry(3)]
    const { data } = await read(
      await create({
        accountingEntryIds: entries,
        companyId: t.companyId,
        employeeId,
        isInteractive: false,
        options: { vendorBasedBookkeeping: true },
      }),
      201,
      jobBodySchema,
    )
    expect(data).toEqual({
      id: expect.any(String),
      companyId: t.companyId,
      status: 'pending',
      createdAt: new Date(at).toISOString().replace('.000Z', 'Z'),
      createdBy: employeeId,
      startedAt: null,
      completedAt: null,
      lastUpdatedAt: new Date(at).toISOString().replace('.000Z', 'Z'),
      expiresIn: 3600,
      expiredAt: null,
      failureReason: null,
      isInteractive: false,
      numberOfItems: 3,
      vendorBasedBookkeeping: true,
    })
    expect(data).not.toHaveProperty('failureReasonType')
    expect(storedJob(t, data.id)).toMatchObject({
      status: 'pending',
      createdAt: at,
      lastUpdatedAt: at,
      createdBy: employeeId,
      isInteractive: false,
      vendorBasedBookkeeping: true,
    })
    expect(storedItems(t, data.id).map((i) => [i.accountingEntryId, i.status])).toEqual(
      entries.map((id) => [id, 'pending']),
    )
    const listed = await demoJobs(t)
    expect(listed.map((j) => j.id)).toContain(data.id)
  })

  it('defaults isInteractive to true, createdBy to null and vendorBasedBookkeeping to false', async () => {
    const { data } = await read(
      await create({ accountingEntryIds: [entry(4)], companyId: t.companyId }),
      201,
      jobBodySchema,
    )
    expect(data).toMatchObject({
      isInteractive: true,
      createdBy: null,
      vendorBasedBookkeeping: false,
      numberOfItems: 1,
    })
  })

  it('records the new job id in the journal', async () => {
    const { data } = await read(
      await create({ accountingEntryIds: [entry(5)], companyId: t.companyId }),
      201,
      jobBodySchema,
    )
    const entries = t.store.listJournal(0, 1000)
    expect(entries.at(-1)).toMatchObject({
      method: 'POST',
      path: '/v3/export-jobs',
      status: 201,
      companyId: t.companyId,
      jobId: data.id,
    })
  })

  it('creates several pending jobs side by side (only in_progress blocks)', async () => {
    const before = jobCount(t)
    for (const n of [6, 7]) {
      await read(
        await create({ accountingEntryIds: [entry(n)], companyId: t.companyId }),
        201,
        jobBodySchema,
      )
    }
    expect(jobCount(t)).toBe(before + 2)
  })

  it('answers 409 EXPORT_ALREADY_IN_PROGRESS while the company has a job in progress', async () => {
    const [job] = await demoJobs(t)
    if (!job) throw new Error('no demo job')
    await applyEvent(t, job.id, 'started')
    const state = stateWithoutJournal(t)
    await expectError(
      await create({ accountingEntryIds: [entry(1)], companyId: t.companyId }),
      409,
      'EXPORT_ALREADY_IN_PROGRESS',
    )
    expect(stateWithoutJournal(t)).toEqual(state)

    // Another company is not blocked by it…
    const other = await createCompany(t)
    await read(
      await create({ accountingEntryIds: [entry(2)], companyId: other.companyId }, other.auth),
      201,
      jobBodySchema,
    )
    // …and once the job finishes, the company can export again.
    await applyEvent(t, job.id, 'completed')
    await read(
      await create({ accountingEntryIds: [entry(1)], companyId: t.companyId }),
      201,
      jobBodySchema,
    )
  })

  it('answers 403 ACCESS_DENIED for another company, existing or not', async () => {
    const other = await createCompany(t)
    const state = stateWithoutJournal(t)
    for (const companyId of [other.companyId, unknownId]) {
      await expectError(
        await create({ accountingEntryIds: [entry(1)], companyId }),
        403,
        'ACCESS_DENIED',
      )
    }
    expect(stateWithoutJournal(t)).toEqual(state)
  })

  it('answers 400 for an entry listed twice', async () => {
    const state = stateWithoutJournal(t)
    const message = await expectError(
      await create({ accountingEntryIds: [entry(1), entry(2), entry(1)], companyId: t.companyId }),
      400,
      'BAD_REQUEST',
    )
    expect(message).toContain('accountingEntryIds')
    expect(stateWithoutJournal(t)).toEqual(state)
  })

  it("answers another company's accounting entry exactly as an unknown one", async () => {
    const other = await createCompany(t)
    const theirs = await pressExport(t, { companyId: other.companyId, numberOfItems: 1 })
    const foreign = storedItems(t, theirs.id)[0]?.accountingEntryId ?? ''
    const theirEntry = t.store.getAccountingEntry(foreign)
    expect(theirEntry?.companyId).toBe(other.companyId)

    const answers: { status: number; body: { data: { id: string } } }[] = []
    for (const id of [entry(7), foreign]) {
      const response = await create({ accountingEntryIds: [id], companyId: t.companyId })
      answers.push({ status: response.status, body: (await response.json()) as never })
    }
    const [unknown, taken] = answers as [(typeof answers)[0], (typeof answers)[0]]
    const withoutId = (a: typeof unknown) => ({ ...a, body: { data: { ...a.body.data, id: '' } } })
    expect(withoutId(taken)).toEqual(withoutId(unknown))
    expect(taken.status).toBe(201)
    expect(storedJob(t, taken.body.data.id).companyId).toBe(t.companyId)

    // Under that id the company exports an entry generated for it, nothing of the other's…
    const items = async (jobId: string, headers?: Record<string, string>) =>
      (
        (await (await t.get(`/v3/export-items?job_id=${jobId}`, headers)).json()) as {
          data: { accountingEntryId: string; companyId: string }[]
        }
      ).data
    const [ours] = await items(taken.body.data.id)
    expect(ours).toMatchObject({ accountingEntryId: foreign, companyId: t.companyId })
    expect(JSON.stringify(ours)).not.toContain(other.companyId)
    // …while the other company's entry is stored and served to it unchanged.
    expect(t.store.getAccountingEntry(foreign)).toEqual(theirEntry)
    const [still] = await items(theirs.id, other.auth)
    expect(still).toMatchObject({ accountingEntryId: foreign, companyId: other.companyId })
    expect(JSON.stringify(still)).not.toContain(t.companyId)
  })

  it('answers 400 for a malformed body', async () => {
    const state = stateWithoutJournal(t)
    const bodies: unknown[] = [
      {},
      { companyId: t.companyId },
      { accountingEntryIds: [], companyId: t.companyId },
      { accountingEntryIds: ['nope'], companyId: t.companyId },
      { accountingEntryIds: [entry(1)], companyId: 'acme' },
      { accountingEntryIds: [entry(1)], companyId: t.companyId, isInteractive: 'yes' },
      { accountingEntryIds: entry(1), companyId: t.companyId },
      [entry(1)],
    ]
    for (const body of bodies) await expectError(await create(body), 400, 'BAD_REQUEST')
    expect(stateWithoutJournal(t)).toEqual(state)
  })

  it('answers 400 MISSING_CONTRA_ACCOUNTS for a company with unmapped contra accounts', async () => {
    const company = await createCompany(t, { contraAccountsMissing: true })
    const state = stateWithoutJournal(t)
    await expectError(
      await create({ accountingEntryIds: [entry(1)], companyId: company.companyId }, company.auth),
      400,
      'MISSING_CONTRA_ACCOUNTS',
    )
    expect(stateWithoutJournal(t)).toEqual(state)
  })
})
