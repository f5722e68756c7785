// What each of Pleo's operations answers, as the project's own zod schemas read strictly
// (deepStrict: no key the schema does not define, at any depth): for every (operation, success
// status) the body schema, or `empty` for a bodiless 202/204; and ExceptionInfo `{type, message}`
// for every error, its type one of the error catalogue's codes. The contract's schemas carry the
// spec's required fields and nullability; the fake running `--expired-status failed` is held to
// Pleo's own job-status enum, without `expired`. The v2 operations are held to the contract's
// strict v2 schemas (ExportJob, ExportJobItem, ExportJobItemUpdate, ExportItemV2).
import { z } from 'zod'
import {
  errorCodes,
  exportItemV3Schema,
  exportJobItemUpdateV3Schema,
  exportJobItemV3Schema,
  exportJobStatuses,
  exportJobV3Schema,
  pageInfoSchema,
  strictExportItemV2Schema,
  strictExportJobItemUpdateV2Schema,
  strictExportJobItemV2Schema,
  strictExportJobV2Schema,
  subscriptionActivityModelSchema,
  subscriptionModelSchema,
  subscriptionSecretModelSchema,
  type ExpiredStatus,
} from '@fake-pleo/contract'
import { deepStrict } from './deep-strict.ts'

/** A 202 or 204: no body at all. */
export const empty = 'empty' as const
export type BodyRule = z.ZodType | typeof empty

const cursorPage = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), pagination: pageInfoSchema })
const dataOf = <T extends z.ZodType>(schema: T) => z.object({ data: schema })

/** ExceptionInfo as the fake must send it: both fields, a known code, a message that says why. */
export const exceptionInfo = deepStrict(
  z.object({ type: z.enum(errorCodes), message: z.string().min(1) }),
)

/**
 * A job schema (v3's unless told) with Pleo's ExportJobStatus, plus `expired` only where the fake
 * answers it (decision 0001).
 */
function jobSchemaFor(
  expiredStatus: ExpiredStatus,
  base: typeof exportJobV3Schema | typeof strictExportJobV2Schema = exportJobV3Schema,
) {
  const statuses = exportJobStatuses.filter((s) => s !== 'expired' || expiredStatus === 'expired')
  return base.extend({ status: z.enum(statuses) })
}

/** Success bodies by operation and status, for a fake with this `expiredStatus`. */
export function successBodies(
  expiredStatus: ExpiredStatus,
): Record<string, Record<number, BodyRule>> {
  const job = jobSchemaFor(expiredStatus)
  const v3: Record<string, Record<number, z.ZodType | typeof empty>> = {
    'GET /v3/export-jobs': { 200: cursorPage(job) },
    'POST /v3/export-jobs': { 201: dataOf(job) },
    'GET /v3/export-jobs/{jobId}': { 200: dataOf(job) },
    'POST /v3/export-job-events': { 202: empty },
    'GET /v3/export-jobs/{jobId}/items': { 200: cursorPage(exportJobItemV3Schema) },
    'PUT /v3/export-jobs/{jobId}/items': { 200: exportJobItemUpdateV3Schema },
    'GET /v3/export-items': { 200: cursorPage(exportItemV3Schema) },
  }
  const jobV2 = jobSchemaFor(expiredStatus, strictExportJobV2Schema)
  const v2: Record<string, Record<number, z.ZodType | typeof empty>> = {
    'GET /v2/export-jobs': { 200: cursorPage(jobV2) },
    'POST /v2/export-jobs': { 201: dataOf(jobV2) },
    'GET /v2/export-jobs/{jobId}': { 200: dataOf(jobV2) },
    'POST /v2/export-job-events': { 202: empty },
    'GET /v2/export-jobs/{jobId}/items': { 200: cursorPage(strictExportJobItemV2Schema) },
    'PUT /v2/export-jobs/{jobId}/items': { 200: strictExportJobItemUpdateV2Schema },
    'GET /v2/export-items': { 200: cursorPage(strictExportItemV2Schema) },
  }
  const subscriptions: Record<string, Record<number, z.ZodType | typeof empty>> = {
    'GET /v1/subscriptions': { 200: cursorPage(subscriptionModelSchema) },
    'POST /v1/subscriptions': { 200: dataOf(subscriptionModelSchema) },
    'GET /v1/subscriptions/{id}': { 200: dataOf(subscriptionModelSchema) },
    'PUT /v1/subscriptions/{id}': { 200: dataOf(subscriptionModelSchema) },
    'DELETE /v1/subscriptions/{id}': { 204: empty },
    'GET /v1/subscriptions/{id}/activities': { 200: cursorPage(subscriptionActivityModelSchema) },
    'GET /v1/subscriptions/{id}/secret': { 200: dataOf(subscriptionSecretModelSchema) },
  }
  const all = { ...v3, ...v2, ...subscriptions }
  return Object.fromEntries(
    Object.entries(all).map(([op, byStatus]) => [
      op,
      Object.fromEntries(
        Object.entries(byStatus).map(([status, rule]) => [
          status,
          rule === empty ? empty : deepStrict(rule),
        ]),
      ),
    ]),
  )
}

// Typed views of bodies the runner has already validated, for the steps' own checks.
const jobPage = cursorPage(exportJobV3Schema)
const itemPage = cursorPage(exportJobItemV3Schema)
const exportItemPage = cursorPage(exportItemV3Schema)
const jobV2Page = cursorPage(strictExportJobV2Schema)
const itemV2Page = cursorPage(strictExportJobItemV2Schema)
const exportItemV2Page = cursorPage(strictExportItemV2Schema)
const subscriptionPage = cursorPage(subscriptionModelSchema)
const activityPage = cursorPage(subscriptionActivityModelSchema)

export const read = {
  job: (body: unknown) => dataOf(exportJobV3Schema).parse(body).data,
  jobs: (body: unknown) => jobPage.parse(body),
  items: (body: unknown) => itemPage.parse(body),
  update: (body: unknown) => exportJobItemUpdateV3Schema.parse(body),
  exportItems: (body: unknown) => exportItemPage.parse(body),
  v2: {
    job: (body: unknown) => dataOf(strictExportJobV2Schema).parse(body).data,
    jobs: (body: unknown) => jobV2Page.parse(body),
    items: (body: unknown) => itemV2Page.parse(body),
    update: (body: unknown) => strictExportJobItemUpdateV2Schema.parse(body),
    exportItems: (body: unknown) => exportItemV2Page.parse(body),
  },
  subscription: (body: unknown) => dataOf(subscriptionModelSchema).parse(body).data,
  subscriptions: (body: unknown) => subscriptionPage.parse(body),
  activities: (body: unknown) => activityPage.parse(body),
  secret: (body: unknown) => dataOf(subscriptionSecretModelSchema).parse(body).data,
}
