// The contract's schemas as named OpenAPI components, plus the shared request and response
// declarations every route document uses: JSON as Pleo's spec names its media type,
// `application/json;charset=UTF-8` (requests with plain `application/json` are accepted too),
// and the error body.
import { z } from '@hono/zod-openapi'
import {
  errorCodes,
  exportItemV2Schema,
  exportItemV3Schema,
  exportJobStatuses,
  exportJobItemUpdateV2Schema,
  exportJobItemUpdateV3Schema,
  exportJobItemV2Schema,
  exportJobItemV3Schema,
  exportJobV2Schema,
  exportJobV3Schema,
  pageInfoSchema,
  paginationQuerySchema,
} from '@fake-pleo/contract'

/**
 * Names a contract schema as an OpenAPI component. zod copies prototype methods such as
 * `.openapi` onto each schema when it is built, so a contract schema built before
 * @hono/zod-openapi extended zod (a program that imports @fake-pleo/contract first) lacks
 * `.openapi`; a clone made now has it.
 */
const component = <T extends z.ZodType>(schema: T, name: string): T => schema.clone().openapi(name)

/** Pleo's enum plus `expired`, the fake's one extension (see the description). */
const ExportJobStatus = z.enum(exportJobStatuses).openapi('ExportJobStatus', {
  description:
    "An export job's status. `expired` is fake-pleo's extension to Pleo's enum: Pleo's how-to says an expired job's status moves to `expired`, Pleo's spec has no such value. With `--expired-status failed` an expired job reads `failed` with `failureReasonType: job_expired`, as the spec does.",
})

export const ExportJobV3 = component(
  exportJobV3Schema.extend({ status: ExportJobStatus }),
  'ExportJobV3',
)
export const ExportJobItemV3 = component(exportJobItemV3Schema, 'ExportJobItemV3')
export const ExportItemV3 = component(exportItemV3Schema, 'ExportItemV3')
export const ExportJobItemUpdateV3 = component(exportJobItemUpdateV3Schema, 'ExportJobItemUpdateV3')
const CursorPageInfo = component(pageInfoSchema, 'CursorPageInfo')

/** The description of the v2 ExportJob's inline status enum (v2 names no status component). */
const exportJobV2StatusDescription =
  "The job's status. `expired` is fake-pleo's extension to Pleo's enum, as in v3 (see ExportJobStatus); with `--expired-status failed` an expired job reads `failed` with `failureReasonType: job_expired`."

// Pleo's v2 components, named as Pleo's v2 document names them; enums inline, as there.
export const ExportJob = component(
  exportJobV2Schema.extend({
    status: z.enum(exportJobStatuses).openapi({ description: exportJobV2StatusDescription }),
  }),
  'ExportJob',
)
export const ExportJobItem = component(exportJobItemV2Schema, 'ExportJobItem')
export const ExportItemV2 = component(exportItemV2Schema, 'ExportItemV2')
export const ExportJobItemUpdate = component(
  exportJobItemUpdateV2Schema.extend({ data: z.array(ExportJobItem) }),
  'ExportJobItemUpdate',
)

const ErrorBody = z
  .object({
    type: z.enum(errorCodes as [string, ...string[]]),
    message: z.string(),
  })
  .openapi('ExceptionInfo')

export const pageQuery = paginationQuerySchema

/** The media type of Pleo's JSON requests and answers, as Pleo's spec writes it. */
export const jsonMediaType = 'application/json;charset=UTF-8'

/** A JSON body (request or response) of the given schema. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { content: { [jsonMediaType]: { schema } }, description }
}

const usualCodes: Record<number, string> = {
  400: 'BAD_REQUEST (the message names the field and the reason)',
  401: 'UNAUTHORIZED (missing or wrong credentials)',
  403: 'ACCESS_DENIED (a scope the credentials lack, or another company)',
  404: 'EXPORT_NOT_FOUND',
  409: 'EXPORT_ALREADY_IN_PROGRESS',
  413: 'EXPORT_JOB_ITEMS_UPDATE_LIMIT (more than 100 items) or PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE (send JSON)',
  422: 'INVALID_EXPORT_JOB_STATUS_CHANGE or EXPORT_JOB_STATUS_UNPROCESSABLE',
}

/** Error responses by status; give `[status, text]` to say which codes a route answers. */
export function errors(...statuses: (number | [number, string])[]) {
  return Object.fromEntries(
    statuses.map((entry) => {
      const [status, text] = typeof entry === 'number' ? [entry, usualCodes[entry]] : entry
      return [status, json(ErrorBody, `{type, message}: ${text ?? 'error'}`)]
    }),
  )
}

export const jobIdParam = z.object({
  jobId: z.guid({ error: 'must be a UUID (8-4-4-4-12 hex digits)' }).openapi({
    param: { name: 'jobId', in: 'path' },
  }),
})

export const dataOf = <T extends z.ZodType>(schema: T) => z.object({ data: schema })
export const listOf = <T extends z.ZodType>(schema: T) =>
  z.object({ data: z.array(schema), pagination: CursorPageInfo })

/** `?after=<id>&limit=<n>` for the control API's append-only logs (journal, deliveries). */
export function logPageQuery(what: string) {
  return z.object({
    after: z
      .string()
      .regex(/^\d{1,15}$/, `must be ${what} id`)
      .transform(Number)
      .optional(),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().min(1).max(1000, 'must be at most 1000'))
      .optional(),
  })
}
