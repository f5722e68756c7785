// The v3 tour, part 3: the rest of a job's lives. An integration creates a job through the API
// (201, after every refusal of a bad request) and completes it, fails a pending one, and watches
// an in-progress and a pending job expire when the clock passes the window: expiredAt at the
// window's end, items abandoned, events, item updates and export items refused.
import { expect } from 'vitest'
import {
  bodyTooLarge,
  event,
  finished,
  iso,
  messageOf,
  missingScope,
  noCredentials,
  notJson,
  now,
  storedItems,
  storedJob,
  v3,
} from './common.ts'
import type { Step } from './runner.ts'
import { read } from './schemas.ts'
import { note, pressExport, unknownId, type Tour } from './tour.ts'

const main = (t: Tour) => t.fakes.main
const otherAuth = (t: Tour) => ({ authorization: note(t, 'other.auth') })

const created = (t: Tour) => ({ params: { jobId: note(t, 'created') } })
const employee = '5f0c2a4e-8d7b-4c1e-9a3f-2b6d8e0f1a7c'
const newEntries = ['7a1e5c3d-2b4f-4e6a-8c9d-0e1f2a3b4c5d', '8b2f6d4e-3c5a-4f7b-9d0e-1f2a3b4c5d6e']

const createAndComplete: Step[] = [
  ...(
    [
      [[], 'no accounting entries'],
      [[newEntries[0], newEntries[0]], 'the same entry twice'],
    ] as const
  ).map(([ids, why]): Step => ({
    op: v3.createJob,
    status: 400,
    error: 'BAD_REQUEST',
    why,
    call: (t) => ({ body: { accountingEntryIds: ids, companyId: main(t).companyId } }),
    check: (_t, body) => expect(messageOf(body)).toContain('accountingEntryIds'),
  })),
  {
    op: v3.createJob,
    status: 400,
    error: 'MISSING_CONTRA_ACCOUNTS',
    why: 'a company whose contra accounts are not mapped',
    call: (t) => ({
      headers: { authorization: note(t, 'unmapped.auth') },
      body: { accountingEntryIds: [unknownId], companyId: note(t, 'unmapped.company') },
    }),
  },
  noCredentials(v3.createJob, (t) => ({
    body: { accountingEntryIds: newEntries, companyId: main(t).companyId },
  })),
  missingScope(v3.createJob, 'export-jobs:write', (t) => ({
    body: { accountingEntryIds: newEntries, companyId: main(t).companyId },
  })),
  {
    op: v3.createJob,
    status: 403,
    error: 'ACCESS_DENIED',
    why: 'a job for another company',
    call: (t) => ({
      body: { accountingEntryIds: newEntries, companyId: note(t, 'other.company') },
    }),
  },
  bodyTooLarge(v3.createJob),
  notJson(v3.createJob),
  {
    op: v3.createJob,
    status: 201,
    why: 'a system export of two entries, vendor-based',
    call: (t) => ({
      body: {
        accountingEntryIds: newEntries,
        companyId: main(t).companyId,
        employeeId: employee,
        isInteractive: false,
        options: { vendorBasedBookkeeping: true },
      },
    }),
    check: (t, body) => {
      const job = read.job(body)
      expect(job).toMatchObject({
        status: 'pending',
        numberOfItems: 2,
        createdBy: employee,
        isInteractive: false,
        vendorBasedBookkeeping: true,
        createdAt: iso(now(main(t))),
      })
      expect(storedItems(main(t), job.id).map((i) => i.accountingEntryId)).toEqual(newEntries)
      t.notes.set('created', job.id)
    },
  },
  event('created', 'started', 'the new job claimed'),
  {
    op: v3.updateItems,
    status: 200,
    why: 'both entries exported',
    call: (t) => ({
      ...created(t),
      body: newEntries.map((id) => ({ accountingEntryId: id, status: 'successful' })),
    }),
  },
  event('created', 'completed', 'the new job completed'),
  {
    op: v3.job,
    status: 200,
    why: 'the completed job',
    call: created,
    check: (_t, body) => expect(read.job(body).status).toBe('completed'),
  },
]

const failAndExpire: Step[] = [
  event('newest', 'failed', 'a pending job failed before it was claimed', {
    failureReason: 'No VAT code mapped for 25%.',
    failureReasonType: 'missing_configuration',
  }),
  {
    op: v3.jobs,
    status: 200,
    why: 'the finished jobs by status',
    call: () => ({ query: 'statuses=completed&statuses=completed_with_errors&statuses=failed' }),
    check: (t, body) => {
      const jobs = read.jobs(body).data
      const byId = new Map(jobs.map((j) => [j.id, j]))
      expect(byId.get(note(t, 'created'))?.status).toBe('completed')
      expect(byId.get(note(t, 'oldest'))?.status).toBe('completed_with_errors')
      expect(byId.get(note(t, 'newest'))).toMatchObject({
        status: 'failed',
        failureReason: 'No VAT code mapped for 25%.',
        failureReasonType: 'missing_configuration',
      })
      expect(jobs).toHaveLength(3)
    },
  },
  event('second', 'started', 'the second job claimed'),
  {
    op: v3.updateItems,
    status: 200,
    why: 'one of its items exported before the integration stalls',
    call: (t) => ({
      params: { jobId: note(t, 'second') },
      body: [
        {
          accountingEntryId: storedItems(main(t), note(t, 'second'))[0]?.accountingEntryId,
          status: 'successful',
        },
      ],
    }),
  },
  {
    op: v3.jobs,
    status: 200,
    why: 'expired jobs, after the clock passed the window of a claimed and a pending job',
    call: async (t) => {
      t.notes.set('late', await pressExport(main(t), { numberOfItems: 2 }))
      await main(t).control.advanceClock(3600 + 1)
      return { query: 'statuses=expired' }
    },
    check: (t, body) => {
      const jobs = read.jobs(body).data
      expect(jobs.map((j) => j.id).sort()).toEqual([note(t, 'second'), note(t, 'late')].sort())
      for (const job of jobs) {
        const closed = Date.parse(job.lastUpdatedAt ?? '') + job.expiresIn * 1000
        expect(job).toMatchObject({ status: 'expired', expiredAt: iso(closed) })
        expect(closed).toBeLessThanOrEqual(now(main(t)))
        expect(storedJob(main(t), job.id).expiredAt).toBe(closed)
      }
    },
  },
  {
    op: v3.job,
    status: 200,
    why: 'the expired job keeps when it was started',
    call: (t) => ({ params: { jobId: note(t, 'second') } }),
    check: (_t, body) => {
      const job = read.job(body)
      expect(job.status).toBe('expired')
      expect(job.startedAt).not.toBeNull()
      expect(job.completedAt).toBeNull()
    },
  },
  {
    op: v3.items,
    status: 200,
    why: 'its unfinished items abandoned, the exported one kept',
    call: (t) => ({ params: { jobId: note(t, 'second') } }),
    check: (_t, body) => {
      const statuses = read.items(body).data.map((i) => i.status)
      expect(statuses).toEqual(['successful', 'abandoned', 'abandoned'])
    },
  },
  ...finished('second', 'expired'),
  {
    op: v3.exportItems,
    status: 200,
    why: 'no open job left: an empty page',
    check: (_t, body) => {
      const page = read.exportItems(body)
      expect(page.data).toEqual([])
      expect(page.pagination).not.toHaveProperty('startCursor')
      expect(page.pagination).not.toHaveProperty('endCursor')
    },
  },
  {
    op: v3.exportItems,
    status: 404,
    error: 'EXPORT_NOT_FOUND',
    why: "another company's job",
    call: (t) => ({ query: `job_id=${note(t, 'other.job')}` }),
  },
  {
    op: v3.jobs,
    status: 403,
    error: 'ACCESS_DENIED',
    why: "the other company's key asking for this company's jobs",
    call: (t) => ({ query: `company_id=${main(t).companyId}`, headers: otherAuth(t) }),
  },
]

export const v3Lifecycle: Step[] = [...createAndComplete, ...failAndExpire]
