// The control API's sandbox actions: GET /_sim/health; POST /_sim/companies (201 with a working
// API key, the contraAccountsMissing switch, 400 for unknown fields); POST /_sim/export-jobs, the
// "press Export" button (201 with every option stored, no 409, 404 COMPANY_NOT_FOUND, 400 for a
// bad body); POST /_sim/export-job-events, events as another integration for any company (202,
// 422, 404, the alias). Each checked against what the store then holds.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { version } from '../src/index.ts'
import { basicAuth, inProcessFake } from './helpers.ts'
import {
  applyEvent,
  createCompany,
  expectError,
  jobCount,
  jobListSchema,
  lastJournalEntry,
  pressExport,
  read,
  stateWithoutJournal,
  storedItems,
  storedJob,
  unknownId,
  type Fake,
} from './support.ts'

describe('control API: health and companies', () => {
  let t: Fake
  afterEach(() => t.close())
  beforeEach(() => {
    t = inProcessFake()
  })

  it('GET /_sim/health answers {ok: true, version}', async () => {
    const body = await read(
      await t.get('/_sim/health', {}),
      200,
      z.object({ ok: z.literal(true), version: z.string() }).strict(),
    )
    expect(body.version).toBe(version)
    expect(version).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('POST /_sim/companies creates a company whose key works on /v3', async () => {
    const created = await createCompany(t, { name: 'Acme ApS' })
    expect(created.name).toBe('Acme ApS')
    expect(t.store.getCompany(created.companyId)).toMatchObject({
      id: created.companyId,
      name: 'Acme ApS',
      contraAccountsMissing: false,
    })
    expect(t.store.findApiKey(created.apiKey)?.companyId).toBe(created.companyId)
    const list = await read(await t.get('/v3/export-jobs', created.auth), 200, jobListSchema)
    expect(list.data).toEqual([])
    expect(await lastJournalEntry(t)).toMatchObject({ companyId: created.companyId })
  })

  it('POST /_sim/companies works without a body and gives every company its own key', async () => {
    const response = await t.request('/_sim/companies', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    })
    expect(response.status).toBe(201)
    const first = await createCompany(t)
    const second = await createCompany(t)
    expect(first.companyId).not.toBe(second.companyId)
    expect(first.apiKey).not.toBe(second.apiKey)
    expect(first.name).toMatch(/^Sandbox company /)
    expect(t.store.snapshot().companies).toHaveLength(4)
  })

  it('POST /_sim/companies stores contraAccountsMissing', async () => {
    const created = await createCompany(t, { contraAccountsMissing: true })
    expect(t.store.getCompany(created.companyId)?.contraAccountsMissing).toBe(true)
  })

  it('POST /_sim/companies refuses unknown fields and bad values', async () => {
    const state = stateWithoutJournal(t)
    for (const body of [{ nmae: 'typo' }, { name: '' }, { contraAccountsMissing: 'yes' }]) {
      await expectError(await t.send('POST', '/_sim/companies', body, {}), 400, 'BAD_REQUEST')
    }
    expect(stateWithoutJournal(t)).toEqual(state)
  })

  it('POST /_sim/companies/{id}/api-keys gives the company another key that reads its jobs', async () => {
    const created = await createCompany(t)
    const job = await pressExport(t, { companyId: created.companyId })
    const response = await t.send('POST', `/_sim/companies/${created.companyId}/api-keys`, {}, {})
    const { data } = await read(
      response,
      201,
      z.object({ data: z.object({ apiKey: z.string(), scopes: z.array(z.string()) }) }).strict(),
    )
    expect(data.apiKey).not.toBe(created.apiKey)
    expect(data.scopes).toEqual(['export-jobs:read', 'export-jobs:write', 'export-items:read'])
    expect(t.store.findApiKey(data.apiKey)?.companyId).toBe(created.companyId)
    expect(t.store.listApiKeys(created.companyId)).toHaveLength(2)
    const list = await read(
      await t.get('/v3/export-jobs', { authorization: basicAuth(data.apiKey) }),
      200,
      jobListSchema,
    )
    expect(list.data.map((j) => j.id)).toEqual([job.id])
  })

  it('POST /_sim/companies/{id}/api-keys answers 404 for an unknown company, 400 for a bad body', async () => {
    const path = `/_sim/companies/${unknownId}/api-keys`
    await expectError(await t.send('POST', path, {}, {}), 404, 'COMPANY_NOT_FOUND')
    const created = await createCompany(t)
    const mine = `/_sim/companies/${created.companyId}/api-keys`
    await expectError(await t.send('POST', mine, { scopes: ['root'] }, {}), 400, 'BAD_REQUEST')
    expect(t.store.listApiKeys(created.companyId)).toHaveLength(1)
    expect(t.store.listApiKeys(unknownId)).toEqual([])
  })
})

describe('control API: POST /_sim/export-jobs', () => {
  let t: Fake
  afterEach(() => t.close())
  beforeEach(() => {
    t = inProcessFake()
  })

  it('queues a pending job with the requested options', async () => {
    const createdBy = '99999999-8888-4777-8666-555555555555'
    const job = await pressExport(t, {
      numberOfItems: 7,
      createdBy,
      isInteractive: false,
      vendorBasedBookkeeping: true,
      expiresIn: 120,
    })
    expect(job).toMatchObject({
      companyId: t.companyId,
      status: 'pending',
      numberOfItems: 7,
      createdBy,
      isInteractive: false,
      vendorBasedBookkeeping: true,
      expiresIn: 120,
    })
    expect(storedJob(t, job.id)).toMatchObject({
      status: 'pending',
      numberOfItems: 7,
      createdBy,
      isInteractive: false,
      vendorBasedBookkeeping: true,
      expiresIn: 120,
      createdAt: t.fake.deps.clock.now(),
    })
    expect(storedItems(t, job.id)).toHaveLength(7)
    expect(await lastJournalEntry(t)).toMatchObject({
      path: '/_sim/export-jobs',
      status: 201,
      companyId: t.companyId,
      jobId: job.id,
    })
  })

  it('defaults to 3 items, interactive, no creator and the server expiresIn', async () => {
    const job = await pressExport(t)
    expect(job).toMatchObject({
      numberOfItems: 3,
      isInteractive: true,
      createdBy: null,
      vendorBasedBookkeeping: false,
      expiresIn: 3600,
    })
  })

  it('queues jobs even while one is in progress (no 409)', async () => {
    const first = await pressExport(t)
    await applyEvent(t, first.id, 'started')
    const before = jobCount(t)
    await pressExport(t)
    await pressExport(t)
    expect(jobCount(t)).toBe(before + 2)
  })

  it('answers 404 COMPANY_NOT_FOUND for an unknown company', async () => {
    const state = stateWithoutJournal(t)
    const message = await expectError(
      await t.send('POST', '/_sim/export-jobs', { companyId: unknownId }, {}),
      404,
      'COMPANY_NOT_FOUND',
    )
    expect(message).toContain(unknownId)
    expect(stateWithoutJournal(t)).toEqual(state)
  })

  it('answers 400 for a bad body', async () => {
    const state = stateWithoutJournal(t)
    const bodies = [
      {},
      { companyId: 'acme' },
      { companyId: t.companyId, numberOfItems: 0 },
      { companyId: t.companyId, numberOfItems: 1001 },
      { companyId: t.companyId, numberOfItems: 2.5 },
      { companyId: t.companyId, expiresIn: 0 },
      { companyId: t.companyId, createdBy: 'me' },
      { companyId: t.companyId, colour: 'red' },
    ]
    for (const body of bodies) {
      await expectError(await t.send('POST', '/_sim/export-jobs', body, {}), 400, 'BAD_REQUEST')
    }
    expect(stateWithoutJournal(t)).toEqual(state)
  })
})

describe('control API: POST /_sim/export-job-events', () => {
  let t: Fake
  afterEach(() => t.close())
  beforeEach(() => {
    t = inProcessFake()
  })

  const simEvent = (body: Record<string, unknown>) =>
    t.send('POST', '/_sim/export-job-events', body, {})

  it("moves any company's job and answers 202 with an empty body", async () => {
    const other = await createCompany(t)
    const job = await pressExport(t, { companyId: other.companyId })
    const response = await simEvent({ jobId: job.id, event: 'started' })
    expect(response.status).toBe(202)
    expect(await response.text()).toBe('')
    expect(storedJob(t, job.id)).toMatchObject({
      status: 'in_progress',
      startedAt: t.fake.deps.clock.now(),
    })
    expect(await lastJournalEntry(t)).toMatchObject({
      path: '/_sim/export-job-events',
      status: 202,
      companyId: other.companyId,
      jobId: job.id,
      event: 'started',
    })
  })

  it('steals a claim: the integration then gets 422 on its own started', async () => {
    const job = await pressExport(t)
    expect((await simEvent({ jobId: job.id, event: 'started' })).status).toBe(202)
    await expectError(
      await t.send('POST', '/v3/export-job-events', { jobId: job.id, event: 'started' }),
      422,
      'INVALID_EXPORT_JOB_STATUS_CHANGE',
    )
  })

  it('answers 422 for an illegal move and leaves the job alone', async () => {
    const job = await pressExport(t)
    const state = stateWithoutJournal(t)
    await expectError(
      await simEvent({ jobId: job.id, event: 'completed' }),
      422,
      'INVALID_EXPORT_JOB_STATUS_CHANGE',
    )
    expect(stateWithoutJournal(t)).toEqual(state)
  })

  it('answers 404 for an unknown job and 400 for a bad body', async () => {
    await expectError(
      await simEvent({ jobId: unknownId, event: 'started' }),
      404,
      'EXPORT_NOT_FOUND',
    )
    await expectError(await simEvent({ jobId: unknownId, event: 'paused' }), 400, 'BAD_REQUEST')
  })

  it('accepts a failure reason', async () => {
    const job = await pressExport(t)
    const response = await simEvent({
      jobId: job.id,
      event: 'failed',
      failureReason: 'Cancelled by the user',
      failureReasonType: 'canceled_by_user',
    })
    expect(response.status).toBe(202)
    expect(storedJob(t, job.id)).toMatchObject({
      status: 'failed',
      failureReason: 'Cancelled by the user',
      failureReasonType: 'canceled_by_user',
    })
  })

  it('takes the exportJobId alias only when lenient, as Pleo’s route does', async () => {
    const job = await pressExport(t)
    const state = stateWithoutJournal(t)
    const message = await expectError(
      await simEvent({ exportJobId: job.id, event: 'started' }),
      400,
      'BAD_REQUEST',
    )
    expect(message).toContain("'jobId'")
    expect(message).toContain('--lenient')
    expect(stateWithoutJournal(t)).toEqual(state)

    using lenient = inProcessFake({ lenient: true })
    const other = await pressExport(lenient)
    const response = await lenient.send(
      'POST',
      '/_sim/export-job-events',
      { exportJobId: other.id, event: 'started' },
      {},
    )
    expect(response.status).toBe(202)
    expect(storedJob(lenient, other.id).status).toBe('in_progress')
    expect(await lastJournalEntry(lenient)).toMatchObject({
      path: '/_sim/export-job-events',
      status: 202,
      jobId: other.id,
      alias: 'exportJobId',
    })
  })
})
