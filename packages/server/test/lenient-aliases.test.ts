// The how-tos' aliases against Pleo's spec. By default (strict requests) `exportJobId` in the event
// body and `companyId` in the job list's query answer 400 BAD_REQUEST naming the spec's field and
// --lenient, change nothing, and the refused request's journal entry names the alias. With
// `lenient` they are accepted and journaled with `alias`. `strict` is about unknown names only:
// `strict` + `lenient` accepts the aliases and refuses anything else unknown.
import { describe, expect, it } from 'vitest'
import { inProcessFake } from './helpers.ts'
import {
  applyEvent,
  expectError,
  jobListSchema,
  lastJournalEntry,
  pressExport,
  read,
  readJournal,
  stateWithoutJournal,
  storedJob,
} from './support.ts'

const events = '/v3/export-job-events'

describe('aliases by default (strict requests)', () => {
  it('regression: a body copied from the how-to ({exportJobId}) no longer claims the job', async () => {
    using t = inProcessFake()
    const job = await pressExport(t)
    const state = stateWithoutJournal(t)
    const before = await readJournal(t)

    const message = await expectError(
      await t.send('POST', events, { exportJobId: job.id, event: 'started' }),
      400,
      'BAD_REQUEST',
    )
    expect(message).toContain("'jobId'")
    expect(message).toContain("'exportJobId'")
    expect(message).toContain('accepted only with --lenient')

    expect(storedJob(t, job.id).status).toBe('pending')
    expect(stateWithoutJournal(t)).toEqual(state)
    const added = (await readJournal(t)).slice(before.length)
    expect(added).toHaveLength(1)
    expect(added[0]).toMatchObject({
      method: 'POST',
      path: events,
      status: 400,
      companyId: t.companyId,
      jobId: null,
      event: null,
      alias: 'exportJobId',
    })
  })

  it('refuses exportJobId even next to a jobId', async () => {
    using t = inProcessFake()
    const job = await pressExport(t)
    const state = stateWithoutJournal(t)
    await expectError(
      await t.send('POST', events, { jobId: job.id, exportJobId: job.id, event: 'started' }),
      400,
      'BAD_REQUEST',
    )
    expect(stateWithoutJournal(t)).toEqual(state)
  })

  it('refuses the companyId query alias, naming company_id and --lenient', async () => {
    using t = inProcessFake()
    const state = stateWithoutJournal(t)
    const message = await expectError(
      await t.get(`/v3/export-jobs?companyId=${t.companyId}`),
      400,
      'BAD_REQUEST',
    )
    expect(message).toContain("'company_id'")
    expect(message).toContain("'companyId'")
    expect(message).toContain('--lenient')
    expect(stateWithoutJournal(t)).toEqual(state)
    expect(await lastJournalEntry(t)).toMatchObject({
      path: '/v3/export-jobs',
      status: 400,
      alias: 'companyId',
    })
  })

  it('journals requests in the spec’s spelling with alias null', async () => {
    using t = inProcessFake()
    const job = await pressExport(t)
    await applyEvent(t, job.id, 'started')
    expect(await lastJournalEntry(t)).toMatchObject({ status: 202, jobId: job.id, alias: null })
    await read(await t.get(`/v3/export-jobs?company_id=${t.companyId}`), 200, jobListSchema)
    expect(await lastJournalEntry(t)).toMatchObject({ status: 200, alias: null })
  })

  it('strict alone refuses exportJobId with the alias message, not as an unknown field', async () => {
    using t = inProcessFake({ strict: true })
    const job = await pressExport(t)
    const message = await expectError(
      await t.send('POST', events, { exportJobId: job.id, event: 'started' }),
      400,
      'BAD_REQUEST',
    )
    expect(message).toContain('--lenient')
    expect(storedJob(t, job.id).status).toBe('pending')
  })
})

describe('aliases with lenient: true', () => {
  it('claims with exportJobId and journals the alias', async () => {
    using t = inProcessFake({ lenient: true })
    const job = await pressExport(t)
    const response = await t.send('POST', events, { exportJobId: job.id, event: 'started' })
    expect(response.status).toBe(202)
    expect(storedJob(t, job.id).status).toBe('in_progress')
    expect(await lastJournalEntry(t)).toMatchObject({
      method: 'POST',
      path: events,
      status: 202,
      jobId: job.id,
      event: 'started',
      alias: 'exportJobId',
    })
  })

  it('accepts jobId and exportJobId naming the same job, refuses them naming two', async () => {
    using t = inProcessFake({ lenient: true })
    const job = await pressExport(t)
    const other = await pressExport(t)
    const state = stateWithoutJournal(t)
    const message = await expectError(
      await t.send('POST', events, { jobId: job.id, exportJobId: other.id, event: 'started' }),
      400,
      'BAD_REQUEST',
    )
    expect(message).toContain('different jobs')
    expect(stateWithoutJournal(t)).toEqual(state)
    const same = await t.send('POST', events, {
      jobId: job.id,
      exportJobId: job.id,
      event: 'started',
    })
    expect(same.status).toBe(202)
    expect(storedJob(t, job.id).status).toBe('in_progress')
    expect(storedJob(t, other.id).status).toBe('pending')
    expect(await lastJournalEntry(t)).toMatchObject({ status: 202, alias: 'exportJobId' })
  })

  it('lists with companyId and journals the alias', async () => {
    using t = inProcessFake({ lenient: true })
    const list = await read(
      await t.get(`/v3/export-jobs?companyId=${t.companyId}&statuses=pending`),
      200,
      jobListSchema,
    )
    expect(list.data).toHaveLength(3)
    expect(list.pagination.currentRequestPagination.parameters).toEqual({
      company_id: [t.companyId],
      statuses: ['pending'],
    })
    expect(await lastJournalEntry(t)).toMatchObject({
      path: '/v3/export-jobs',
      status: 200,
      companyId: t.companyId,
      alias: 'companyId',
    })
  })

  it('still ignores other unknown names (only strict refuses those)', async () => {
    using t = inProcessFake({ lenient: true })
    const job = await pressExport(t)
    expect((await t.get('/v3/export-jobs?page=2')).status).toBe(200)
    const response = await t.send('POST', events, { exportJobId: job.id, event: 'started', x: 1 })
    expect(response.status).toBe(202)
  })
})

describe('strict and lenient together', () => {
  it('accepts the aliases and refuses anything else unknown', async () => {
    using t = inProcessFake({ strict: true, lenient: true })
    const job = await pressExport(t)
    const state = stateWithoutJournal(t)

    const field = await expectError(
      await t.send('POST', events, { exportJobId: job.id, event: 'started', x: 1 }),
      400,
      'BAD_REQUEST',
    )
    expect(field).toContain("'x'")
    const param = await expectError(
      await t.get(`/v3/export-jobs?companyId=${t.companyId}&foo=bar`),
      400,
      'BAD_REQUEST',
    )
    expect(param).toContain("'foo'")
    expect(param).not.toContain("'companyId'")
    expect(stateWithoutJournal(t)).toEqual(state)

    expect(
      (await read(await t.get(`/v3/export-jobs?companyId=${t.companyId}`), 200, jobListSchema))
        .data,
    ).toHaveLength(4)
    expect((await t.send('POST', events, { exportJobId: job.id, event: 'started' })).status).toBe(
      202,
    )
    expect(storedJob(t, job.id).status).toBe('in_progress')
    expect(await lastJournalEntry(t)).toMatchObject({ status: 202, alias: 'exportJobId' })
  })
})

describe('the OpenAPI document', () => {
  type Doc = {
    paths: Record<string, Record<string, { parameters?: { name: string }[] }>>
  }
  const listParameters = async (t: ReturnType<typeof inProcessFake>) => {
    const doc = (await (await t.get('/openapi.json')).json()) as Doc
    return (doc.paths['/v3/export-jobs']?.get?.parameters ?? []).map((p) => p.name)
  }

  it('lists companyId only when the server is lenient', async () => {
    using strict = inProcessFake()
    using lenient = inProcessFake({ lenient: true })
    expect(await listParameters(strict)).not.toContain('companyId')
    expect(await listParameters(strict)).toContain('company_id')
    expect(await listParameters(lenient)).toContain('companyId')
  })
})
