// POST /v3/export-job-events: every job status × event combination against what the store then
// holds (status, startedAt, completedAt, lastUpdatedAt, failure fields, item settlement), 202
// with an empty body when applied and 422 INVALID_EXPORT_JOB_STATUS_CHANGE with nothing changed
// when not; pending→failed refused under strictTransitions; unknown body fields refused in
// strict mode (the exportJobId alias: lenient-aliases.test.ts); 404 for unknown and other
// companies' jobs; 400 for malformed bodies; the journal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ExportJobEvent, ExportJobStatus } from '@fake-pleo/contract'
import { inProcessFake } from './helpers.ts'
import {
  advance,
  applyEvent,
  createCompany,
  expectError,
  jobBodySchema,
  lastJournalEntry,
  pressExport,
  read,
  sendEvent,
  stateWithoutJournal,
  storedItems,
  storedJob,
  unknownId,
  type Fake,
} from './support.ts'

const statuses: ExportJobStatus[] = [
  'pending',
  'in_progress',
  'completed',
  'completed_with_errors',
  'failed',
  'expired',
]
const events: ExportJobEvent[] = ['started', 'failed', 'completed', 'completed_with_errors']

/** The contract: which event moves which status where. Anything missing is a 422. */
const allowed: Record<ExportJobStatus, Partial<Record<ExportJobEvent, ExportJobStatus>>> = {
  pending: { started: 'in_progress', failed: 'failed' },
  in_progress: {
    completed: 'completed',
    completed_with_errors: 'completed_with_errors',
    failed: 'failed',
  },
  completed: {},
  completed_with_errors: {},
  failed: {},
  expired: {},
}

/** A fresh job of the demo company, brought into `status` through the API. */
async function jobIn(t: Fake, status: ExportJobStatus): Promise<string> {
  const job = await pressExport(t, { numberOfItems: 3, expiresIn: 600 })
  const path: Record<ExportJobStatus, ExportJobEvent[]> = {
    pending: [],
    in_progress: ['started'],
    completed: ['started', 'completed'],
    completed_with_errors: ['started', 'completed_with_errors'],
    failed: ['started', 'failed'],
    expired: [],
  }
  for (const event of path[status]) await applyEvent(t, job.id, event)
  if (status === 'expired') await advance(t, 600)
  expect(storedJob(t, job.id).status).toBe(status)
  return job.id
}

const failure = { failureReason: 'ERP rejected the batch', failureReasonType: 'validation_failure' }

describe('POST /v3/export-job-events: status × event', () => {
  const cases = statuses.flatMap((status) =>
    events.map((event) => {
      const next = allowed[status][event]
      return { status, event, next, outcome: next ?? '422' }
    }),
  )

  it.each(cases)('$status + $event → $outcome', async ({ status, event, next }) => {
    using t = inProcessFake()
    const id = await jobIn(t, status)
    const at = await advance(t, 7)
    const before = storedJob(t, id)
    const itemsBefore = storedItems(t, id)
    const state = stateWithoutJournal(t)

    const response = await sendEvent(t, id, event, event === 'failed' ? failure : {})

    if (!next) {
      await expectError(response, 422, 'INVALID_EXPORT_JOB_STATUS_CHANGE')
      expect(stateWithoutJournal(t)).toEqual(state)
      return
    }
    expect(response.status).toBe(202)
    expect(await response.text()).toBe('')
    const after = storedJob(t, id)
    const finishes = next !== 'in_progress'
    expect(after).toEqual({
      ...before,
      status: next,
      lastUpdatedAt: at,
      startedAt: event === 'started' ? at : before.startedAt,
      completedAt: finishes ? at : null,
      failureReason: event === 'failed' ? failure.failureReason : null,
      failureReasonType: event === 'failed' ? failure.failureReasonType : null,
    })
    const itemsAfter = storedItems(t, id)
    if (next === 'failed') {
      expect(itemsAfter.map((i) => i.status)).toEqual(itemsBefore.map(() => 'abandoned'))
    } else {
      expect(itemsAfter).toEqual(itemsBefore)
    }
    // A GET right after shows it.
    const { data } = await read(await t.get(`/v3/export-jobs/${id}`), 200, jobBodySchema)
    expect(data.status).toBe(next)
  })
})

describe('POST /v3/export-job-events', () => {
  let t: Fake
  let jobId: string
  afterEach(() => t.close())
  beforeEach(async () => {
    t = inProcessFake()
    jobId = (await pressExport(t, { numberOfItems: 2 })).id
  })

  it('refuses a second started and keeps the first claim', async () => {
    const first = await advance(t, 3)
    await applyEvent(t, jobId, 'started')
    await advance(t, 3)
    await expectError(await sendEvent(t, jobId, 'started'), 422, 'INVALID_EXPORT_JOB_STATUS_CHANGE')
    expect(storedJob(t, jobId)).toMatchObject({
      status: 'in_progress',
      startedAt: first,
      lastUpdatedAt: first,
    })
  })

  it('fails a pending job (a pre-claim failure), abandoning its items', async () => {
    await applyEvent(t, jobId, 'failed', { failureReasonType: 'missing_configuration' })
    expect(storedJob(t, jobId)).toMatchObject({
      status: 'failed',
      startedAt: null,
      failureReason: null,
      failureReasonType: 'missing_configuration',
    })
    expect(storedItems(t, jobId).every((i) => i.status === 'abandoned')).toBe(true)
  })

  it('keeps items already reported successful when an in-progress job fails', async () => {
    await applyEvent(t, jobId, 'started')
    const [done, open] = storedItems(t, jobId)
    const put = await t.send('PUT', `/v3/export-jobs/${jobId}/items`, [
      { accountingEntryId: done?.accountingEntryId, status: 'successful' },
      { accountingEntryId: open?.accountingEntryId, status: 'in_progress' },
    ])
    expect(put.status).toBe(200)
    await applyEvent(t, jobId, 'failed')
    expect(storedItems(t, jobId).map((i) => i.status)).toEqual(['successful', 'abandoned'])
  })

  it('answers 404 EXPORT_NOT_FOUND for an unknown job', async () => {
    const state = stateWithoutJournal(t)
    await expectError(await sendEvent(t, unknownId, 'started'), 404, 'EXPORT_NOT_FOUND')
    expect(stateWithoutJournal(t)).toEqual(state)
  })

  it("answers 404 for another company's job and leaves it alone", async () => {
    const other = await createCompany(t)
    const state = stateWithoutJournal(t)
    await expectError(await sendEvent(t, jobId, 'started', {}, other.auth), 404, 'EXPORT_NOT_FOUND')
    expect(stateWithoutJournal(t)).toEqual(state)
    expect(storedJob(t, jobId).status).toBe('pending')
  })

  it('answers 400 for a bad event, job id, failure reason type or body shape', async () => {
    const state = stateWithoutJournal(t)
    const bodies: unknown[] = [
      { jobId, event: 'finished' },
      { jobId, event: 'STARTED' },
      { jobId },
      { event: 'started' },
      { jobId: 'job-1', event: 'started' },
      { jobId, event: 'failed', failureReasonType: 'it_broke' },
      { jobId, event: 'failed', failureReason: 42 },
      { jobId, event: 'failed', failureReason: 'x'.repeat(5001) },
      [{ jobId, event: 'started' }],
      'started',
    ]
    for (const body of bodies) {
      const text = typeof body === 'string' ? JSON.stringify(body) : body
      await expectError(await t.send('POST', '/v3/export-job-events', text), 400, 'BAD_REQUEST')
    }
    expect(stateWithoutJournal(t)).toEqual(state)
  })

  it('journals the job and the event, applied or refused', async () => {
    await applyEvent(t, jobId, 'started')
    expect(await lastJournalEntry(t)).toMatchObject({
      method: 'POST',
      path: '/v3/export-job-events',
      status: 202,
      companyId: t.companyId,
      jobId,
      event: 'started',
    })
    await sendEvent(t, jobId, 'started')
    expect(await lastJournalEntry(t)).toMatchObject({ status: 422, jobId, event: 'started' })
  })
})

describe('POST /v3/export-job-events with fidelity options', () => {
  it('refuses pending→failed with strictTransitions but still fails in-progress jobs', async () => {
    using t = inProcessFake({ strictTransitions: true })
    const pending = await pressExport(t)
    const state = stateWithoutJournal(t)
    await expectError(
      await sendEvent(t, pending.id, 'failed', failure),
      422,
      'INVALID_EXPORT_JOB_STATUS_CHANGE',
    )
    expect(stateWithoutJournal(t)).toEqual(state)
    await applyEvent(t, pending.id, 'started')
    await applyEvent(t, pending.id, 'failed', failure)
    expect(storedJob(t, pending.id)).toMatchObject({ status: 'failed', ...failure })
  })

  it('refuses unknown fields in strict mode', async () => {
    using t = inProcessFake({ strict: true })
    const job = await pressExport(t)
    const state = stateWithoutJournal(t)
    const message = await expectError(
      await t.send('POST', '/v3/export-job-events', { jobId: job.id, event: 'started', x: 1 }),
      400,
      'BAD_REQUEST',
    )
    expect(message).toContain("'x'")
    expect(stateWithoutJournal(t)).toEqual(state)
    await applyEvent(t, job.id, 'started')
    expect(storedJob(t, job.id).status).toBe('in_progress')
  })
})
