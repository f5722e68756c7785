// The v2 tour, part 3: the rest of a job's lives over v2. The integration creates a job (201, after
// every refusal of a bad request), claims it, reads its export items (a mileage claim and a
// reimbursement with its subType), reports and completes it; fails the pending one; and
// watches a claimed job expire when the clock passes the window: `expired` with expiredAt, items
// abandoned, events, item updates and export items refused (422). Then, on the fake running
// `--expired-status failed`, the same over v2 in the spec's reading: `failed` with job_expired,
// and `expired` refused as a filter, by `statuses` and by the deprecated `status` alike.
import { expect } from 'vitest'
import {
  bodyTooLarge,
  event,
  expectV2ExportItems,
  finished,
  iso,
  messageOf,
  missingScope,
  noCredentials,
  notJson,
  now,
  storedItems,
  storedJob,
  unknownKey,
  v2,
} from './common.ts'
import type { Step } from './runner.ts'
import { read } from './schemas.ts'
import { note, pressExport, unknownId, type Tour } from './tour.ts'

const main = (t: Tour) => t.fakes.main
const spec = (t: Tour) => t.fakes.spec
const created = (t: Tour) => ({ params: { jobId: note(t, 'v2.created') } })
/** Entries the fake generates as a mileage claim and a direct reimbursement (with a subType). */
const newEntries = ['7e570000-0000-4000-8000-000000000005', '7e570000-0000-4000-8000-000000000039']
const createBody = (t: Tour) => ({
  body: { accountingEntryIds: newEntries, companyId: main(t).companyId },
})

const createAndComplete: Step[] = [
  {
    op: v2.createJob,
    status: 400,
    error: 'BAD_REQUEST',
    why: 'no accounting entries',
    call: (t) => ({ body: { accountingEntryIds: [], companyId: main(t).companyId } }),
    check: (_t, body) => expect(messageOf(body)).toContain('accountingEntryIds'),
  },
  {
    op: v2.createJob,
    status: 400,
    error: 'BAD_REQUEST',
    why: 'a company id that is not a UUID',
    call: () => ({ body: { accountingEntryIds: newEntries, companyId: 'acme' } }),
    check: (_t, body) => expect(messageOf(body)).toContain('companyId'),
  },
  {
    op: v2.createJob,
    status: 400,
    error: 'MISSING_CONTRA_ACCOUNTS',
    why: 'a company whose contra accounts are not mapped (as on v3, decision 0015)',
    call: (t) => ({
      headers: { authorization: note(t, 'v2.unmapped.auth') },
      body: { accountingEntryIds: [unknownId], companyId: note(t, 'v2.unmapped.company') },
    }),
  },
  noCredentials(v2.createJob, createBody),
  unknownKey(v2.createJob, createBody),
  missingScope(v2.createJob, 'export-jobs:write', createBody),
  {
    op: v2.createJob,
    status: 403,
    error: 'ACCESS_DENIED',
    why: 'a job for another company',
    call: (t) => ({
      body: { accountingEntryIds: newEntries, companyId: note(t, 'other.company') },
    }),
  },
  bodyTooLarge(v2.createJob),
  notJson(v2.createJob),
  {
    op: v2.createJob,
    status: 201,
    why: 'a system export of two entries, in the v2 shape',
    call: (t) => ({ body: { ...createBody(t).body, isInteractive: false } }),
    check: (t, body) => {
      const job = read.v2.job(body)
      expect(job).toMatchObject({
        status: 'pending',
        numberOfItems: 2,
        isInteractive: false,
        createdBy: null,
        createdAt: iso(now(main(t))),
        failureReasonType: null,
      })
      expect(storedJob(main(t), job.id)).toMatchObject({ status: 'pending', isInteractive: false })
      expect(storedItems(main(t), job.id).map((i) => i.accountingEntryId)).toEqual(newEntries)
      t.notes.set('v2.created', job.id)
    },
  },
  event('v2.created', 'started', 'the new job claimed', {}, v2),
  {
    op: v2.exportItems,
    status: 200,
    why: 'its payloads: a mileage claim and a reimbursement with its subType',
    call: (t) => ({ query: `job_id=${note(t, 'v2.created')}` }),
    check: (t, body) => {
      const items = read.v2.exportItems(body).data
      expectV2ExportItems(main(t), note(t, 'v2.created'), items)
      expect(items.map((i) => [i.type, i.subType])).toEqual([
        ['mileage', null],
        ['direct_reimbursement', 'reimbursement_to_employee'],
      ])
    },
  },
  {
    op: v2.updateItems,
    status: 200,
    why: 'both entries exported',
    call: (t) => ({
      ...created(t),
      body: newEntries.map((id) => ({ accountingEntryId: id, status: 'successful' })),
    }),
    check: (t) => {
      const stored = storedItems(main(t), note(t, 'v2.created'))
      expect(stored.map((i) => i.status)).toEqual(['successful', 'successful'])
    },
  },
  event('v2.created', 'completed', 'the new job completed', {}, v2),
  {
    op: v2.job,
    status: 200,
    why: 'the completed job',
    call: created,
    check: (_t, body) => {
      expect(read.v2.job(body)).toMatchObject({ status: 'completed', failureReasonType: null })
    },
  },
]

const failAndExpire: Step[] = [
  event(
    'v2.second',
    'failed',
    'the pending job failed before it was claimed',
    {
      failureReason: 'The ERP rejected the credentials.',
      failureReasonType: 'authentication_failure',
    },
    v2,
  ),
  {
    op: v2.jobs,
    status: 200,
    why: 'the failed job by the deprecated `status`, with its reason',
    call: () => ({ query: 'status=failed' }),
    check: (t, body) => {
      const jobs = read.v2.jobs(body).data
      expect(jobs.map((j) => j.id).sort()).toEqual([note(t, 'newest'), note(t, 'v2.second')].sort())
      expect(jobs.find((j) => j.id === note(t, 'v2.second'))).toMatchObject({
        failureReason: 'The ERP rejected the credentials.',
        failureReasonType: 'authentication_failure',
      })
      expect(storedJob(main(t), note(t, 'v2.second')).status).toBe('failed')
    },
  },
  ...finished('v2.second', 'failed', { api: v2 }),
  {
    ...event('v2.late', 'started', 'a job exported late, claimed, then left', {}, v2),
    call: async (t) => {
      t.notes.set('v2.late', await pressExport(main(t), { numberOfItems: 2 }))
      return { body: { jobId: note(t, 'v2.late'), event: 'started' } }
    },
  },
  {
    op: v2.jobs,
    status: 200,
    why: 'past its window the job reads expired, with expiredAt',
    call: async (t) => {
      await main(t).control.advanceClock(3600 + 1)
      return { query: 'statuses=expired&statuses=in_progress' }
    },
    check: (t, body) => {
      const jobs = read.v2.jobs(body).data
      const late = jobs.find((j) => j.id === note(t, 'v2.late'))
      const closed = Date.parse(late?.lastUpdatedAt ?? '') + (late?.expiresIn ?? 0) * 1000
      expect(late).toMatchObject({
        status: 'expired',
        expiredAt: iso(closed),
        completedAt: null,
        failureReasonType: 'job_expired',
      })
      expect(closed).toBeLessThanOrEqual(now(main(t)))
      expect(storedJob(main(t), note(t, 'v2.late')).expiredAt).toBe(closed)
      expect(jobs.every((j) => j.status === 'expired')).toBe(true)
    },
  },
  {
    op: v2.items,
    status: 200,
    why: 'its items abandoned, failureReasonType null',
    call: (t) => ({ params: { jobId: note(t, 'v2.late') } }),
    check: (_t, body) => {
      const items = read.v2.items(body).data
      expect(items.map((i) => i.status)).toEqual(['abandoned', 'abandoned'])
      for (const item of items) expect(item).toHaveProperty('failureReasonType', null)
    },
  },
  ...finished('v2.late', 'expired', { api: v2 }),
  {
    op: v2.exportItems,
    status: 200,
    why: 'no open job left: an empty page',
    check: (_t, body) => expect(read.v2.exportItems(body).data).toEqual([]),
  },
]

const specClaimed = (t: Tour) => ({ params: { jobId: note(t, 'v2.spec') } })

const specExpiry: Step[] = [
  {
    ...event('v2.spec', 'started', 'a job exported on the spec-reading fake, claimed', {}, v2),
    on: 'spec',
    call: async (t) => {
      t.notes.set('v2.spec', await pressExport(spec(t), { numberOfItems: 2 }))
      return { body: { jobId: note(t, 'v2.spec'), event: 'started' } }
    },
  },
  ...(
    [
      ['statuses=expired', '`statuses=expired`, a status this server never holds'],
      ['status=expired', 'the deprecated `status=expired` likewise'],
    ] as const
  ).map(([query, why]): Step => ({
    on: 'spec',
    op: v2.jobs,
    status: 400,
    error: 'BAD_REQUEST',
    why,
    call: () => ({ query }),
    check: (_t, body) => expect(messageOf(body)).toContain('--expired-status failed'),
  })),
  {
    on: 'spec',
    op: v2.job,
    status: 200,
    why: 'past the window the claimed job reads failed, job_expired',
    call: async (t) => {
      await spec(t).control.advanceClock(3600 + 1)
      return specClaimed(t)
    },
    check: (t, body) => {
      const job = read.v2.job(body)
      const closed = Date.parse(job.lastUpdatedAt ?? '') + job.expiresIn * 1000
      expect(job).toMatchObject({
        status: 'failed',
        failureReasonType: 'job_expired',
        expiredAt: iso(closed),
      })
      expect(closed).toBeLessThanOrEqual(now(spec(t)))
    },
  },
  {
    on: 'spec',
    op: v2.jobs,
    status: 200,
    why: 'every job expired as failed, by the deprecated `status`',
    call: () => ({ query: 'status=failed' }),
    check: (t, body) => {
      const jobs = read.v2.jobs(body).data
      expect(jobs.map((j) => j.id)).toContain(note(t, 'v2.spec'))
      expect(jobs).toHaveLength(4)
      expect(jobs.every((j) => j.failureReasonType === 'job_expired' && j.expiredAt)).toBe(true)
    },
  },
  {
    on: 'spec',
    op: v2.items,
    status: 200,
    why: 'the expired job’s items abandoned',
    call: specClaimed,
    check: (_t, body) => {
      const items = read.v2.items(body).data
      expect(items.map((i) => [i.status, i.failureReasonType])).toEqual([
        ['abandoned', null],
        ['abandoned', null],
      ])
    },
  },
  ...finished('v2.spec', 'expired', { on: 'spec', api: v2 }),
]

export const v2Lifecycle: Step[] = [...createAndComplete, ...failAndExpire]
export const v2SpecExpiry: Step[] = specExpiry
