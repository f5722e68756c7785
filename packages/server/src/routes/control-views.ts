// The control API's read views for dashboards (the web app at `/` uses them; a script can too):
// the companies with their API keys, a company's job board (counts by status, one page of jobs
// with item progress and expiry time), one job with everything about it (items, accounting
// entries, journal entries, webhook messages and their attempts), and a company's webhook
// messages. Read-only and fake-only; under /_sim, so the admin token guards them like the rest.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import {
  exportJobStatuses,
  expiresAt,
  isOpen,
  journalRecordSchema,
  toExportJobItemV3,
  toExportJobV3,
  type JobRecord,
} from '@fake-pleo/contract'
import { ApiError } from '../api-error.ts'
import type { AppDeps, AppEnv } from '../app-env.ts'
import {
  dataOf,
  errors,
  ExportItemV3,
  ExportJobItemV3,
  ExportJobV3,
  json,
  jobIdParam,
} from '../http/schemas.ts'
import { fakeOnlyTags } from '../openapi-document.ts'
import type { ItemProgress, MessageView } from '../store/view-queries.ts'
import { demoApiKey } from '../seed.ts'

const tags = [fakeOnlyTags.control]
const iso = (ms: number) => new Date(ms).toISOString()
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))

const companyView = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  apiKeys: z.array(z.string()).openapi({
    description:
      "The keys the fake can show: the demo seed's public key; any other is kept only as a hash (it was in the answer that created the company).",
  }),
})

const progress = z.object({
  total: z.number(),
  reported: z
    .number()
    .openapi({ description: 'Items an integration has reported on: successful or failed.' }),
  failed: z.number(),
})

const boardJob = ExportJobV3.and(
  z.object({
    expiresAt: z.string().nullable().openapi({
      description: 'When an open job expires on the virtual clock (null once final).',
    }),
    items: progress,
  }),
)

const message = z.object({
  id: z.number(),
  webhookId: z.string(),
  subscriptionId: z.string(),
  eventType: z.string(),
  createdAt: z.string(),
  state: z.string().openapi({ description: 'pending, sending, delivered, failed or aborted' }),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable().openapi({ description: 'Next retry, virtual clock.' }),
  jobId: z.string().nullable(),
  deliveries: z.array(
    z.object({
      id: z
        .number()
        .openapi({ description: 'Redeliver with POST /_sim/deliveries/{id}/redeliver' }),
      attempt: z.number(),
      at: z.string(),
      status: z.number().nullable(),
      error: z.string().nullable(),
      fault: z.string().nullable(),
    }),
  ),
})

const journalEntry = journalRecordSchema.pick({
  id: true,
  at: true,
  method: true,
  path: true,
  query: true,
  status: true,
  event: true,
  fault: true,
})

const companyQuery = z
  .guid({ error: 'must be a UUID' })
  .openapi({ param: { name: 'companyId', in: 'query' } })

const boardQuery = z.object({
  companyId: companyQuery,
  status: z
    .enum(exportJobStatuses)
    .optional()
    .openapi({ param: { name: 'status', in: 'query' } }),
  offset: z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .optional()
    .openapi({ param: { name: 'offset', in: 'query' }, type: 'string' }),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(1).max(200, 'must be at most 200'))
    .optional()
    .openapi({ param: { name: 'limit', in: 'query' }, type: 'string' }),
})

const newestFirst = [
  { column: 'created_at', desc: true },
  { column: 'id', desc: true },
]

const noProgress: ItemProgress = { total: 0, reported: 0, failed: 0 }

function toBoardJob(job: JobRecord, items: ItemProgress | undefined) {
  return {
    ...toExportJobV3(job),
    expiresAt: isOpen(job.status) ? iso(expiresAt(job)) : null,
    items: items ?? { ...noProgress, total: job.numberOfItems },
  }
}

const toMessage = (m: MessageView) => ({
  ...m,
  createdAt: iso(m.createdAt),
  nextAttemptAt: isoOrNull(m.nextAttemptAt),
  deliveries: m.deliveries.map((d) => ({ ...d, at: iso(d.at) })),
})

export function registerViewRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { store } = deps
  const requireCompany = (id: string) => {
    if (!store.getCompany(id))
      throw new ApiError('COMPANY_NOT_FOUND', `Company ${id} does not exist.`)
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/_sim/companies',
      tags,
      summary: 'The companies and their API keys',
      responses: { 200: json(dataOf(z.array(companyView)), 'Oldest first') },
    }),
    (c) => {
      // Keys are kept only as hashes: the demo seed's fixed, public key is the only one the fake
      // can show again (a company's key is in the answer that created it).
      const demoHolder = store.findApiKey(demoApiKey)?.companyId
      const data = store.views.companies().map((co) => ({
        ...co,
        createdAt: iso(co.createdAt),
        apiKeys: co.id === demoHolder ? [demoApiKey] : [],
      }))
      return c.json({ data }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/_sim/board',
      tags,
      summary: "A company's job board",
      description:
        'How many jobs are in each status, the next expiry on the virtual clock, and one page of jobs (newest first; `offset`, `limit` up to 200, default 50; `status` narrows it) with item progress and expiry time.',
      request: { query: boardQuery },
      responses: {
        200: json(
          dataOf(
            z.object({
              counts: z.record(z.string(), z.number()),
              total: z.number(),
              offset: z.number(),
              limit: z.number(),
              nextExpiryAt: z.string().nullable(),
              jobs: z.array(boardJob),
            }),
          ),
          'The board',
        ),
        ...errors(400, [404, 'COMPANY_NOT_FOUND']),
      },
    }),
    (c) => {
      const q = c.req.valid('query')
      requireCompany(q.companyId)
      const counts: Record<string, number> = {}
      for (const status of exportJobStatuses) {
        const one = store.listJobs(
          { companyId: q.companyId, statuses: [status] },
          { limit: 1, sort: newestFirst },
        )
        counts[status] = one.total
      }
      const offset = q.offset ?? 0
      const limit = q.limit ?? 50
      const page = store.listJobs(
        { companyId: q.companyId, statuses: q.status ? [q.status] : undefined },
        { limit, offset, sort: newestFirst },
      )
      const progressOf = store.views.progress(page.rows.map((job) => job.id))
      const data = {
        counts,
        total: page.total,
        offset,
        limit,
        nextExpiryAt: isoOrNull(store.views.nextExpiry(q.companyId)),
        jobs: page.rows.map((job) => toBoardJob(job, progressOf.get(job.id))),
      }
      return c.json({ data }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/_sim/export-jobs/{jobId}',
      tags,
      summary: 'One job and everything about it',
      description:
        'The job (any company), its items, the accounting entries behind them, the last 500 journal entries about it and the webhook messages about it with every attempt.',
      request: { params: jobIdParam },
      responses: {
        200: json(
          dataOf(
            z.object({
              job: boardJob,
              items: z.array(ExportJobItemV3),
              entries: z.array(ExportItemV3),
              journal: z.array(journalEntry),
              messages: z.array(message),
            }),
          ),
          'The job',
        ),
        ...errors(400, [404, 'EXPORT_NOT_FOUND']),
      },
    }),
    (c) => {
      const { jobId } = c.req.valid('param')
      const job = store.getJob(jobId)
      if (!job) throw new ApiError('EXPORT_NOT_FOUND')
      const all = { limit: 1000, sort: [{ column: 'seq', desc: false }] }
      const items = store.listJobItems(jobId, undefined, all).rows
      const entries = items.flatMap((item) => {
        const entry = store.getAccountingEntry(item.accountingEntryId)
        return entry ? [entry.item] : []
      })
      const data = {
        job: toBoardJob(job, store.views.progress([jobId]).get(jobId)),
        items: items.map(toExportJobItemV3),
        entries,
        journal: store.views.journalOfJob(jobId, 500).map((e) => ({
          id: e.id,
          at: iso(e.at),
          method: e.method,
          path: e.path,
          query: e.query,
          status: e.status,
          event: e.event,
          fault: e.fault,
        })),
        messages: store.views.messagesOfJob(jobId).map(toMessage),
      }
      return c.json({ data }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/_sim/messages',
      tags,
      summary: "A company's webhook messages with every attempt",
      description: 'Newest first, the last 200 (`limit` up to 1000).',
      request: {
        query: z.object({
          companyId: companyQuery,
          limit: boardQuery.shape.limit,
        }),
      },
      responses: {
        200: json(dataOf(z.array(message)), 'Messages'),
        ...errors(400, [404, 'COMPANY_NOT_FOUND']),
      },
    }),
    (c) => {
      const q = c.req.valid('query')
      requireCompany(q.companyId)
      const data = store.views.messagesOfCompany(q.companyId, q.limit ?? 200).map(toMessage)
      return c.json({ data }, 200)
    },
  )
}
