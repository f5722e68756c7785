// Body of POST /v3/export-job-events (Pleo's CreateExportJobEvent). `exportJobId` is the
// how-to's spelling of `jobId`; it is accepted as an alias unless the server runs strict.
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

/** Moves the `exportJobId` alias to `jobId` when only the alias is present. */
export function normaliseEventAlias(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body
  const record = body as Record<string, unknown>
  if (record.jobId !== undefined || record.exportJobId === undefined) return body
  const { exportJobId, ...rest } = record
  return { ...rest, jobId: exportJobId }
}
