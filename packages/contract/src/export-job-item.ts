// ExportJobItemV3 (the control layer: one accounting entry's progress in a job), the PUT body
// element UpdateExportJobItemV3 and the PUT response with its per-item errors. The item schema
// follows the spec's ExportJobItemV3: three required fields; `nullable` fields are optional and
// may be null; `failureReasonType` is optional and never null (omitted when there is none).
// `exportedAt` is kept as the UTC text of what the integration sent, fraction and all.
import { z } from 'zod'
import {
  exportJobItemFailureReasonTypes,
  exportJobItemStatuses,
  itemUpdateErrorTypes,
  type ExportJobItemFailureReasonType,
  type ExportJobItemStatus,
} from './enums.ts'
import { dateTime, timestamp, uuid } from './primitives.ts'

export const exportJobItemV3Schema = z.object({
  accountingEntryId: uuid,
  exportJobId: uuid,
  status: z.enum(exportJobItemStatuses),
  exportedAt: timestamp.nullable().optional(),
  externalId: z.string().nullable().optional(),
  externalUrl: z.string().nullable().optional(),
  failureReason: z.string().nullable().optional(),
  failureReasonType: z.enum(exportJobItemFailureReasonTypes).optional(),
})
export type ExportJobItemV3 = z.infer<typeof exportJobItemV3Schema>

export type JobItemRecord = {
  jobId: string
  accountingEntryId: string
  status: ExportJobItemStatus
  /** UTC RFC 3339 text with the fraction of a second as the integration sent it. */
  exportedAt: string | null
  externalId: string | null
  externalUrl: string | null
  failureReason: string | null
  failureReasonType: ExportJobItemFailureReasonType | null
}

export function toExportJobItemV3(item: JobItemRecord): ExportJobItemV3 {
  return {
    accountingEntryId: item.accountingEntryId,
    exportJobId: item.jobId,
    status: item.status,
    exportedAt: item.exportedAt,
    externalId: item.externalId,
    externalUrl: item.externalUrl,
    failureReason: item.failureReason,
    ...(item.failureReasonType === null ? {} : { failureReasonType: item.failureReasonType }),
  }
}

export const maxItemsPerUpdate = 100

export const updateExportJobItemV3Schema = z.object({
  accountingEntryId: uuid,
  status: z.enum(exportJobItemStatuses),
  exportedAt: dateTime.nullish(),
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
