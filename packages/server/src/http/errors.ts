// The app's one error mapper: ApiError renders itself; Hono's own HTTP exceptions (malformed
// JSON, body limit) become catalogue errors; a body the client aborted or framed wrongly (a bad
// chunk) is the client's error: 400 and one quiet warning line. Anything else is logged with its
// stack and answers 500, a bug.
// Unknown paths answer 404 NOT_FOUND, known paths with another method 405 with `Allow`.
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ApiError } from '../api-error.ts'
import type { Logger } from '../logger.ts'

export function toApiError(error: unknown, log: Logger, c: Context): ApiError {
  if (error instanceof ApiError) return error
  if (error instanceof HTTPException) {
    if (error.status === 413) return new ApiError('PAYLOAD_TOO_LARGE')
    if (error.status === 401) return new ApiError('UNAUTHORIZED', error.message || undefined)
    if (error.status < 500) return new ApiError('BAD_REQUEST', error.message || undefined)
  }
  const broken = clientBodyError(error)
  if (broken) {
    log.warn(`${c.req.method} ${c.req.path}: the request body could not be read (${broken})`)
    return new ApiError(
      'BAD_REQUEST',
      'The request body could not be read: the client aborted it or its chunked encoding is malformed.',
    )
  }
  log.error(`unexpected error on ${c.req.method} ${c.req.path}`, error)
  return new ApiError('INTERNAL_ERROR')
}

/** Error codes of a request body that broke while it was read: the client went away, or Node's
 * HTTP parser refused the bytes (HPE_*, e.g. a malformed chunk size). */
const clientCodes = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE'])

/** A short description when `error` (or its cause) is a broken request body, else undefined. */
function clientBodyError(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && (clientCodes.has(code) || code.startsWith('HPE_'))) {
      return `${e.message} (${code})`
    }
    if (e.message === 'aborted') return e.message
    e = e.cause
  }
  return undefined
}

export type RouteInfo = { method: string; path: string }

function pattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/')
  return new RegExp(`^${source}/?$`)
}

/** The not-found handler over the app's routes: 405 with `Allow` when only the method is wrong. */
export function notFoundOver(routes: () => readonly RouteInfo[]) {
  let compiled: { method: string; regex: RegExp }[] | undefined
  return (c: Context): Response => {
    compiled ??= routes()
      .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
      .map((r) => ({ method: r.method, regex: pattern(r.path) }))
    const allowed = [
      ...new Set(compiled.filter((r) => r.regex.test(c.req.path)).map((r) => r.method)),
    ]
    if (allowed.length > 0) {
      return new ApiError(
        'METHOD_NOT_ALLOWED',
        `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(' or ')}.`,
        { Allow: allowed.join(', ') },
      ).toResponse()
    }
    return new ApiError(
      'NOT_FOUND',
      `No route ${c.req.method} ${c.req.path}. GET /docs lists every route.`,
    ).toResponse()
  }
}
