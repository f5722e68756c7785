// ExportJobV3: the export job resource, its internal record (times as epoch milliseconds) and the
// mapping from one to the other. The record is what the store keeps and the state machine moves.
// The schema follows the spec's ExportJobV3 field by field: eight required fields; `nullable`
// fields are optional and may be null; `failureReasonType` is optional and never null, so the
// mapping omits it when the job has none. `status` adds `expired` to Pleo's enum (decision 0001).
import { z } from 'zod'
import {
  exportJobFailureReasonTypes,
  exportJobStatuses,
  type ExportJobFailureReasonType,
  type ExportJobStatus,
} from './enums.ts'
import { formatNullableTimestamp, formatTimestamp, timestamp, uuid } from './primitives.ts'

export const exportJobV3Schema = z.object({
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
  failureReasonType: z.enum(exportJobFailureReasonTypes).optional(),
  isInteractive: z.boolean(),
  numberOfItems: z.number().int().nonnegative(),
  vendorBasedBookkeeping: z.boolean(),
})
export type ExportJobV3 = z.infer<typeof exportJobV3Schema>

export type JobRecord = {
  id: string
  companyId: string
  status: ExportJobStatus
  createdAt: number
  createdBy: string | null
  startedAt: number | null
  completedAt: number | null
  lastUpdatedAt: number
  /** The expiry window in seconds, counted from lastUpdatedAt. */
  expiresIn: number
  expiredAt: number | null
  failureReason: string | null
  failureReasonType: ExportJobFailureReasonType | null
  isInteractive: boolean
  numberOfItems: number
  vendorBasedBookkeeping: boolean
}

export function toExportJobV3(job: JobRecord): ExportJobV3 {
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
    ...(job.failureReasonType === null ? {} : { failureReasonType: job.failureReasonType }),
    isInteractive: job.isInteractive,
    numberOfItems: job.numberOfItems,
    vendorBasedBookkeeping: job.vendorBasedBookkeeping,
  }
}

/** Body of POST /v3/export-jobs (Pleo's CreateExportJob). */
export const createExportJobSchema = z.object({
  accountingEntryIds: z.array(uuid).min(1, 'must list at least one accounting entry').max(1000),
  companyId: uuid,
  employeeId: uuid.nullish(),
  isInteractive: z.boolean().nullish(),
  options: z.object({ vendorBasedBookkeeping: z.boolean().nullish() }).nullish(),
})
export type CreateExportJob = z.infer<typeof createExportJobSchema>
