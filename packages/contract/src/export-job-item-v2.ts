// Pleo's v2 control layer: ExportJobItem, the PUT body element UpdateExportJobItem and the PUT
// response ExportJobItemUpdate, over the same JobItemRecord as v3. Two differences from v3:
// - `failureReasonType` is nullable in v2: an item without one says `null` (v3 leaves it out);
// - v2's item failure reasons are 14, not 18. A v2 PUT refuses the four v3-only values (400). An
//   item a v3 integration marked with one reads, over v2, as the nearest v2 value, following
//   Pleo's own guidance: `vendor_unknown` as `accounting_system_validation_failure` (the update
//   how-to's example for "Vendor not found in ERP"), `account_unknown`, `tax_code_unknown` and
//   `tag_unknown` as `invalid_configuration` (the integration design's value for a GL account,
//   tax code or tag missing in the accounting system). The store keeps what was sent.
import { z } from 'zod'
import {
  exportJobItemFailureReasonTypesV2,
  exportJobItemStatuses,
  type v3OnlyItemFailureReasonTypes,
  type ExportJobItemFailureReasonType,
  type ExportJobItemFailureReasonTypeV2,
} from './enums.ts'
import { itemUpdateErrorSchema, type JobItemRecord } from './export-job-item.ts'
import { dateTime, timestamp, uuid } from './primitives.ts'

export const exportJobItemV2Schema = z.object({
  accountingEntryId: uuid,
  exportJobId: uuid,
  status: z.enum(exportJobItemStatuses),
  exportedAt: timestamp.nullable().optional(),
  externalId: z.string().nullable().optional(),
  externalUrl: z.string().nullable().optional(),
  failureReason: z.string().nullable().optional(),
  failureReasonType: z.enum(exportJobItemFailureReasonTypesV2).nullable().optional(),
})
/** ExportJobItem refusing any property Pleo's v2 schema does not define. */
export const strictExportJobItemV2Schema = exportJobItemV2Schema.strict()
export type ExportJobItemV2 = z.infer<typeof exportJobItemV2Schema>

type V3OnlyReason = (typeof v3OnlyItemFailureReasonTypes)[number]

/** How a v2 reader sees each v3-only item failure reason. */
export const v2ItemFailureReasonOf = {
  vendor_unknown: 'accounting_system_validation_failure',
  account_unknown: 'invalid_configuration',
  tax_code_unknown: 'invalid_configuration',
  tag_unknown: 'invalid_configuration',
} as const satisfies Record<V3OnlyReason, ExportJobItemFailureReasonTypeV2>

const isV3Only = (reason: string): reason is V3OnlyReason =>
  Object.hasOwn(v2ItemFailureReasonOf, reason)

/** An item failure reason as Pleo's v2 enum can say it. */
export function toV2ItemFailureReason(
  reason: ExportJobItemFailureReasonType,
): ExportJobItemFailureReasonTypeV2 {
  return isV3Only(reason) ? v2ItemFailureReasonOf[reason] : reason
}

export function toExportJobItemV2(item: JobItemRecord): ExportJobItemV2 {
  return {
    accountingEntryId: item.accountingEntryId,
    exportJobId: item.jobId,
    status: item.status,
    exportedAt: item.exportedAt,
    externalId: item.externalId,
    externalUrl: item.externalUrl,
    failureReason: item.failureReason,
    failureReasonType:
      item.failureReasonType === null ? null : toV2ItemFailureReason(item.failureReasonType),
  }
}

const v2Reason = z.enum(exportJobItemFailureReasonTypesV2, {
  error: (issue) =>
    typeof issue.input === 'string' && isV3Only(issue.input)
      ? `'${issue.input}' exists only in v3 (PUT /v3/export-jobs/{jobId}/items); Pleo's v2 enum has ${exportJobItemFailureReasonTypesV2.join(', ')}`
      : `must be one of ${exportJobItemFailureReasonTypesV2.join(', ')}`,
})

/** One element of the v2 PUT body (UpdateExportJobItem). */
export const updateExportJobItemV2Schema = z.object({
  accountingEntryId: uuid,
  status: z.enum(exportJobItemStatuses),
  exportedAt: dateTime.nullish(),
  externalId: z.string().max(1000).nullish(),
  externalUrl: z.string().max(2000).nullish(),
  failureReason: z.string().max(5000).nullish(),
  failureReasonType: v2Reason.nullish(),
})
export type UpdateExportJobItemV2 = z.infer<typeof updateExportJobItemV2Schema>

/** The v2 PUT body: a bare array, as in v3. */
export const updateExportJobItemsV2BodySchema = z.array(updateExportJobItemV2Schema)

/** ExportJobItemUpdate: the items after a v2 PUT and the per-item errors (same error shape). */
export const exportJobItemUpdateV2Schema = z.object({
  data: z.array(exportJobItemV2Schema),
  errors: z.array(itemUpdateErrorSchema),
})
export const strictExportJobItemUpdateV2Schema = z
  .object({
    data: z.array(strictExportJobItemV2Schema),
    errors: z.array(itemUpdateErrorSchema.strict()),
  })
  .strict()
