// Guards request bodies before any handler sees them: a size limit (413 PAYLOAD_TOO_LARGE) and
// JSON only (415 UNSUPPORTED_MEDIA_TYPE), so a form-encoded or oversized body is refused clearly.
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ApiError } from '../api-error.ts'

const jsonType = /^application\/([\w.-]+\+)?json\s*(;|$)/i

export function jsonBodyOnly(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'POST' || c.req.method === 'PUT' || c.req.method === 'PATCH') {
      const length = c.req.header('content-length')
      const hasBody = (length !== undefined && length !== '0') || c.req.header('transfer-encoding')
      const type = c.req.header('content-type') ?? ''
      if (hasBody && !jsonType.test(type)) {
        throw new ApiError(
          'UNSUPPORTED_MEDIA_TYPE',
          `Content-Type '${type || '(none)'}' is not JSON; send the body with Content-Type: application/json.`,
        )
      }
    }
    await next()
  }
}

export function limitBody(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError('PAYLOAD_TOO_LARGE', `The request body is larger than ${maxSize} bytes.`)
    },
  })
}
