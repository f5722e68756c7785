// The v3 tour, part 1: an integration reads its queue before touching anything. It lists the
// company's three pending jobs, pages through them oldest first (cursors forwards and back,
// offset), reads one job, its items and its export items (pages again), and meets every refusal
// of these reads: bad parameters, the how-to's `companyId`, no or unknown credentials, an OAuth
// token without the scope, another company's id or job, unmapped contra accounts.
import { expect } from 'vitest'
import {
  messageOf,
  missingScope,
  noCredentials,
  storedItems,
  storedJob,
  unknownKey,
  unknownToken,
  v3,
} from './common.ts'
import type { Step } from './runner.ts'
import { read } from './schemas.ts'
import { createCompany, note, unknownId, type Tour } from './tour.ts'

const oldestFirst = 'sorting_keys=createdAt&sorting_order=ASC&limit=1'
const main = (t: Tour) => t.fakes.main

const jobList: Step[] = [
  {
    op: v3.jobs,
    status: 200,
    why: "the company's queue: three pending jobs",
    check: (t, body) => {
      const page = read.jobs(body)
      expect(page.data.map((j) => j.status)).toEqual(['pending', 'pending', 'pending'])
      expect(page.data.every((j) => j.companyId === main(t).companyId)).toBe(true)
      expect(page.pagination).toMatchObject({ hasNextPage: false, hasPreviousPage: false })
      expect(page.pagination.total).toBe(3)
    },
  },
  {
    op: v3.jobs,
    status: 200,
    why: 'oldest first, one per page',
    call: () => ({ query: oldestFirst }),
    check: (t, body) => {
      const page = read.jobs(body)
      const [oldest] = page.data
      expect(page.pagination).toMatchObject({ hasNextPage: true, hasPreviousPage: false })
      expect(page.pagination.currentRequestPagination).toMatchObject({
        sortingKeys: ['createdAt'],
        sortingOrder: ['ASC'],
        limit: 1,
      })
      t.notes.set('oldest', oldest?.id ?? '')
      t.notes.set('jobs.page1.end', page.pagination.endCursor ?? '')
    },
  },
  {
    op: v3.jobs,
    status: 200,
    why: 'the next page with `after`',
    call: (t) => ({ query: `${oldestFirst}&after=${note(t, 'jobs.page1.end')}` }),
    check: (t, body) => {
      const page = read.jobs(body)
      expect(page.pagination).toMatchObject({ hasNextPage: true, hasPreviousPage: true })
      expect(page.pagination.currentRequestPagination.after).toBe(note(t, 'jobs.page1.end'))
      t.notes.set('second', page.data[0]?.id ?? '')
      t.notes.set('jobs.page2.start', page.pagination.startCursor ?? '')
      t.notes.set('jobs.page2.end', page.pagination.endCursor ?? '')
    },
  },
  {
    op: v3.jobs,
    status: 200,
    why: 'the last page',
    call: (t) => ({ query: `${oldestFirst}&after=${note(t, 'jobs.page2.end')}` }),
    check: (t, body) => {
      const page = read.jobs(body)
      expect(page.pagination).toMatchObject({ hasNextPage: false, hasPreviousPage: true })
      t.notes.set('newest', page.data[0]?.id ?? '')
      const ids = ['oldest', 'second', 'newest'].map((name) => note(t, name))
      const created = ids.map((id) => storedJob(main(t), id).createdAt)
      expect(new Set(ids).size).toBe(3)
      expect([...created].sort((a, b) => a - b)).toEqual(created)
    },
  },
  {
    op: v3.jobs,
    status: 200,
    why: 'back to the first page with `before`',
    call: (t) => ({ query: `${oldestFirst}&before=${note(t, 'jobs.page2.start')}` }),
    check: (t, body) => {
      const page = read.jobs(body)
      expect(page.data.map((j) => j.id)).toEqual([note(t, 'oldest')])
      expect(page.pagination.hasPreviousPage).toBe(false)
    },
  },
  {
    op: v3.jobs,
    status: 200,
    why: 'the third job by `offset`',
    call: () => ({ query: `${oldestFirst}&offset=2` }),
    check: (t, body) => {
      const page = read.jobs(body)
      expect(page.data.map((j) => j.id)).toEqual([note(t, 'newest')])
      expect(page.pagination.currentRequestPagination.offset).toBe(2)
    },
  },
  {
    op: v3.jobs,
    status: 200,
    why: 'filtered by company_id and statuses',
    call: (t) => ({ query: `company_id=${main(t).companyId}&statuses=pending&statuses=failed` }),
    check: (t, body) => {
      const page = read.jobs(body)
      expect(page.data).toHaveLength(3)
      expect(page.pagination.currentRequestPagination.parameters).toEqual({
        company_id: [main(t).companyId],
        statuses: ['pending', 'failed'],
      })
    },
  },
  ...(
    [
      ['limit=101', 'limit over 100', 'limit'],
      ['statuses=done', 'a status Pleo does not have', 'done'],
      ['after=MFRGG===&offset=1', '`after` with `offset`', 'cannot be combined'],
      ['after=MFRGG===', 'a cursor of no page', 'cursor'],
    ] as const
  ).map(([query, why, says]): Step => ({
    op: v3.jobs,
    status: 400,
    error: 'BAD_REQUEST',
    why,
    call: () => ({ query }),
    check: (_t, body) => expect(messageOf(body)).toContain(says),
  })),
  {
    op: v3.jobs,
    status: 400,
    error: 'BAD_REQUEST',
    why: "the how-to's `companyId` (refused without --lenient)",
    call: (t) => ({ query: `companyId=${main(t).companyId}` }),
    check: (_t, body) => expect(messageOf(body)).toMatch(/'company_id' is required.*--lenient/),
  },
  noCredentials(v3.jobs),
  unknownKey(v3.jobs),
  missingScope(v3.jobs, 'export-jobs:read'),
  {
    op: v3.jobs,
    status: 403,
    error: 'ACCESS_DENIED',
    why: "another company's company_id",
    call: async (t) => {
      const other = await createCompany(main(t))
      t.notes.set('other.company', other.companyId)
      t.notes.set('other.auth', other.auth.authorization)
      const job = await main(t).control.pressExport({ companyId: other.companyId })
      t.notes.set('other.job', job.id)
      return { query: `company_id=${other.companyId}` }
    },
  },
]

const oneJob: Step[] = [
  {
    op: v3.job,
    status: 200,
    why: 'the oldest job, pending and never started',
    call: (t) => ({ params: { jobId: note(t, 'oldest') } }),
    check: (t, body) => {
      const job = read.job(body)
      expect(job).toMatchObject({ id: note(t, 'oldest'), status: 'pending', startedAt: null })
      expect(job).not.toHaveProperty('failureReasonType')
      expect(job.numberOfItems).toBe(storedItems(main(t), job.id).length)
    },
  },
  {
    op: v3.job,
    status: 400,
    error: 'BAD_REQUEST',
    why: 'a job id that is not a UUID',
    call: () => ({ params: { jobId: 'not-a-uuid' } }),
    check: (_t, body) => expect(messageOf(body)).toContain('jobId'),
  },
  unknownToken(v3.job, (t) => ({ params: { jobId: note(t, 'oldest') } })),
  missingScope(v3.job, 'export-jobs:read', (t) => ({ params: { jobId: note(t, 'oldest') } })),
  {
    op: v3.job,
    status: 404,
    error: 'EXPORT_NOT_FOUND',
    why: 'no such job',
    call: () => ({ params: { jobId: unknownId } }),
  },
  {
    op: v3.job,
    status: 404,
    error: 'EXPORT_NOT_FOUND',
    why: "another company's job",
    call: (t) => ({ params: { jobId: note(t, 'other.job') } }),
  },
]

const jobItems: Step[] = [
  {
    op: v3.items,
    status: 200,
    why: "the oldest job's items, all pending",
    call: (t) => ({ params: { jobId: note(t, 'oldest') } }),
    check: (t, body) => {
      const page = read.items(body)
      const stored = storedItems(main(t), note(t, 'oldest'))
      expect(page.data.map((i) => i.accountingEntryId)).toEqual(
        stored.map((i) => i.accountingEntryId),
      )
      expect(page.data.every((i) => i.status === 'pending' && !('failureReasonType' in i))).toBe(
        true,
      )
      t.notes.set('oldest.entries', stored.map((i) => i.accountingEntryId).join(','))
    },
  },
  {
    op: v3.items,
    status: 200,
    why: 'two items per page',
    call: (t) => ({ params: { jobId: note(t, 'oldest') }, query: 'limit=2' }),
    check: (t, body) => {
      const page = read.items(body)
      expect(page.data).toHaveLength(2)
      expect(page.pagination.hasNextPage).toBe(true)
      t.notes.set('items.page1.end', page.pagination.endCursor ?? '')
    },
  },
  {
    op: v3.items,
    status: 200,
    why: 'the next two with `after`',
    call: (t) => ({
      params: { jobId: note(t, 'oldest') },
      query: `limit=2&after=${note(t, 'items.page1.end')}`,
    }),
    check: (t, body) => {
      const page = read.items(body)
      const entries = note(t, 'oldest.entries').split(',')
      expect(page.data.map((i) => i.accountingEntryId)).toEqual(entries.slice(2, 4))
      expect(page.pagination).toMatchObject({ hasNextPage: false, hasPreviousPage: true })
      t.notes.set('items.page2.start', page.pagination.startCursor ?? '')
    },
  },
  {
    op: v3.items,
    status: 200,
    why: 'back with `before`',
    call: (t) => ({
      params: { jobId: note(t, 'oldest') },
      query: `limit=2&before=${note(t, 'items.page2.start')}`,
    }),
    check: (t, body) => {
      const entries = note(t, 'oldest.entries').split(',')
      expect(read.items(body).data.map((i) => i.accountingEntryId)).toEqual(entries.slice(0, 2))
    },
  },
  {
    op: v3.items,
    status: 200,
    why: 'the last item by `offset`, filtered by status',
    call: (t) => ({ params: { jobId: note(t, 'oldest') }, query: 'status=pending&offset=3' }),
    check: (t, body) => {
      const entries = note(t, 'oldest.entries').split(',')
      expect(read.items(body).data.map((i) => i.accountingEntryId)).toEqual(entries.slice(3))
    },
  },
  ...(
    [
      ['status=done', 'an item status Pleo does not have'],
      ['limit=lots', 'a limit that is not a number'],
    ] as const
  ).map(([query, why]): Step => ({
    op: v3.items,
    status: 400,
    error: 'BAD_REQUEST',
    why,
    call: (t) => ({ params: { jobId: note(t, 'oldest') }, query }),
  })),
  noCredentials(v3.items, (t) => ({ params: { jobId: note(t, 'oldest') } })),
  missingScope(v3.items, 'export-jobs:read', (t) => ({ params: { jobId: note(t, 'oldest') } })),
  {
    op: v3.items,
    status: 404,
    error: 'EXPORT_NOT_FOUND',
    why: 'no such job',
    call: () => ({ params: { jobId: unknownId } }),
  },
]

const exportItems: Step[] = [
  {
    op: v3.exportItems,
    status: 200,
    why: "the oldest job's accounting payloads",
    call: (t) => ({ query: `job_id=${note(t, 'oldest')}` }),
    check: (t, body) => {
      const page = read.exportItems(body)
      expect(page.data.map((i) => i.accountingEntryId)).toEqual(
        note(t, 'oldest.entries').split(','),
      )
      expect(page.data.every((i) => i.companyId === main(t).companyId)).toBe(true)
      expect(page.pagination.currentRequestPagination.parameters).toEqual({
        job_id: [note(t, 'oldest')],
      })
    },
  },
  {
    op: v3.exportItems,
    status: 200,
    why: "every open job's payloads, five per page",
    call: () => ({ query: 'limit=5' }),
    check: (t, body) => {
      const page = read.exportItems(body)
      expect(page.data).toHaveLength(5)
      expect(page.pagination).toMatchObject({
        hasNextPage: true,
        hasPreviousPage: false,
        total: 12,
      })
      t.notes.set('exportItems.page1', page.data.map((i) => i.accountingEntryId).join(','))
      t.notes.set('exportItems.page1.end', page.pagination.endCursor ?? '')
    },
  },
  {
    op: v3.exportItems,
    status: 200,
    why: 'the next five with `after`',
    call: (t) => ({ query: `limit=5&after=${note(t, 'exportItems.page1.end')}` }),
    check: (t, body) => {
      const page = read.exportItems(body)
      expect(page.pagination).toMatchObject({ hasNextPage: true, hasPreviousPage: true })
      const first = note(t, 'exportItems.page1').split(',')
      expect(page.data.some((i) => first.includes(i.accountingEntryId))).toBe(false)
      t.notes.set('exportItems.page2.start', page.pagination.startCursor ?? '')
    },
  },
  {
    op: v3.exportItems,
    status: 200,
    why: 'back with `before`',
    call: (t) => ({ query: `limit=5&before=${note(t, 'exportItems.page2.start')}` }),
    check: (t, body) => {
      const ids = read.exportItems(body).data.map((i) => i.accountingEntryId)
      expect(ids.join(',')).toBe(note(t, 'exportItems.page1'))
    },
  },
  {
    op: v3.exportItems,
    status: 200,
    why: 'the last two by `offset`',
    call: () => ({ query: 'limit=5&offset=10' }),
    check: (_t, body) => {
      const page = read.exportItems(body)
      expect(page.data).toHaveLength(2)
      expect(page.pagination).toMatchObject({ hasNextPage: false, hasPreviousPage: true })
    },
  },
  ...(
    [
      ['sorting_keys=date', 'a sort (export items keep job order)'],
      ['job_id=42', 'a job id that is not a UUID'],
    ] as const
  ).map(([query, why]): Step => ({
    op: v3.exportItems,
    status: 400,
    error: 'BAD_REQUEST',
    why,
    call: () => ({ query }),
  })),
  {
    op: v3.exportItems,
    status: 400,
    error: 'MISSING_CONTRA_ACCOUNTS',
    why: 'a company whose contra accounts are not mapped',
    call: async (t) => {
      const unmapped = await createCompany(main(t), { contraAccountsMissing: true })
      t.notes.set('unmapped.company', unmapped.companyId)
      t.notes.set('unmapped.auth', unmapped.auth.authorization)
      const job = await main(t).control.pressExport({ companyId: unmapped.companyId })
      return { query: `job_id=${job.id}`, headers: unmapped.auth }
    },
  },
  noCredentials(v3.exportItems),
  missingScope(v3.exportItems, 'export-items:read'),
  {
    op: v3.exportItems,
    status: 404,
    error: 'EXPORT_NOT_FOUND',
    why: 'no such job',
    call: () => ({ query: `job_id=${unknownId}` }),
  },
]

export const v3Queue: Step[] = [...jobList, ...oneJob, ...jobItems, ...exportItems]
