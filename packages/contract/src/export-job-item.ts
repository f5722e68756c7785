// ExportJobItemV3 (the control layer: one accounting entry's progress in a job), the PUT body
// element UpdateExportJobItemV3 and the PUT response with its per-item errors.
import { z } from 'zod'
import {
  exportJobItemFailureReasonTypes,
  exportJobItemStatuses,
  itemUpdateErrorTypes,
  type ExportJobItemStatus,
} from './enums.ts'
import { formatNullableTimestamp, timestamp, uuid } from './primitives.ts'

export const exportJobItemV3Schema = z.object({
  accountingEntryId: uuid,
  exportJobId: uuid,
  status: z.enum(exportJobItemStatuses),
  exportedAt: timestamp.nullable(),
  externalId: z.string().nullable(),
  externalUrl: z.string().nullable(),
  failureReason: z.string().nullable(),
  failureReasonType: z.enum(exportJobItemFailureReasonTypes).nullable(),
})
export type ExportJobItemV3 = z.infer<typeof exportJobItemV3Schema>

export type JobItemRecord = {
  jobId: string
  accountingEntryId: string
  status: ExportJobItemStatus
  exportedAt: number | null
  externalId: string | null
  externalUrl: string | null
  failureReason: string | null
  failureReasonType: ExportJobItemV3['failureReasonType']
}

export function toExportJobItemV3(item: JobItemRecord): ExportJobItemV3 {
  return {
    accountingEntryId: item.accountingEntryId,
    exportJobId: item.jobId,
    status: item.status,
    exportedAt: formatNullableTimestamp(item.exportedAt),
    externalId: item.externalId,
    externalUrl: item.externalUrl,
    failureReason: item.failureReason,
    failureReasonType: item.failureReasonType,
  }
}

export const maxItemsPerUpdate = 100

export const updateExportJobItemV3Schema = z.object({
  accountingEntryId: uuid,
  status: z.enum(exportJobItemStatuses),
  exportedAt: timestamp.nullish(),
  externalId: z.string().max(1000).nullish(),
  externalUrl: z.string().max(2000).nullish(),
  failureReason: z.string().max(5000).nullish(),
  failureReasonType: z.enum(exportJobItemFailureReasonTypes).nullish(),
})
export type UpdateExportJobItemV3 = z.infer<typeof updateExportJobItemV3Schema>

/** The PUT body is a bare array (not `{items: [...]}`); the 100-item limit answers 413. */
export const updateExportJobItemsBodySchema = z.array(updateExportJobItemV3Schema)

export const itemUpdateErrorSchema = z.object({
  accountingEntryId: uuid,
  message: z.string(),
  type: z.enum(itemUpdateErrorTypes),
})
export type ItemUpdateError = z.infer<typeof itemUpdateErrorSchema>

export const exportJobItemUpdateV3Schema = z.object({
  data: z.array(exportJobItemV3Schema),
  errors: z.array(itemUpdateErrorSchema),
})
