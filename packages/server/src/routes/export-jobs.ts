// GET /v3/export-jobs (filters, pagination, sorting), GET /v3/export-jobs/{jobId} and
// POST /v3/export-jobs (201; 409 while the company has a job in progress), and the same under /v2
// in v2's shapes (http/export-api-versions.ts). The list takes the spec's `company_id` (the
// how-to's `companyId` only with --lenient) and `statuses` limited to what this server can hold:
// `expired` only when expired jobs read `expired`. v2's list also takes the deprecated singular
// `status`, one more status to match.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import { createExportJobSchema, exportJobStatuses, type ExportJobStatus } from '@fake-pleo/contract'
import { ApiError } from '../api-error.ts'
import type { AppDeps, AppEnv } from '../app-env.ts'
import type { FidelityOptions } from '../options.ts'
import { queryAlias } from '../http/aliases.ts'
import { exportApiV3, type ExportApiVersion } from '../http/export-api-versions.ts'
import { companyJob } from '../http/company-job.ts'
import { noteRequest } from '../http/journal.ts'
import { pleoJson } from '../http/media-type.ts'
import { cachedList, listKey } from '../http/response-cache.ts'
import { toPageInfo, toPageRequest, type SortKeys } from '../http/paging.ts'
import { dataOf, errors, jobIdParam, json, listOf, pageQuery } from '../http/schemas.ts'
import { leanRoute } from '../http/lean-route.ts'
import { requireScope, scopeStep } from '../http/scopes.ts'
import { rejectUnknownQuery, unknownQueryStep } from '../http/strict-query.ts'
import { createJob } from '../services/jobs.ts'

/** The job statuses this server can hold: with --expired-status failed, never `expired`. */
function holdableStatuses(expiredStatus: FidelityOptions['expiredStatus']) {
  return exportJobStatuses.filter((status) => status !== 'expired' || expiredStatus === 'expired')
}

function statusRefusal(statuses: readonly string[]) {
  return (input: unknown) => {
    const values: unknown[] = Array.isArray(input) ? input : [input]
    const bad = values.find((value) => !statuses.includes(value as string))
    return bad === 'expired'
      ? "'expired' is never held by this server: it runs --expired-status failed, so an expired job reads 'failed' (with failureReasonType job_expired)"
      : `unknown status ${JSON.stringify(bad)}; use ${statuses.join(', ')}`
  }
}

function statusList(options: FidelityOptions) {
  const statuses = holdableStatuses(options.expiredStatus)
  const refusal = statusRefusal(statuses)
  const status = z.enum(statuses, { error: (issue) => refusal(issue.input) })
  return z
    .union([status, z.array(status)], { error: (issue) => refusal(issue.input) })
    .transform((v) => (Array.isArray(v) ? v : [v]))
}

/** v2's deprecated `status`: one status, the same values as `statuses`. */
function singleStatus(options: FidelityOptions) {
  const statuses = holdableStatuses(options.expiredStatus)
  const refusal = statusRefusal(statuses)
  return z.enum(statuses, {
    error: (issue) =>
      Array.isArray(issue.input)
        ? 'takes one status (it is deprecated); repeat statuses= for several'
        : refusal(issue.input),
  })
}

function listQuery(options: FidelityOptions, api: ExportApiVersion) {
  const holdable = holdableStatuses(options.expiredStatus).join(', ')
  const spec = pageQuery.extend({
    company_id: z.guid({ error: 'must be a UUID' }).optional(),
    statuses: statusList(options)
      .optional()
      .openapi({ description: `Repeat the key for several statuses: ${holdable}.` }),
  })
  const query = api.singularStatus
    ? spec.extend({
        status: singleStatus(options)
          .optional()
          .openapi({
            param: { deprecated: true },
            description: `Deprecated (use statuses): one status, ${holdable}. Given with statuses, a job matching either is listed.`,
          }),
      })
    : spec
  if (!options.lenient) return query
  return query.extend({
    companyId: z.guid({ error: 'must be a UUID' }).optional().openapi({
      description:
        "The how-tos' spelling of company_id, accepted because this server runs --lenient (journaled as an alias).",
    }),
  })
}

const listParams = (lenient: boolean, api: ExportApiVersion) => [
  'company_id',
  ...(lenient ? ['companyId'] : []),
  'statuses',
  ...(api.singularStatus ? ['status'] : []),
  'limit',
  'offset',
  'after',
  'before',
  'sorting_keys',
  'sorting_order',
]

const jobSortKeys = (listOrder: AppDeps['options']['listOrder']): SortKeys => ({
  keys: {
    createdAt: 'created_at',
    lastUpdatedAt: 'last_updated_at',
    id: 'id',
    status: 'status',
  },
  defaultSort:
    listOrder === 'created-asc'
      ? [
          { column: 'created_at', desc: false },
          { column: 'id', desc: false },
        ]
      : [{ column: 'id', desc: false }],
  tiebreak: 'id',
})

type StatusQuery = {
  statuses?: ExportJobStatus[] | undefined
  status?: ExportJobStatus | undefined
}

/** `statuses` and v2's singular `status` together: a job matching any of them is listed. */
function statusFilter(query: StatusQuery): ExportJobStatus[] | undefined {
  if (query.status === undefined) return query.statuses
  return [...new Set([...(query.statuses ?? []), query.status])]
}

export function registerExportJobRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: AppDeps,
  api: ExportApiVersion = exportApiV3,
): void {
  const sortKeys = jobSortKeys(deps.options.listOrder)
  const { job: jobShape, prefix } = api

  const list = createRoute({
    method: 'get',
    path: `${prefix}/export-jobs`,
    tags: ['Export jobs'],
    summary: 'List export jobs',
    description:
      "Jobs of the caller's company. The default order is stable but NOT by age: pick the oldest yourself, or pass sorting_keys=createdAt&sorting_order=ASC.",
    middleware: [
      requireScope('export-jobs:read'),
      queryAlias(deps.options.lenient, 'companyId'),
      rejectUnknownQuery(deps.options.strict, listParams(deps.options.lenient, api)),
    ] as const,
    request: { query: listQuery(deps.options, api) },
    responses: { 200: json(listOf(jobShape.schema), 'A page of jobs'), ...errors(400, 401, 403) },
  })
  app.openapi(list, (c) => {
    // v2's list query has `status` too (listQuery); v3's has not.
    const query: z.infer<ReturnType<typeof listQuery>> & StatusQuery = c.req.valid('query')
    const principal = c.get('principal')
    const alias = 'companyId' in query ? query.companyId : undefined
    if (query.company_id && alias && query.company_id !== alias) {
      throw new ApiError('BAD_REQUEST', 'company_id and companyId disagree; pass one of them')
    }
    const companyId = query.company_id ?? alias ?? principal.companyId
    if (companyId !== principal.companyId) {
      throw new ApiError(
        'ACCESS_DENIED',
        `These credentials belong to company ${principal.companyId}, not ${companyId}.`,
      )
    }
    return cachedList(deps, listKey(companyId, c.req.url), () => {
      const page = deps.store.listJobs(
        { companyId, statuses: statusFilter(query) },
        toPageRequest(query, sortKeys),
      )
      const parameters: Record<string, string[]> = { company_id: [companyId] }
      if (query.statuses) parameters.statuses = query.statuses
      if (query.status) parameters.status = [query.status]
      return {
        data: page.rows.map(jobShape.present),
        pagination: toPageInfo(page, query, parameters),
      }
    })
  })

  // The route's checks run in its own frame (lean-route.ts): the same answers, fewer awaits.
  leanRoute(
    app,
    {
      method: 'get',
      path: `${prefix}/export-jobs/{jobId}`,
      tags: ['Export jobs'],
      summary: 'Get an export job',
      request: { params: jobIdParam },
      responses: { 200: json(dataOf(jobShape.schema), 'The job'), ...errors(400, 401, 403, 404) },
    },
    [scopeStep('export-jobs:read'), unknownQueryStep(deps.options.strict, [])],
    (c, { jobId }) => {
      noteRequest(c, { jobId })
      const job = companyJob(deps.store, jobId, c.get('principal').companyId)
      return c.json({ data: jobShape.present(job) }, 200, pleoJson)
    },
  )

  const create = createRoute({
    method: 'post',
    path: `${prefix}/export-jobs`,
    middleware: [
      requireScope('export-jobs:write'),
      rejectUnknownQuery(deps.options.strict, []),
    ] as const,
    tags: ['Export jobs'],
    summary: 'Create an export job',
    description:
      'Creates a pending job for the given accounting entries; ids the fake has not seen for this company (unknown, or held by another company) get entry data generated for it. 409 EXPORT_ALREADY_IN_PROGRESS while the company has a job in_progress. (The control API\'s POST /_sim/export-jobs is the "press Export" button and never answers 409.)',
    request: { body: { ...json(createExportJobSchema, 'CreateExportJob'), required: true } },
    responses: {
      201: json(dataOf(jobShape.schema), 'The new job'),
      ...errors([400, api.contraAccounts400], 401, 403, 409),
    },
  })
  app.openapi(create, (c) => {
    const body = c.req.valid('json')
    const principal = c.get('principal')
    if (body.companyId !== principal.companyId) {
      throw new ApiError(
        'ACCESS_DENIED',
        `These credentials belong to company ${principal.companyId}, not ${body.companyId}.`,
      )
    }
    if (new Set(body.accountingEntryIds).size !== body.accountingEntryIds.length) {
      throw new ApiError(
        'BAD_REQUEST',
        "body field 'accountingEntryIds': lists the same entry twice",
      )
    }
    // An id the company has not seen, whether unknown or another company's, gets entry data
    // generated for this company: the answer never tells that another company holds it.
    if (deps.store.getCompany(body.companyId)?.contraAccountsMissing)
      throw new ApiError('MISSING_CONTRA_ACCOUNTS')
    if (deps.store.companyHasJobIn(body.companyId, 'in_progress'))
      throw new ApiError('EXPORT_ALREADY_IN_PROGRESS')
    const job = createJob(deps, {
      companyId: body.companyId,
      accountingEntryIds: body.accountingEntryIds,
      createdBy: body.employeeId,
      isInteractive: body.isInteractive,
      vendorBasedBookkeeping: body.options?.vendorBasedBookkeeping,
    })
    noteRequest(c, { jobId: job.id })
    return c.json({ data: jobShape.present(job) }, 201)
  })
}
