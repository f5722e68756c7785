// The app's one error mapper: ApiError renders itself; Hono's own HTTP exceptions (malformed
// JSON, body limit) become catalogue errors; anything else is logged and answers 500, a bug.
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
  log.error(`unexpected error on ${c.req.method} ${c.req.path}`, error)
  return new ApiError('INTERNAL_ERROR')
}

export function notFound(c: Context): Response {
  return new ApiError(
    'NOT_FOUND',
    `No route ${c.req.method} ${c.req.path}. GET /docs lists every route.`,
  ).toResponse()
}
