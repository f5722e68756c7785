// The v2 tour, part 2: the v2 integration processes the first job. It claims it over v2 (a second
// claim loses, over v2 and over v3: one job, one state machine), is refused a new job while one is
// in progress (409), reports items over v2 (v2's failure reasons; the four v3-only ones refused
// with 400), while a v3 integration marks one item with a v3-only reason that v2 reads through the
// documented mapping; then it finishes, and the finished job refuses events, item updates and
// export items (422) over v2. Every refusal of these writes is met on the way.
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
  refusedEvent,
  storedItems,
  storedJob,
  unknownKey,
  unknownToken,
  v2,
  v3,
} from './common.ts'
import type { Step } from './runner.ts'
import { read } from './schemas.ts'
import { note, unknownId, type Tour } from './tour.ts'

const main = (t: Tour) => t.fakes.main
const first = (t: Tour) => ({ params: { jobId: note(t, 'v2.first') } })
const entries = (t: Tour) => note(t, 'v2.first.entries').split(',')
const startSecond = (t: Tour) => ({ body: { jobId: note(t, 'v2.second'), event: 'started' } })

const claim: Step[] = [
  {
    ...event('v2.first', 'started', 'the v2 integration claims the first job', {}, v2),
    check: (t) => {
      const job = storedJob(main(t), note(t, 'v2.first'))
      expect(job).toMatchObject({ status: 'in_progress', startedAt: now(main(t)) })
    },
  },
  refusedEvent('v2.first', 'started', 'a second claim over v2 loses', v2),
  refusedEvent('v2.first', 'started', 'a claim over v3 on the job v2 claimed loses', v3),
  {
    op: v2.job,
    status: 200,
    why: 'the claimed job reads in_progress',
    call: first,
    check: (t, body) => {
      expect(read.v2.job(body)).toMatchObject({
        status: 'in_progress',
        startedAt: iso(now(main(t))),
        completedAt: null,
        failureReasonType: null,
      })
    },
  },
  {
    op: v2.createJob,
    status: 409,
    error: 'EXPORT_ALREADY_IN_PROGRESS',
    why: 'a new job while one is in progress',
    call: (t) => ({ body: { accountingEntryIds: [unknownId], companyId: main(t).companyId } }),
  },
  {
    op: v2.event,
    status: 400,
    error: 'BAD_REQUEST',
    why: "the how-to's `exportJobId` (refused without --lenient)",
    call: (t) => ({ body: { exportJobId: note(t, 'v2.second'), event: 'started' } }),
    check: (t, body) => {
      expect(messageOf(body)).toMatch(/'jobId' is required.*'exportJobId'.*--lenient/)
      expect(storedJob(main(t), note(t, 'v2.second')).status).toBe('pending')
    },
  },
  {
    op: v2.event,
    status: 400,
    error: 'BAD_REQUEST',
    why: 'a job failure reason type Pleo does not have',
    call: (t) => ({
      body: { jobId: note(t, 'v2.second'), event: 'failed', failureReasonType: 'gremlins' },
    }),
    check: (_t, body) => expect(messageOf(body)).toContain('failureReasonType'),
  },
  noCredentials(v2.event, startSecond),
  unknownKey(v2.event, startSecond),
  missingScope(v2.event, 'export-jobs:write', startSecond),
  {
    op: v2.event,
    status: 404,
    error: 'EXPORT_NOT_FOUND',
    why: 'no such job',
    call: () => ({ body: { jobId: unknownId, event: 'started' } }),
  },
  {
    op: v2.event,
    status: 404,
    error: 'EXPORT_NOT_FOUND',
    why: "another company's job",
    call: (t) => ({ body: { jobId: note(t, 'other.job'), event: 'started' } }),
  },
  bodyTooLarge(v2.event),
  notJson(v2.event),
]

const report: Step[] = [
  {
    op: v2.updateItems,
    status: 200,
    why: 'items reported over v2: one exported, one failed, one under way, one entry refused',
    call: (t) => {
      const [e1 = '', e2 = '', e3 = ''] = entries(t)
      return {
        ...first(t),
        body: [
          {
            accountingEntryId: e1,
            status: 'successful',
            exportedAt: '2025-03-03T11:30:00.5+01:00',
            externalId: 'JE-2001',
            externalUrl: 'https://erp.example/journal/2001',
          },
          {
            accountingEntryId: e2,
            status: 'failed',
            failureReason: 'Vendor not found in ERP',
            failureReasonType: 'accounting_system_validation_failure',
          },
          { accountingEntryId: e3, status: 'in_progress' },
          { accountingEntryId: unknownId, status: 'successful' },
        ],
      }
    },
    check: (t, body) => {
      const answer = read.v2.update(body)
      const [e1, e2, e3] = entries(t)
      expect(answer.data.map((i) => [i.accountingEntryId, i.status])).toEqual([
        [e1, 'successful'],
        [e2, 'failed'],
        [e3, 'in_progress'],
      ])
      expect(answer.data[0]).toMatchObject({
        exportedAt: '2025-03-03T10:30:00.5Z',
        exportJobId: note(t, 'v2.first'),
        failureReasonType: null,
      })
      expect(answer.data[1]).toHaveProperty(
        'failureReasonType',
        'accounting_system_validation_failure',
      )
      expect(answer.errors.map((e) => [e.accountingEntryId, e.type])).toEqual([
        [unknownId, 'ACCOUNTING_ENTRY_DOES_NOT_EXIST'],
      ])
      const stored = storedItems(main(t), note(t, 'v2.first'))
      expect(stored.map((i) => i.status)).toEqual([
        'successful',
        'failed',
        'in_progress',
        'pending',
      ])
      expect(stored[0]).toMatchObject({
        externalId: 'JE-2001',
        exportedAt: '2025-03-03T10:30:00.5Z',
      })
      expect(stored[1]?.failureReasonType).toBe('accounting_system_validation_failure')
    },
  },
  {
    op: v2.updateItems,
    status: 400,
    error: 'BAD_REQUEST',
    why: 'a v3-only failure reason (tag_unknown) in a v2 update',
    call: (t) => ({
      ...first(t),
      body: [
        { accountingEntryId: entries(t)[3], status: 'successful' },
        { accountingEntryId: entries(t)[2], status: 'failed', failureReasonType: 'tag_unknown' },
      ],
    }),
    check: (_t, body) => {
      expect(messageOf(body)).toContain("body field '1.failureReasonType'")
      expect(messageOf(body)).toContain("'tag_unknown' exists only in v3")
    },
  },
  {
    op: v2.updateItems,
    status: 400,
    error: 'BAD_REQUEST',
    why: 'an item status Pleo does not have',
    call: (t) => ({ ...first(t), body: [{ accountingEntryId: entries(t)[3], status: 'done' }] }),
    check: (_t, body) => expect(messageOf(body)).toContain('status'),
  },
  {
    op: v3.updateItems,
    status: 200,
    why: 'a v3 integration marks the item under way failed with a v3-only reason',
    call: (t) => ({
      ...first(t),
      body: [
        {
          accountingEntryId: entries(t)[2],
          status: 'failed',
          failureReason: 'Tag "Project X" is missing in the ERP',
          failureReasonType: 'tag_unknown',
        },
      ],
    }),
    check: (t) => {
      expect(storedItems(main(t), note(t, 'v2.first'))[2]).toMatchObject({
        status: 'failed',
        failureReasonType: 'tag_unknown',
      })
    },
  },
  {
    op: v2.items,
    status: 200,
    why: 'the failed items over v2: the v3-only reason read as invalid_configuration',
    call: (t) => ({ ...first(t), query: 'status=failed' }),
    check: (t, body) => {
      const [, e2, e3] = entries(t)
      expect(
        read.v2.items(body).data.map((i) => [i.accountingEntryId, i.failureReasonType]),
      ).toEqual([
        [e2, 'accounting_system_validation_failure'],
        [e3, 'invalid_configuration'],
      ])
    },
  },
  {
    op: v3.items,
    status: 200,
    why: 'the same items over v3 keep tag_unknown',
    call: (t) => ({ ...first(t), query: 'status=failed' }),
    check: (_t, body) => {
      expect(read.items(body).data.map((i) => i.failureReasonType)).toEqual([
        'accounting_system_validation_failure',
        'tag_unknown',
      ])
    },
  },
  noCredentials(v2.updateItems, (t) => ({ ...first(t), body: [] })),
  unknownToken(v2.updateItems, (t) => ({ ...first(t), body: [] })),
  missingScope(v2.updateItems, 'export-jobs:write', (t) => ({ ...first(t), body: [] })),
  {
    op: v2.updateItems,
    status: 404,
    error: 'EXPORT_NOT_FOUND',
    why: "another company's job",
    call: (t) => ({ params: { jobId: note(t, 'other.job') }, body: [] }),
  },
  {
    op: v2.updateItems,
    status: 413,
    error: 'EXPORT_JOB_ITEMS_UPDATE_LIMIT',
    why: '101 updates in one request',
    call: (t) => ({
      ...first(t),
      body: Array.from({ length: 101 }, () => ({
        accountingEntryId: entries(t)[3],
        status: 'successful',
      })),
    }),
  },
  bodyTooLarge(v2.updateItems, first),
  notJson(v2.updateItems, first),
  {
    op: v2.exportItems,
    status: 200,
    why: 'the claimed job still has its export items',
    call: (t) => ({ query: `job_id=${note(t, 'v2.first')}` }),
    check: (t, body) =>
      expect(read.v2.exportItems(body).data.map((i) => i.accountingEntryId)).toEqual(entries(t)),
  },
  {
    op: v2.updateItems,
    status: 200,
    why: 'the last item exported',
    call: (t) => ({
      ...first(t),
      body: [{ accountingEntryId: entries(t)[3], status: 'successful' }],
    }),
    check: (_t, body) => {
      const answer = read.v2.update(body)
      expect(answer.errors).toEqual([])
      expect(answer.data).toEqual([expect.objectContaining({ status: 'successful' })])
    },
  },
  {
    ...event('v2.first', 'completed_with_errors', 'the job finishes with two failed items', {}, v2),
    check: (t) => {
      expect(storedJob(main(t), note(t, 'v2.first'))).toMatchObject({
        status: 'completed_with_errors',
        completedAt: now(main(t)),
      })
    },
  },
  {
    op: v2.job,
    status: 200,
    why: 'the finished job',
    call: first,
    check: (t, body) => {
      expect(read.v2.job(body)).toMatchObject({
        status: 'completed_with_errors',
        completedAt: iso(now(main(t))),
        failureReasonType: null,
      })
    },
  },
  ...finished('v2.first', 'has finished', { api: v2 }),
]

export const v2Processing: Step[] = [...claim, ...report]
