// GET and PUT /v3/export-jobs/{jobId}/items: the control layer. PUT takes a bare array of at
// most 100 updates (413 beyond), applies the valid ones, lists the rest in `errors`, refreshes
// the job's lastUpdatedAt, and answers 422 once the job has finished or expired. The same under
// /v2 in v2's shapes: its PUT refuses the four v3-only failure reasons, and items marked with
// one over v3 read as their v2 counterparts (http/export-api-versions.ts).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import { exportJobItemStatuses, maxItemsPerUpdate } from '@fake-pleo/contract'
import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../api-error.ts'
import type { AppDeps, AppEnv } from '../app-env.ts'
import { isUnsafe } from '../options.ts'
import { companyJob } from '../http/company-job.ts'
import { exportApiV3, type ExportApiVersion } from '../http/export-api-versions.ts'
import { noteRequest } from '../http/journal.ts'
import { cachedList, listKey } from '../http/response-cache.ts'
import { toPageInfo, toPageRequest, type SortKeys } from '../http/paging.ts'
import { errors, jobIdParam, json, listOf, pageQuery } from '../http/schemas.ts'
import { requireScope } from '../http/scopes.ts'
import { rejectUnknownQuery } from '../http/strict-query.ts'
import { announceItems } from '../services/announce.ts'

const itemSortKeys: SortKeys = {
  keys: { accountingEntryId: 'accounting_entry_id', status: 'status' },
  defaultSort: [{ column: 'seq', desc: false }],
  tiebreak: 'seq',
}

const itemQuery = pageQuery.extend({ status: z.enum(exportJobItemStatuses).optional() })
const itemParams = ['status', 'limit', 'offset', 'after', 'before', 'sorting_keys', 'sorting_order']

/**
 * Answers 413 for more than 100 updates before any other validation, as Pleo does (unless the
 * unsafe mode `big-batches` is on).
 */
const updateLimit =
  (options: AppDeps['options']): MiddlewareHandler =>
  async (c, next) => {
    const body: unknown = await c.req.json().catch(() => undefined)
    if (
      Array.isArray(body) &&
      body.length > maxItemsPerUpdate &&
      !isUnsafe(options, 'big-batches')
    ) {
      throw new ApiError(
        'EXPORT_JOB_ITEMS_UPDATE_LIMIT',
        `Number of items to update is more than ${maxItemsPerUpdate} (got ${body.length}).`,
      )
    }
    await next()
  }

export function registerItemRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: AppDeps,
  api: ExportApiVersion = exportApiV3,
): void {
  const { prefix, jobItem } = api
  const list = createRoute({
    method: 'get',
    path: `${prefix}/export-jobs/{jobId}/items`,
    tags: ['Export job items'],
    summary: 'Get export job items',
    description: 'Item statuses only (the control layer); fetch every page before processing.',
    middleware: [
      requireScope('export-jobs:read'),
      rejectUnknownQuery(deps.options.strict, itemParams),
    ] as const,
    request: { params: jobIdParam, query: itemQuery },
    responses: {
      200: json(listOf(jobItem.schema), 'A page of items'),
      ...errors(400, 401, 403, 404),
    },
  })
  app.openapi(list, (c) => {
    const { jobId } = c.req.valid('param')
    const query = c.req.valid('query')
    noteRequest(c, { jobId })
    const { companyId } = companyJob(deps.store, jobId, c.get('principal').companyId)
    return cachedList(deps, listKey(companyId, c.req.url), () => {
      const page = deps.store.listJobItems(jobId, query.status, toPageRequest(query, itemSortKeys))
      const parameters: Record<string, string[]> = query.status ? { status: [query.status] } : {}
      return {
        data: page.rows.map(jobItem.present),
        pagination: toPageInfo(page, query, parameters),
      }
    })
  })

  const put = createRoute({
    method: 'put',
    path: `${prefix}/export-jobs/{jobId}/items`,
    tags: ['Export job items'],
    summary: 'Update export job items',
    description:
      'A bare JSON array of at most 100 updates (413 EXPORT_JOB_ITEMS_UPDATE_LIMIT beyond). Unknown entries are reported in `errors`; the rest are applied. 422 EXPORT_JOB_STATUS_UNPROCESSABLE once the job has finished or expired.',
    middleware: [
      requireScope('export-jobs:write'),
      rejectUnknownQuery(deps.options.strict, []),
      updateLimit(deps.options),
    ] as const,
    request: {
      params: jobIdParam,
      body: { ...json(api.updateBody, api.updateBodyName), required: true },
    },
    responses: {
      200: json(api.itemUpdate, 'Items after the update, and per-item errors'),
      ...errors(400, 401, 403, 404, 413, [
        422,
        'EXPORT_JOB_STATUS_UNPROCESSABLE (the job has finished or expired)',
      ]),
    },
  })
  app.openapi(put, (c) => {
    const { jobId } = c.req.valid('param')
    noteRequest(c, { jobId })
    const updates = c.req.valid('json')
    const result = deps.store.updateJobItems(
      jobId,
      c.get('principal').companyId,
      updates,
      deps.clock.now(),
    )
    if (!result.ok) throw new ApiError(result.code)
    announceItems(deps, jobId, result.value.data.length, result.value.errors.length)
    return c.json(
      { data: result.value.data.map(jobItem.present), errors: result.value.errors },
      200,
    )
  })
}
