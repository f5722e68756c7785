// Comparing the real fake with the model: replies against the expected status and error type, a
// job (and its items) against the model's view of it, and the list of jobs over every page. Bodies
// are parsed with the contract's schemas, so a wrong shape fails as surely as a wrong value.
import { expect } from 'vitest'
import { z } from 'zod'
import { exportJobItemV3Schema, exportJobV3Schema, pageInfoSchema } from '@fake-pleo/contract'
import { expectedView, findJob, type Expected, type JobStatus, type Model } from './model.ts'
import type { Real, Reply } from './real.ts'

export const jobBodySchema = z.object({ data: exportJobV3Schema })
const errorSchema = z.object({ type: z.string(), message: z.string() })
const itemPageSchema = z.object({
  data: z.array(exportJobItemV3Schema),
  pagination: pageInfoSchema,
})
const jobPageSchema = z.object({ data: z.array(exportJobV3Schema), pagination: pageInfoSchema })

/** Asserts the reply's status and, for an expected error, its type. */
export function expectReply(reply: Reply, expected: Expected, what: string): void {
  expect(reply.status, `${what}: ${JSON.stringify(reply.body)}`).toBe(expected.status)
  if (expected.type !== undefined) expect(errorSchema.parse(reply.body).type).toBe(expected.type)
}

/** Timestamps go out at whole seconds. */
function shown(ms: number | null): number | null {
  return ms === null ? null : Math.floor(ms / 1000) * 1000
}

function parsedTime(text: string | null | undefined): number | null {
  return text === null || text === undefined ? null : Date.parse(text)
}

/** GETs the job (and its items) and compares them with the model; unknown ids must be 404. */
export async function expectJobAsModelled(model: Model, real: Real, id: string): Promise<void> {
  const job = findJob(model, id)
  const reply = await real.call('GET', `/v3/export-jobs/${id}`)
  if (!job) return expectReply(reply, { status: 404, type: 'EXPORT_NOT_FOUND' }, `GET job ${id}`)
  expectReply(reply, { status: 200 }, `GET job ${id}`)
  const data = jobBodySchema.parse(reply.body).data
  const view = expectedView(model, job)
  expect({
    status: data.status,
    lastUpdatedAt: parsedTime(data.lastUpdatedAt),
    startedAt: parsedTime(data.startedAt),
    completedAt: parsedTime(data.completedAt),
    expiredAt: parsedTime(data.expiredAt),
    failureReasonType: data.failureReasonType,
    expiresIn: data.expiresIn,
  }).toEqual({
    ...view,
    lastUpdatedAt: shown(view.lastUpdatedAt),
    startedAt: shown(view.startedAt),
    completedAt: shown(view.completedAt),
    expiredAt: shown(view.expiredAt),
  })
  expect(await realItems(real, id)).toEqual(job.items)
}

/** The job's items in job order, as `{id, status}`. */
export async function realItems(real: Real, jobId: string) {
  const reply = await real.call('GET', `/v3/export-jobs/${jobId}/items?limit=100`)
  expectReply(reply, { status: 200 }, `GET items of ${jobId}`)
  return itemPageSchema
    .parse(reply.body)
    .data.map((item) => ({ id: item.accountingEntryId, status: item.status }))
}

/** Every page of the (possibly filtered) list, as `id → status`, checking `total` on each page. */
export async function listAllPages(
  real: Real,
  statuses: readonly JobStatus[],
  limit: number,
  expectedTotal: number,
): Promise<Map<string, string>> {
  const base = new URLSearchParams({ company_id: real.companyId, limit: String(limit) })
  for (const status of statuses) base.append('statuses', status)
  const seen = new Map<string, string>()
  let after: string | undefined
  for (let page = 0; page <= expectedTotal + 1; page++) {
    const query = new URLSearchParams(base)
    if (after !== undefined) query.set('after', after)
    const reply = await real.call('GET', `/v3/export-jobs?${query.toString()}`)
    expectReply(reply, { status: 200 }, 'GET the job list')
    const body = jobPageSchema.parse(reply.body)
    expect(body.pagination.total).toBe(expectedTotal)
    for (const job of body.data) {
      expect(seen.has(job.id), `job ${job.id} listed twice`).toBe(false)
      seen.set(job.id, job.status)
    }
    if (!body.pagination.hasNextPage) return seen
    after = body.pagination.endCursor
  }
  throw new Error(`the list has more pages than the ${expectedTotal} jobs it should hold`)
}
