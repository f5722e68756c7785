// The v2 tour, part 1: an integration written against Pleo's /v2 routes reads its queue. The
// company presses Export twice; the integration lists the pending jobs with `statuses` and with
// the deprecated singular `status` (alone, and with `statuses`: a job matching either), pages
// through them, reads the jobs the v3 tour finished (the same jobs, in the v2 shape), one job, its
// items and its export items (the v2 fields against the stored entries; the `_links` followed),
// and meets every refusal of these reads. v2 sends
// `failureReasonType: null` where v3 leaves it out.
import { expect } from 'vitest'
import {
  expectV2ExportItems,
  messageOf,
  missingScope,
  noCredentials,
  storedItems,
  unknownKey,
  unknownToken,
  v2,
} from './common.ts'
import type { Step } from './runner.ts'
import { read } from './schemas.ts'
import { createCompany, note, pressExport, unknownId, type Tour } from './tour.ts'

const main = (t: Tour) => t.fakes.main
const first = (t: Tour) => ({ params: { jobId: note(t, 'v2.first') } })
const entries = (t: Tour) => note(t, 'v2.first.entries').split(',')
/** The entries of both open jobs, in the order export items keep: by job, then job order. */
const openEntries = (t: Tour) =>
  [note(t, 'v2.first'), note(t, 'v2.second')]
    .sort()
    .flatMap((id) => storedItems(main(t), id).map((i) => i.accountingEntryId))
const ids = (jobs: { id: string }[]) => jobs.map((j) => j.id).sort()
/** The second job is vendor-based, with entries with and without a vendor, invoices among them. */
const secondItems = 12

const jobList: Step[] = [
  {
    op: v2.jobs,
    status: 200,
    why: 'the two jobs the company just exported, by `statuses`',
    call: async (t) => {
      t.notes.set('v2.first', await pressExport(main(t), { numberOfItems: 4 }))
      await main(t).control.advanceClock(1)
      const second = { numberOfItems: secondItems, vendorBasedBookkeeping: true }
      t.notes.set('v2.second', await pressExport(main(t), second))
      return { query: 'statuses=pending' }
    },
    check: (t, body) => {
      const page = read.v2.jobs(body)
      expect(ids(page.data)).toEqual([note(t, 'v2.first'), note(t, 'v2.second')].sort())
      for (const job of page.data) {
        expect(job).toMatchObject({ status: 'pending', companyId: main(t).companyId })
        expect(job).toHaveProperty('failureReasonType', null)
        expect(job.numberOfItems).toBe(storedItems(main(t), job.id).length)
      }
    },
  },
  {
    op: v2.jobs,
    status: 200,
    why: 'the same two by the deprecated `status`',
    call: () => ({ query: 'status=pending' }),
    check: (t, body) => {
      const page = read.v2.jobs(body)
      expect(ids(page.data)).toEqual([note(t, 'v2.first'), note(t, 'v2.second')].sort())
      const { parameters } = page.pagination.currentRequestPagination
      expect(parameters).toMatchObject({ status: ['pending'] })
      expect(parameters).not.toHaveProperty('statuses')
    },
  },
  {
    op: v2.jobs,
    status: 200,
    why: '`status` with `statuses`: the v3 tour’s failed and completed jobs, in the v2 shape',
    call: () => ({ query: 'status=failed&statuses=completed' }),
    check: (t, body) => {
      const jobs = read.v2.jobs(body).data
      expect(ids(jobs)).toEqual([note(t, 'newest'), note(t, 'created')].sort())
      const failed = jobs.find((j) => j.id === note(t, 'newest'))
      expect(failed).toMatchObject({
        status: 'failed',
        failureReasonType: 'missing_configuration',
        failureReason: 'No VAT code mapped for 25%.',
      })
      const completed = jobs.find((j) => j.id === note(t, 'created'))
      expect(completed).toHaveProperty('failureReasonType', null)
    },
  },
  {
    op: v2.jobs,
    status: 200,
    why: 'pending jobs oldest first, one per page',
    call: () => ({ query: 'statuses=pending&sorting_keys=createdAt&sorting_order=ASC&limit=1' }),
    check: (t, body) => {
      const page = read.v2.jobs(body)
      expect(page.data.map((j) => j.id)).toEqual([note(t, 'v2.first')])
      expect(page.pagination).toMatchObject({ hasNextPage: true, hasPreviousPage: false })
      t.notes.set('v2.jobs.page1.end', page.pagination.endCursor ?? '')
    },
  },
  {
    op: v2.jobs,
    status: 200,
    why: 'the next page with `after`',
    call: (t) => ({
      query: `statuses=pending&sorting_keys=createdAt&sorting_order=ASC&limit=1&after=${note(t, 'v2.jobs.page1.end')}`,
    }),
    check: (t, body) => {
      const page = read.v2.jobs(body)
      expect(page.data.map((j) => j.id)).toEqual([note(t, 'v2.second')])
      expect(page.pagination).toMatchObject({ hasNextPage: false, hasPreviousPage: true })
    },
  },
  ...(
    [
      ['status=pending&status=failed', 'the deprecated `status` repeated', 'takes one status'],
      ['status=done', 'a `status` Pleo does not have', "'status'"],
      ['statuses=done', 'a `statuses` value Pleo does not have', 'done'],
      ['limit=101', 'limit over 100', 'limit'],
    ] as const
  ).map(([query, why, says]): Step => ({
    op: v2.jobs,
    status: 400,
    error: 'BAD_REQUEST',
    why,
    call: () => ({ query }),
    check: (_t, body) => expect(messageOf(body)).toContain(says),
  })),
  {
    op: v2.jobs,
    status: 400,
    error: 'BAD_REQUEST',
    why: "the how-to's `companyId` (refused without --lenient)",
    call: (t) => ({ query: `companyId=${main(t).companyId}` }),
    check: (_t, body) => expect(messageOf(body)).toMatch(/'company_id' is required.*--lenient/),
  },
  noCredentials(v2.jobs),
  unknownToken(v2.jobs),
  missingScope(v2.jobs, 'export-jobs:read'),
  {
    op: v2.jobs,
    status: 403,
    error: 'ACCESS_DENIED',
    why: "another company's company_id",
    call: (t) => ({ query: `company_id=${note(t, 'other.company')}` }),
  },
]

const oneJob: Step[] = [
  {
    op: v2.job,
    status: 200,
    why: 'the first job, pending and never started',
    call: first,
    check: (t, body) => {
      const job = read.v2.job(body)
      expect(job).toMatchObject({
        id: note(t, 'v2.first'),
        status: 'pending',
        startedAt: null,
        failureReasonType: null,
      })
      expect(job.numberOfItems).toBe(4)
    },
  },
  {
    op: v2.job,
    status: 400,
    error: 'BAD_REQUEST',
    why: 'a job id that is not a UUID',
    call: () => ({ params: { jobId: 'not-a-uuid' } }),
    check: (_t, body) => expect(messageOf(body)).toContain('jobId'),
  },
  noCredentials(v2.job, first),
  unknownKey(v2.job, first),
  missingScope(v2.job, 'export-jobs:read', first),
  {
    op: v2.job,
    status: 404,
    error: 'EXPORT_NOT_FOUND',
    why: 'no such job',
    call: () => ({ params: { jobId: unknownId } }),
  },
  {
    op: v2.job,
    status: 404,
    error: 'EXPORT_NOT_FOUND',
    why: "another company's job",
    call: (t) => ({ params: { jobId: note(t, 'other.job') } }),
  },
]

const jobItems: Step[] = [
  {
    op: v2.items,
    status: 200,
    why: "the first job's items, pending, failureReasonType null",
    call: first,
    check: (t, body) => {
      const page = read.v2.items(body)
      const stored = storedItems(main(t), note(t, 'v2.first'))
      expect(page.data.map((i) => i.accountingEntryId)).toEqual(
        stored.map((i) => i.accountingEntryId),
      )
      for (const item of page.data) {
        expect(item).toMatchObject({ status: 'pending', exportJobId: note(t, 'v2.first') })
        expect(item).toHaveProperty('failureReasonType', null)
      }
      t.notes.set('v2.first.entries', stored.map((i) => i.accountingEntryId).join(','))
    },
  },
  {
    op: v2.items,
    status: 200,
    why: 'by status, two per page',
    call: (t) => ({ ...first(t), query: 'status=pending&limit=2' }),
    check: (t, body) => {
      const page = read.v2.items(body)
      expect(page.data.map((i) => i.accountingEntryId)).toEqual(entries(t).slice(0, 2))
      t.notes.set('v2.items.page1.end', page.pagination.endCursor ?? '')
    },
  },
  {
    op: v2.items,
    status: 200,
    why: 'the next two with `after`',
    call: (t) => ({ ...first(t), query: `limit=2&after=${note(t, 'v2.items.page1.end')}` }),
    check: (t, body) => {
      const page = read.v2.items(body)
      expect(page.data.map((i) => i.accountingEntryId)).toEqual(entries(t).slice(2))
      expect(page.pagination).toMatchObject({ hasNextPage: false, hasPreviousPage: true })
    },
  },
  {
    op: v2.items,
    status: 400,
    error: 'BAD_REQUEST',
    why: 'an item status Pleo does not have',
    call: (t) => ({ ...first(t), query: 'status=done' }),
    check: (_t, body) => expect(messageOf(body)).toContain('status'),
  },
  noCredentials(v2.items, first),
  missingScope(v2.items, 'export-jobs:read', first),
  {
    op: v2.items,
    status: 404,
    error: 'EXPORT_NOT_FOUND',
    why: "another company's job",
    call: (t) => ({ params: { jobId: note(t, 'other.job') } }),
  },
]

const exportItems: Step[] = [
  {
    op: v2.exportItems,
    status: 200,
    why: "the first job's payloads while it is open, in the v2 shape",
    call: (t) => ({ query: `job_id=${note(t, 'v2.first')}` }),
    check: (t, body) => {
      const page = read.v2.exportItems(body)
      expectV2ExportItems(main(t), note(t, 'v2.first'), page.data)
      expect(page.data.some((i) => i.teamCode !== null)).toBe(true)
      const last = page.data.at(-1)
      t.notes.set('v2.link', new URL(last?._links.api?.exportItem ?? '').search.slice(1))
      t.notes.set('v2.link.entry', last?.accountingEntryId ?? '')
    },
  },
  {
    op: v2.exportItems,
    status: 200,
    why: "an item's own `_links.api.exportItem`, followed",
    call: (t) => ({ query: note(t, 'v2.link') }),
    check: (t, body) => {
      const page = read.v2.exportItems(body)
      expect(page.data.map((i) => i.accountingEntryId)).toEqual([note(t, 'v2.link.entry')])
    },
  },
  {
    op: v2.exportItems,
    status: 200,
    why: 'the vendor-based job’s payloads: invoices, with and without a vendor',
    call: (t) => ({ query: `job_id=${note(t, 'v2.second')}` }),
    check: (t, body) => {
      const items = read.v2.exportItems(body).data
      expectV2ExportItems(main(t), note(t, 'v2.second'), items)
      expect(items.some((i) => i.vendor)).toBe(true)
      expect(items.some((i) => !('vendor' in i))).toBe(true)
      expect(items.some((i) => i.additionalInformation.invoiceInformation)).toBe(true)
      expect(items.some((i) => i.bookkeeping)).toBe(true)
    },
  },
  {
    op: v2.exportItems,
    status: 200,
    why: "both open jobs' payloads, four per page",
    call: () => ({ query: 'limit=4' }),
    check: (t, body) => {
      const page = read.v2.exportItems(body)
      expect(page.data.map((i) => i.accountingEntryId)).toEqual(openEntries(t).slice(0, 4))
      expect(page.pagination).toMatchObject({ hasNextPage: true, total: 4 + secondItems })
      t.notes.set('v2.exportItems.page1.end', page.pagination.endCursor ?? '')
    },
  },
  {
    op: v2.exportItems,
    status: 200,
    why: 'the next four with `after`',
    call: (t) => ({ query: `limit=4&after=${note(t, 'v2.exportItems.page1.end')}` }),
    check: (t, body) => {
      const page = read.v2.exportItems(body)
      expect(page.data.map((i) => i.accountingEntryId)).toEqual(openEntries(t).slice(4, 8))
      expect(page.pagination).toMatchObject({ hasNextPage: true, hasPreviousPage: true })
    },
  },
  ...(
    [
      ['sorting_keys=date', 'a sort (export items keep job order)'],
      ['job_id=42', 'a job id that is not a UUID'],
    ] as const
  ).map(([query, why]): Step => ({
    op: v2.exportItems,
    status: 400,
    error: 'BAD_REQUEST',
    why,
    call: () => ({ query }),
  })),
  {
    op: v2.exportItems,
    status: 400,
    error: 'MISSING_CONTRA_ACCOUNTS',
    why: 'a company whose contra accounts are not mapped (as on v3, decision 0015)',
    call: async (t) => {
      const unmapped = await createCompany(main(t), { contraAccountsMissing: true })
      t.notes.set('v2.unmapped.company', unmapped.companyId)
      t.notes.set('v2.unmapped.auth', unmapped.auth.authorization)
      const job = await main(t).control.pressExport({ companyId: unmapped.companyId })
      return { query: `job_id=${job.id}`, headers: unmapped.auth }
    },
  },
  noCredentials(v2.exportItems),
  unknownKey(v2.exportItems),
  missingScope(v2.exportItems, 'export-items:read'),
  {
    op: v2.exportItems,
    status: 404,
    error: 'EXPORT_NOT_FOUND',
    why: 'no such job',
    call: () => ({ query: `job_id=${unknownId}` }),
  },
  {
    op: v2.exportItems,
    status: 404,
    error: 'EXPORT_NOT_FOUND',
    why: "another company's job",
    call: (t) => ({ query: `job_id=${note(t, 'other.job')}` }),
  },
]

export const v2Queue: Step[] = [...jobList, ...oneJob, ...jobItems, ...exportItems]
