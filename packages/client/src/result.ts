// The result values every client call resolves to: `{ok: true, data, response}` or
// `{ok: false, error: {status, type, message}, response?}`. HTTP errors, network failures and
// response bodies that do not match the contract are values here, never exceptions.

export type PleoError = {
  /** The HTTP status, or 0 when no response arrived (network failure, refused locally). */
  status: number
  /** Pleo's error code (EXPORT_NOT_FOUND, ...) or one of the client's own (NETWORK_ERROR, ...). */
  type: string
  message: string
}

export type PleoResult<T> =
  { ok: true; data: T; response: Response } | { ok: false; error: PleoError; response?: Response }

/** The client's own error types, next to the codes Pleo answers with. */
export const clientErrorTypes = [
  'NETWORK_ERROR',
  'INVALID_RESPONSE',
  'TOO_MANY_ITEMS',
  'TOO_MANY_PAGES',
] as const
export type ClientErrorType = (typeof clientErrorTypes)[number]

export function failure(
  status: number,
  type: string,
  message: string,
  response?: Response,
): PleoResult<never> {
  return response === undefined
    ? { ok: false, error: { status, type, message } }
    : { ok: false, error: { status, type, message }, response }
}
