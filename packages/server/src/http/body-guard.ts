// Guards request bodies before any handler sees them: a size limit (413 PAYLOAD_TOO_LARGE) and
// JSON only (415 UNSUPPORTED_MEDIA_TYPE), so a form-encoded or oversized body is refused clearly.
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ApiError } from '../api-error.ts'

export const jsonType = /^application\/([\w.-]+\+)?json\s*(;|$)/i

/** Whether the request carries a body. Without Content-Length or Transfer-Encoding (in-process
 * app.request() sends neither) it looks at the bytes; Hono caches them for the validator. */
async function hasBody(c: Context): Promise<boolean> {
  const length = c.req.header('content-length')
  if (length !== undefined && length !== '0') return true
  if (c.req.header('transfer-encoding')) return true
  if (length !== undefined || c.req.raw.body === null) return false
  return (await c.req.arrayBuffer()).byteLength > 0
}

export function jsonBodyOnly(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'POST' || c.req.method === 'PUT' || c.req.method === 'PATCH') {
      const type = c.req.header('content-type') ?? ''
      if (!jsonType.test(type) && (await hasBody(c))) {
        throw new ApiError(
          'UNSUPPORTED_MEDIA_TYPE',
          `Content-Type '${type || '(none)'}' is not JSON; send the body with Content-Type: application/json.`,
        )
      }
    }
    await next()
  }
}

/** Requests that never carry a body here: a GET or HEAD Request has none (the Node adapter does
 * not give it one), so the limit has nothing to check. Skipping them spares the adapter building
 * a whole web Request (and its AbortSignal) just to be asked for `body`. */
const bodiless = (method: string) => method === 'GET' || method === 'HEAD'

export function limitBody(maxSize: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError('PAYLOAD_TOO_LARGE', `The request body is larger than ${maxSize} bytes.`)
    },
  })
  return (c, next) => (bodiless(c.req.method) ? next() : limit(c, next))
}
