// ExportJob: Pleo's v2 shape of an export job, derived from the same JobRecord as ExportJobV3.
// Field by field it is ExportJobV3 with its enums inline and one difference that shows on the
// wire: `failureReasonType` is nullable in v2, so a job without one says `null` (v3 leaves the
// field out). `status` carries the same `expired` extension as v3 (decision 0001); the server
// narrows it to Pleo's enum with --expired-status failed.
import { z } from 'zod'
import { exportJobFailureReasonTypes, exportJobStatuses } from './enums.ts'
import type { JobRecord } from './export-job.ts'
import { formatNullableTimestamp, formatTimestamp, timestamp, uuid } from './primitives.ts'

export const exportJobV2Schema = z.object({
  id: uuid,
  companyId: uuid,
  status: z.enum(exportJobStatuses),
  createdAt: timestamp,
  createdBy: uuid.nullable().optional(),
  startedAt: timestamp.nullable().optional(),
  completedAt: timestamp.nullable().optional(),
  lastUpdatedAt: timestamp.nullable().optional(),
  expiresIn: z.number().int(),
  expiredAt: timestamp.nullable().optional(),
  failureReason: z.string().nullable().optional(),
  failureReasonType: z.enum(exportJobFailureReasonTypes).nullable().optional(),
  isInteractive: z.boolean(),
  numberOfItems: z.number().int().nonnegative(),
  vendorBasedBookkeeping: z.boolean(),
})
/** ExportJob refusing any property Pleo's v2 schema does not define. */
export const strictExportJobV2Schema = exportJobV2Schema.strict()
export type ExportJobV2 = z.infer<typeof exportJobV2Schema>

export function toExportJobV2(job: JobRecord): ExportJobV2 {
  return {
    id: job.id,
    companyId: job.companyId,
    status: job.status,
    createdAt: formatTimestamp(job.createdAt),
    createdBy: job.createdBy,
    startedAt: formatNullableTimestamp(job.startedAt),
    completedAt: formatNullableTimestamp(job.completedAt),
    lastUpdatedAt: formatTimestamp(job.lastUpdatedAt),
    expiresIn: job.expiresIn,
    expiredAt: formatNullableTimestamp(job.expiredAt),
    failureReason: job.failureReason,
    failureReasonType: job.failureReasonType,
    isInteractive: job.isInteractive,
    numberOfItems: job.numberOfItems,
    vendorBasedBookkeeping: job.vendorBasedBookkeeping,
  }
}
