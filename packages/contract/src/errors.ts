// The one error catalogue: every error code fake-pleo answers with, its HTTP status and its
// default message. Pleo's own codes keep Pleo's documented messages; the rest are ours. Beside
// it, the messages of the per-item errors a batch item update reports in its `errors` list.
import type { ItemUpdateErrorType } from './enums.ts'
import type { ItemUpdateError } from './export-job-item.ts'

export const errorCatalogue = {
  INVALID_EXPORT_JOB_STATUS_CHANGE: { status: 422, message: 'Export Job status change failed' },
  EXPORT_NOT_FOUND: { status: 404, message: 'Export job not found.' },
  EXPORT_JOB_ITEMS_UPDATE_LIMIT: {
    status: 413,
    message: 'Number of items to update is more than 100.',
  },
  EXPORT_JOB_STATUS_UNPROCESSABLE: { status: 422, message: 'Export job is finished.' },
  EXPORT_ALREADY_IN_PROGRESS: {
    status: 409,
    message: 'Export Job already in progress for this company.',
  },
  MISSING_CONTRA_ACCOUNTS: {
    status: 400,
    message:
      'Contra accounts are not fully configured. Please map contra accounts in the Accounting settings.',
  },
  BAD_REQUEST: { status: 400, message: 'The request is not valid.' },
  UNAUTHORIZED: { status: 401, message: 'Authentication is required.' },
  ACCESS_DENIED: { status: 403, message: 'Access denied.' },
  NOT_FOUND: { status: 404, message: 'No such route.' },
  COMPANY_NOT_FOUND: { status: 404, message: 'Company not found.' },
  SUBSCRIPTION_NOT_FOUND: { status: 404, message: 'Subscription not found.' },
  DELIVERY_NOT_FOUND: { status: 404, message: 'Delivery not found.' },
  RECEIPT_NOT_FOUND: { status: 404, message: 'Receipt file not found.' },
  RECEIPT_LINK_EXPIRED: {
    status: 403,
    message:
      'This receipt link has expired: file URLs work for 24 hours after the export item was fetched. Fetch the export item again for a fresh link.',
  },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed on this route.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'Send the body as JSON with Content-Type: application/json.',
  },
  TOO_MANY_REQUESTS: { status: 429, message: 'Too many requests.' },
  BAD_GATEWAY: { status: 502, message: 'Bad gateway.' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'Service unavailable; try again later.' },
  GATEWAY_TIMEOUT: { status: 504, message: 'Gateway timeout.' },
  INTERNAL_ERROR: { status: 500, message: 'Internal error in fake-pleo (this is a bug).' },
} as const satisfies Record<string, { status: number; message: string }>

/** Where a per-item error happened: the entry the update named and the job it was sent to. */
export type ItemErrorContext = { accountingEntryId: string; jobId: string }

/**
 * The per-item errors of `PUT …/export-jobs/{id}/items`: not HTTP errors (the request answers 200)
 * but entries of its `errors` list, each with a message naming the entry. Only the types the fake
 * answers with have a message.
 */
export const itemErrorCatalogue = {
  ACCOUNTING_ENTRY_DOES_NOT_EXIST: ({ accountingEntryId }: ItemErrorContext) =>
    `Accounting entry ${accountingEntryId} does not exist.`,
  EXPORT_ENTRY_STATUS_UPDATE_FAILED: ({ accountingEntryId, jobId }: ItemErrorContext) =>
    `Accounting entry ${accountingEntryId} is not part of export job ${jobId}.`,
} as const satisfies Partial<Record<ItemUpdateErrorType, (context: ItemErrorContext) => string>>

/** A per-item error as the `errors` list carries it. */
export function itemError(
  type: keyof typeof itemErrorCatalogue,
  context: ItemErrorContext,
): ItemUpdateError {
  return {
    accountingEntryId: context.accountingEntryId,
    type,
    message: itemErrorCatalogue[type](context),
  }
}

export type ErrorCode = keyof typeof errorCatalogue
export type ErrorBody = { type: ErrorCode; message: string }

export const errorCodes = Object.keys(errorCatalogue) as ErrorCode[]

export function errorStatus(code: ErrorCode): number {
  return errorCatalogue[code].status
}

export function errorBody(code: ErrorCode, message?: string): ErrorBody {
  return { type: code, message: message ?? errorCatalogue[code].message }
}

/** What domain and store functions return for expected outcomes: values, not exceptions. */
export type Result<T, E = ErrorCode> =
  { ok: true; value: T } | { ok: false; code: E; message?: string }

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value })
export const fail = <E>(code: E, message?: string): Result<never, E> =>
  message === undefined ? { ok: false, code } : { ok: false, code, message }
