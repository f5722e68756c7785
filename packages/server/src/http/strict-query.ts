// Strict mode's query check: any query parameter a route does not define is a 400 naming it.
// Outside strict mode unknown parameters are ignored, as most HTTP APIs do. `unknownQueryStep`
// is the same check as a step (request-frame.ts), for routes that run their checks in their own
// frame (lean-route.ts); outside strict mode it is no step at all.
import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../api-error.ts'
import { asMiddleware, type SyncStep } from './request-frame.ts'

export function unknownQueryStep(
  strict: boolean,
  allowed: readonly string[],
): SyncStep | undefined {
  if (!strict) return undefined
  return (c) => {
    // No '?' in the URL: no query parameters at all, known or not.
    if (!c.req.url.includes('?')) return
    const unknown = Object.keys(c.req.queries()).filter((k) => !allowed.includes(k))
    if (unknown.length > 0) {
      throw new ApiError(
        'BAD_REQUEST',
        `unknown query parameter(s) ${unknown.map((k) => `'${k}'`).join(', ')} (strict mode); ${allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : 'this route takes none'}`,
      )
    }
  }
}

export function rejectUnknownQuery(strict: boolean, allowed: readonly string[]): MiddlewareHandler {
  const step = unknownQueryStep(strict, allowed)
  return step ? asMiddleware(step) : async (_c, next) => await next()
}
