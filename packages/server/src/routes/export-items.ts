// GET /v3/export-items?job_id=: the data layer, full accounting payloads. Only jobs that are
// pending or in_progress have export items: a finished or expired job answers 422. Links and
// receipt URLs are made for this request (its origin, a fresh 24-hour expiry), so the cached
// answer is keyed by both. GET /v2/export-items answers the same entries as ExportItemV2, with
// `_links.api` under /v2.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import { ApiError } from '../api-error.ts'
import type { AppDeps, AppEnv } from '../app-env.ts'
import { companyJob } from '../http/company-job.ts'
import { exportApiV3, type ExportApiVersion } from '../http/export-api-versions.ts'
import { noteRequest } from '../http/journal.ts'
import { cachedList, listKey } from '../http/response-cache.ts'
import { toPageInfo, toPageRequest, type SortKeys } from '../http/paging.ts'
import { errors, json, listOf, pageQuery } from '../http/schemas.ts'
import { requireScope } from '../http/scopes.ts'
import { rejectUnknownQuery } from '../http/strict-query.ts'
import { isOpen } from '@fake-pleo/contract'
import { presentExportItem, receiptKey, receiptLinkExpiry } from '../receipts/links.ts'

const sortKeys: SortKeys = {
  keys: {},
  defaultSort: [
    { column: 'job_id', desc: false },
    { column: 'seq', desc: false },
  ],
  tiebreak: 'seq',
}

const query = pageQuery.extend({ job_id: z.guid({ error: 'must be a UUID' }).optional() })
const params = ['job_id', 'limit', 'offset', 'after', 'before', 'sorting_keys', 'sorting_order']

export function registerExportItemRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: AppDeps,
  api: ExportApiVersion = exportApiV3,
): void {
  const { prefix, exportItem } = api
  const route = createRoute({
    method: 'get',
    path: `${prefix}/export-items`,
    tags: ['Export items'],
    summary: 'Get export items',
    description:
      "Accounting payloads of a job (job_id) or of all the company's open jobs. 422 EXPORT_JOB_STATUS_UNPROCESSABLE once the job has finished; 400 MISSING_CONTRA_ACCOUNTS when the company has unmapped contra accounts.",
    middleware: [
      requireScope('export-items:read'),
      rejectUnknownQuery(deps.options.strict, params),
    ] as const,
    request: { query },
    responses: {
      200: json(listOf(exportItem.schema), 'A page of export items'),
      ...errors([400, api.contraAccounts400], 401, 403, 404, [
        422,
        'EXPORT_JOB_STATUS_UNPROCESSABLE (the job has finished or expired)',
      ]),
    },
  })
  app.openapi(route, (c) => {
    const q = c.req.valid('query')
    const companyId = c.get('principal').companyId
    if (q.job_id) {
      noteRequest(c, { jobId: q.job_id })
      const job = companyJob(deps.store, q.job_id, companyId)
      if (!isOpen(job.status)) {
        throw new ApiError(
          'EXPORT_JOB_STATUS_UNPROCESSABLE',
          'Export Job is finished and can no longer be processed.',
        )
      }
    }
    if (deps.store.getCompany(companyId)?.contraAccountsMissing)
      throw new ApiError('MISSING_CONTRA_ACCOUNTS')
    if (q.sorting_keys)
      throw new ApiError(
        'BAD_REQUEST',
        'query parameter sorting_keys: export items are always in job order',
      )
    const { origin } = new URL(c.req.url)
    const expires = receiptLinkExpiry(deps.clock.now())
    const key = `${origin} ${expires} ${listKey(companyId, c.req.url)}`
    return cachedList(deps, key, () => {
      const page = deps.store.listExportItems(
        { companyId, jobId: q.job_id },
        toPageRequest(q, sortKeys),
      )
      const links = { origin, expires, key: receiptKey(deps.store), prefix }
      const parameters: Record<string, string[]> = q.job_id ? { job_id: [q.job_id] } : {}
      return {
        data: page.rows.map((row) => exportItem.present(presentExportItem(row, links))),
        pagination: toPageInfo(page, q, parameters),
      }
    })
  })
}
