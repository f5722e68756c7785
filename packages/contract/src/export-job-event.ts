// Body of POST /v3/export-job-events (Pleo's CreateExportJobEvent): `jobId` and `event` required,
// as the spec says. `exportJobId` is a how-to's spelling of `jobId`; the server refuses it unless
// it runs lenient (docs/decisions/0008-strict-requests-by-default.md), and then moves it to
// `jobId` with `normaliseEventAlias`.
import { z } from 'zod'
import { exportJobEvents, exportJobFailureReasonTypes } from './enums.ts'
import { uuid } from './primitives.ts'

export const createExportJobEventSchema = z.object({
  jobId: uuid,
  event: z.enum(exportJobEvents),
  failureReason: z.string().max(5000).nullish(),
  failureReasonType: z.enum(exportJobFailureReasonTypes).nullish(),
})
export type CreateExportJobEvent = z.infer<typeof createExportJobEventSchema>

/** The how-tos' spellings that the spec does not know, each with the spec's name for it. */
export const requestAliases = {
  /** Body field of POST /v3/export-job-events. */
  exportJobId: 'jobId',
  /** Query parameter of GET /v3/export-jobs. */
  companyId: 'company_id',
} as const
export type RequestAlias = keyof typeof requestAliases

/** Replaces the `exportJobId` alias by `jobId` (a `jobId` also given wins; check they agree first). */
export function normaliseEventAlias(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body
  const record = body as Record<string, unknown>
  if (record.exportJobId === undefined) return body
  const { exportJobId, ...rest } = record
  return { ...rest, jobId: rest.jobId ?? exportJobId }
}
