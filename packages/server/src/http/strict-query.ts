// Strict mode's query check: any query parameter a route does not define is a 400 naming it.
// Outside strict mode unknown parameters are ignored, as most HTTP APIs do.
import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../api-error.ts'

export function rejectUnknownQuery(strict: boolean, allowed: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    if (strict) {
      const unknown = Object.keys(c.req.queries()).filter((k) => !allowed.includes(k))
      if (unknown.length > 0) {
        throw new ApiError(
          'BAD_REQUEST',
          `unknown query parameter(s) ${unknown.map((k) => `'${k}'`).join(', ')} (strict mode); ${allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : 'this route takes none'}`,
        )
      }
    }
    await next()
  }
}
