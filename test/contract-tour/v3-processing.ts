// The v3 tour, part 2: an integration processes jobs. It claims the oldest (a second claim loses
// with 422), is refused a new job while one is in progress (409), reports items (successes with
// RFC 3339 times, a failure with its reason, per-item errors for entries it should not touch),
// finishes with completed_with_errors, then finds the finished job closed to events, item updates
// and export items (422). It creates a job through the API (201) and completes it, fails a
// pending one, and watches an in-progress and a pending job expire when the clock passes the
// window: items abandoned, everything refused. Every refusal of these writes is met on the way.
import { expect } from 'vitest'
import {
  bodyTooLarge,
  messageOf,
  missingScope,
  noCredentials,
  notJson,
  now,
  storedItems,
  storedJob,
  unknownKey,
  unknownToken,
  v3,
} from './common.ts'
import type { Step } from './runner.ts'
import { read } from './schemas.ts'
import { note, pressExport, unknownId, type Tour } from './tour.ts'

const main = (t: Tour) => t.fakes.main
const entries = (t: Tour, name: string) => note(t, `${name}.entries`).split(',')
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

function event(name: string, ev: string, why: string, extra: object = {}): Step {
  return {
    op: v3.event,
    status: 202,
    why,
    call: (t) => ({ body: { jobId: note(t, name), event: ev, ...extra } }),
  }
}

function refusedEvent(name: string, ev: string, why: string): Step {
  return {
    op: v3.event,
    status: 422,
    error: 'INVALID_EXPORT_JOB_STATUS_CHANGE',
    why,
    call: (t) => ({ body: { jobId: note(t, name), event: ev } }),
  }
}

function finished(name: string, why: string): Step[] {
  return [
    refusedEvent(name, 'completed', `completed on a job that ${why}`),
    {
      op: v3.updateItems,
      status: 422,
      error: 'EXPORT_JOB_STATUS_UNPROCESSABLE',
      why: `item updates on a job that ${why}`,
      call: (t) => ({
        params: { jobId: note(t, name) },
        body: [
          {
            accountingEntryId: storedItems(main(t), note(t, name))[0]?.accountingEntryId,
            status: 'successful',
          },
        ],
      }),
    },
    {
      op: v3.exportItems,
      status: 422,
      error: 'EXPORT_JOB_STATUS_UNPROCESSABLE',
      why: `export items of a job that ${why}`,
      call: (t) => ({ query: `job_id=${note(t, name)}` }),
    },
  ]
}

const withOldest = (t: Tour) => ({ params: { jobId: note(t, 'oldest') } })
const otherAuth = (t: Tour) => ({ authorization: note(t, 'other.auth') })

const claim: Step[] = [
  {
    ...event('oldest', 'started', 'the integration claims the oldest job'),
    check: (t) => {
      const job = storedJob(main(t), note(t, 'oldest'))
      expect(job).toMatchObject({ status: 'in_progress', startedAt: now(main(t)) })
    },
  },
  refusedEvent('oldest', 'started', 'a second claim on the same job loses'),
  {
    op: v3.job,
    status: 200,
    why: 'the claimed job reads in_progress',
    call: withOldest,
    check: (t, body) => {
      expect(read.job(body)).toMatchObject({
        status: 'in_progress',
        startedAt: iso(now(main(t))),
        lastUpdatedAt: iso(now(main(t))),
        completedAt: null,
      })
    },
  },
  {
    op: v3.createJob,
    status: 409,
    error: 'EXPORT_ALREADY_IN_PROGRESS',
    why: 'a new job while one is in progress',
    call: (t) => ({ body: { accountingEntryIds: [unknownId], companyId: main(t).companyId } }),
  },
  {
    op: v3.event,
    status: 400,
    error: 'BAD_REQUEST',
    why: "the how-to's `exportJobId` (refused without --lenient)",
    call: (t) => ({ body: { exportJobId: note(t, 'second'), event: 'started' } }),
    check: (t, body) => {
      expect(messageOf(body)).toMatch(/'jobId' is required.*'exportJobId'.*--lenient/)
      expect(storedJob(main(t), note(t, 'second')).status).toBe('pending')
    },
  },
  {
    op: v3.event,
    status: 400,
    error: 'BAD_REQUEST',
    why: 'an event Pleo does not have',
    call: (t) => ({ body: { jobId: note(t, 'second'), event: 'finished' } }),
    check: (_t, body) => expect(messageOf(body)).toContain('event'),
  },
  {
    op: v3.event,
    status: 400,
    error: 'BAD_REQUEST',
    why: 'a failure reason type Pleo does not have',
    call: (t) => ({
      body: { jobId: note(t, 'second'), event: 'failed', failureReasonType: 'gremlins' },
    }),
  },
  {
    op: v3.event,
    status: 400,
    error: 'BAD_REQUEST',
    why: 'malformed JSON',
    call: () => ({ raw: { contentType: 'application/json', text: '{"jobId": ' } }),
  },
  unknownKey(v3.event, (t) => ({ body: { jobId: note(t, 'second'), event: 'started' } })),
  missingScope(v3.event, 'export-jobs:write', (t) => ({
    body: { jobId: note(t, 'second'), event: 'started' },
  })),
  {
    op: v3.event,
    status: 404,
    error: 'EXPORT_NOT_FOUND',
    why: 'no such job',
    call: () => ({ body: { jobId: unknownId, event: 'started' } }),
  },
  {
    op: v3.event,
    status: 404,
    error: 'EXPORT_NOT_FOUND',
    why: "another company's job",
    call: (t) => ({ body: { jobId: note(t, 'other.job'), event: 'started' } }),
  },
  bodyTooLarge(v3.event),
  notJson(v3.event),
]

const report: Step[] = [
  {
    op: v3.exportItems,
    status: 200,
    why: 'the claimed job still has its export items',
    call: (t) => ({ query: `job_id=${note(t, 'oldest')}` }),
    check: (t, body) =>
      expect(read.exportItems(body).data).toHaveLength(entries(t, 'oldest').length),
  },
  {
    op: v3.updateItems,
    status: 200,
    why: 'items reported: two exported, one failed, one under way, two entries refused',
    call: (t) => {
      const [e1 = '', e2 = '', e3 = '', e4 = ''] = entries(t, 'oldest')
      const notInJob = storedItems(main(t), note(t, 'second'))[0]?.accountingEntryId
      return {
        ...withOldest(t),
        body: [
          {
            accountingEntryId: e1,
            status: 'successful',
            exportedAt: '2025-03-03T10:20:30.123456+01:00',
            externalId: 'VOUCHER-1001',
            externalUrl: 'https://erp.example/vouchers/1001',
          },
          { accountingEntryId: e2, status: 'successful', exportedAt: '2025-03-03T09:21:00Z' },
          {
            accountingEntryId: e3,
            status: 'failed',
            failureReason: 'The receipt is larger than the ERP accepts.',
            failureReasonType: 'receipt_file_size_limit_exceeded',
          },
          { accountingEntryId: e4, status: 'in_progress' },
          { accountingEntryId: unknownId, status: 'successful' },
          { accountingEntryId: notInJob, status: 'successful' },
        ],
      }
    },
    check: (t, body) => {
      const answer = read.update(body)
      const [e1, e2, e3, e4] = entries(t, 'oldest')
      expect(answer.data.map((i) => [i.accountingEntryId, i.status])).toEqual([
        [e1, 'successful'],
        [e2, 'successful'],
        [e3, 'failed'],
        [e4, 'in_progress'],
      ])
      expect(answer.errors.map((e) => e.type)).toEqual([
        'ACCOUNTING_ENTRY_DOES_NOT_EXIST',
        'EXPORT_ENTRY_STATUS_UPDATE_FAILED',
      ])
      expect(answer.data[0]).toMatchObject({ exportedAt: '2025-03-03T09:20:30.123456Z' })
      expect(answer.data[0]).not.toHaveProperty('failureReasonType')
      const stored = storedItems(main(t), note(t, 'oldest'))
      expect(stored.map((i) => i.status)).toEqual([
        'successful',
        'successful',
        'failed',
        'in_progress',
      ])
      expect(stored[2]?.failureReasonType).toBe('receipt_file_size_limit_exceeded')
      expect(storedItems(main(t), note(t, 'second')).every((i) => i.status === 'pending')).toBe(
        true,
      )
    },
  },
  {
    op: v3.items,
    status: 200,
    why: 'only the exported items, by status',
    call: (t) => ({ ...withOldest(t), query: 'status=successful' }),
    check: (t, body) => {
      const page = read.items(body)
      expect(page.data.map((i) => i.accountingEntryId)).toEqual(entries(t, 'oldest').slice(0, 2))
      expect(page.data[1]).toMatchObject({ exportedAt: '2025-03-03T09:21:00Z', externalId: null })
    },
  },
  {
    op: v3.updateItems,
    status: 400,
    error: 'BAD_REQUEST',
    why: 'updates wrapped in an object instead of a bare array',
    call: (t) => ({ ...withOldest(t), body: { items: [] } }),
  },
  {
    op: v3.updateItems,
    status: 400,
    error: 'BAD_REQUEST',
    why: 'an item status Pleo does not have',
    call: (t) => ({
      ...withOldest(t),
      body: [{ accountingEntryId: entries(t, 'oldest')[3], status: 'done' }],
    }),
    check: (_t, body) => expect(messageOf(body)).toContain('status'),
  },
  {
    op: v3.updateItems,
    status: 400,
    error: 'BAD_REQUEST',
    why: 'an exportedAt that is not an RFC 3339 date-time',
    call: (t) => ({
      ...withOldest(t),
      body: [
        { accountingEntryId: entries(t, 'oldest')[3], status: 'successful', exportedAt: '3 March' },
      ],
    }),
    check: (_t, body) => expect(messageOf(body)).toContain('exportedAt'),
  },
  unknownToken(v3.updateItems, (t) => ({ ...withOldest(t), body: [] })),
  missingScope(v3.updateItems, 'export-jobs:write', (t) => ({ ...withOldest(t), body: [] })),
  {
    op: v3.updateItems,
    status: 404,
    error: 'EXPORT_NOT_FOUND',
    why: "another company's job",
    call: (t) => ({ params: { jobId: note(t, 'other.job') }, body: [] }),
  },
  {
    op: v3.updateItems,
    status: 413,
    error: 'EXPORT_JOB_ITEMS_UPDATE_LIMIT',
    why: '101 updates in one request',
    call: (t) => ({
      ...withOldest(t),
      body: Array.from({ length: 101 }, () => ({
        accountingEntryId: entries(t, 'oldest')[3],
        status: 'successful',
      })),
    }),
    check: (t) => expect(storedItems(main(t), note(t, 'oldest'))[3]?.status).toBe('in_progress'),
  },
  bodyTooLarge(v3.updateItems, withOldest),
  notJson(v3.updateItems, withOldest),
  {
    op: v3.updateItems,
    status: 200,
    why: 'the last item exported',
    call: (t) => ({
      ...withOldest(t),
      body: [{ accountingEntryId: entries(t, 'oldest')[3], status: 'successful' }],
    }),
    check: (_t, body) => expect(read.update(body).errors).toEqual([]),
  },
  {
    ...event('oldest', 'completed_with_errors', 'the job finishes with one failed item'),
    check: (t) => {
      expect(storedJob(main(t), note(t, 'oldest'))).toMatchObject({
        status: 'completed_with_errors',
        completedAt: now(main(t)),
      })
    },
  },
  {
    op: v3.job,
    status: 200,
    why: 'the finished job',
    call: withOldest,
    check: (t, body) => {
      const job = read.job(body)
      expect(job).toMatchObject({ status: 'completed_with_errors', completedAt: iso(now(main(t))) })
      expect(job).not.toHaveProperty('failureReasonType')
    },
  },
  ...finished('oldest', 'has finished'),
]

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
    error: 'BAD_REQUEST',
    why: "another company's accounting entry",
    call: (t) => ({
      body: {
        accountingEntryIds: [storedItems(main(t), note(t, 'other.job'))[0]?.accountingEntryId],
        companyId: main(t).companyId,
      },
    }),
    check: (_t, body) => expect(messageOf(body)).toContain('another company'),
  },
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

export const v3Processing: Step[] = [...claim, ...report, ...createAndComplete, ...failAndExpire]
