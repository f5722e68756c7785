// The v3 tour, part 2: an integration processes the oldest job. It claims it (a second claim
// loses with 422), is refused a new job while one is in progress (409), reports items (successes
// with RFC 3339 times, a failure with its reason, per-item errors for entries it should not
// touch), finishes with completed_with_errors, then finds the finished job closed to events, item
// updates and export items (422). Every refusal of these writes is met on the way.
import { expect } from 'vitest'
import {
  bodyTooLarge,
  event,
  finished,
  iso,
  messageOf,
  missingScope,
  notJson,
  now,
  refusedEvent,
  storedItems,
  storedJob,
  unknownKey,
  unknownToken,
  v3,
} from './common.ts'
import type { Step } from './runner.ts'
import { read } from './schemas.ts'
import { note, unknownId, type Tour } from './tour.ts'

const main = (t: Tour) => t.fakes.main
const entries = (t: Tour, name: string) => note(t, `${name}.entries`).split(',')

const withOldest = (t: Tour) => ({ params: { jobId: note(t, 'oldest') } })

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

export const v3Processing: Step[] = [...claim, ...report]
