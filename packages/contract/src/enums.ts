// The closed vocabularies of Pleo's Export API (v3, and v2's narrower item failure reasons) as
// string unions with their value lists. `expired` is fake-pleo's default reading of the how-to
// ("an expired job's status moves to expired"); the spec-only reading keeps `failed` +
// `job_expired` (see the server options).

export const exportJobStatuses = [
  'pending',
  'in_progress',
  'completed',
  'completed_with_errors',
  'failed',
  'expired',
] as const
export type ExportJobStatus = (typeof exportJobStatuses)[number]

/** Statuses from which a job can still change: everything else is final. */
export const openJobStatuses = [
  'pending',
  'in_progress',
] as const satisfies readonly ExportJobStatus[]

/** Statuses a job is put in by a final event (`completed`, `completed_with_errors`, `failed`). */
export const finishedJobStatuses = [
  'completed',
  'completed_with_errors',
  'failed',
] as const satisfies readonly ExportJobStatus[]

/** Statuses a job never leaves: finished by an event, or expired. */
export const finalJobStatuses = [
  ...finishedJobStatuses,
  'expired',
] as const satisfies readonly ExportJobStatus[]

export const exportJobEvents = ['started', 'failed', 'completed', 'completed_with_errors'] as const
export type ExportJobEvent = (typeof exportJobEvents)[number]

export const exportJobItemStatuses = [
  'pending',
  'in_progress',
  'failed',
  'successful',
  'abandoned',
] as const
export type ExportJobItemStatus = (typeof exportJobItemStatuses)[number]

export const exportJobFailureReasonTypes = [
  'invalid_configuration',
  'missing_configuration',
  'authentication_failure',
  'accounting_system_authentication_failure',
  'pleo_rate_limit',
  'accounting_system_rate_limit',
  'service_unreachable',
  'accounting_system_unreachable',
  'validation_failure',
  'authorization_failure',
  'integration_unusable',
  'job_expired',
  'service_timeout',
  'accounting_system_timeout',
  'canceled_by_user',
] as const
export type ExportJobFailureReasonType = (typeof exportJobFailureReasonTypes)[number]

export const exportJobItemFailureReasonTypes = [
  'receipt_upload_failure',
  'receipt_download_failure',
  'receipt_file_size_limit_exceeded',
  'receipt_conversion_failure',
  'unexpected_failure',
  'invalid_configuration',
  'missing_configuration',
  'accounting_system_authentication_failure',
  'accounting_system_rate_limit',
  'accounting_system_unreachable',
  'validation_failure',
  'accounting_system_validation_failure',
  'authorization_failure',
  'accounting_system_timeout',
  'vendor_unknown',
  'account_unknown',
  'tax_code_unknown',
  'tag_unknown',
] as const
export type ExportJobItemFailureReasonType = (typeof exportJobItemFailureReasonTypes)[number]

/** The four item failure reasons Pleo added in v3; Pleo's v2 enum lacks them. */
export const v3OnlyItemFailureReasonTypes = [
  'vendor_unknown',
  'account_unknown',
  'tax_code_unknown',
  'tag_unknown',
] as const satisfies readonly ExportJobItemFailureReasonType[]
type V3OnlyItemFailureReasonType = (typeof v3OnlyItemFailureReasonTypes)[number]

/** Pleo's v2 item failure reasons (14 values): v3's without the four v3-only ones. */
export const exportJobItemFailureReasonTypesV2 = exportJobItemFailureReasonTypes.filter(
  (reason): reason is Exclude<ExportJobItemFailureReasonType, V3OnlyItemFailureReasonType> =>
    !(v3OnlyItemFailureReasonTypes as readonly string[]).includes(reason),
)
export type ExportJobItemFailureReasonTypeV2 = (typeof exportJobItemFailureReasonTypesV2)[number]

export const exportItemTypes = [
  'card_purchase',
  'card_invoice',
  'out_of_pocket',
  'mileage',
  'per_diem',
  'external_reimbursement',
  'direct_reimbursement',
  'invoice',
  'invoice_payment',
  'chargeback',
  'refund',
  'cashback',
  'atm_withdrawal',
  'wallet_topup',
  'wallet_unload',
  'personal_spend',
  'fee',
] as const
export type ExportItemType = (typeof exportItemTypes)[number]

export const exportItemSubTypes = [
  'reimbursement_to_employee_refund',
  'reimbursement_to_company',
  'reimbursement_to_employee',
  'invoice_payment_returned',
  'invoice_payment_sent',
  'interest',
] as const

export type ExportItemSubType = (typeof exportItemSubTypes)[number]

export const taxTypes = ['inclusive', 'exclusive', 'reverse'] as const
export type TaxType = (typeof taxTypes)[number]
export const bookkeepingMethods = ['none', 'journal', 'accounts_payable'] as const
export type BookkeepingMethod = (typeof bookkeepingMethods)[number]

export const invoiceStatuses = [
  'pending_approval',
  'parsed',
  'preparing',
  'prepared',
  'ready',
  'rejected_by_approver',
  'marked_as_paid',
  'scheduled',
  'payment_in_progress',
  'paid',
  'voided_by_user',
  'rejected_by_user',
  'failed_payment',
] as const
export type InvoiceStatus = (typeof invoiceStatuses)[number]

export const pageOrders = [
  'ASC',
  'ASC_NULLS_FIRST',
  'ASC_NULLS_LAST',
  'DESC',
  'DESC_NULLS_FIRST',
  'DESC_NULLS_LAST',
] as const
export type PageOrder = (typeof pageOrders)[number]

export const itemUpdateErrorTypes = [
  'ACCOUNTING_ENTRY_DOES_NOT_EXIST',
  'EXPORT_ENTRY_STATUS_UPDATE_FAILED',
  'ACCOUNTING_ENTRY_UPDATE_FAILED',
] as const
export type ItemUpdateErrorType = (typeof itemUpdateErrorTypes)[number]
