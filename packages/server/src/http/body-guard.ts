// Guards request bodies before any handler sees them: a size limit (413 PAYLOAD_TOO_LARGE) and
// JSON only (415 UNSUPPORTED_MEDIA_TYPE), so a form-encoded or oversized body is refused clearly.
import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ApiError } from '../api-error.ts'
import type { Step } from './request-frame.ts'

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

const bodyMethods = new Set(['POST', 'PUT', 'PATCH'])

/** The JSON-only step: a body sent without a JSON Content-Type is refused (415). */
export function jsonBodyOnly(): Step {
  return (c) => {
    if (!bodyMethods.has(c.req.method)) return
    const type = c.req.header('content-type') ?? ''
    if (!jsonType.test(type)) return refuseUnlessEmpty(c, type)
  }
}

async function refuseUnlessEmpty(c: Context, type: string): Promise<void> {
  if (await hasBody(c)) {
    throw new ApiError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Type '${type || '(none)'}' is not JSON; send the body with Content-Type: application/json.`,
    )
  }
}

/** Requests that never carry a body here: a GET or HEAD Request has none (the Node adapter does
 * not give it one), so the limit has nothing to check. Skipping them spares the adapter building
 * a whole web Request (and its AbortSignal) just to be asked for `body`. */
const bodiless = (method: string) => method === 'GET' || method === 'HEAD'

/** The size step: reads a body through Hono's bodyLimit (413 over `maxSize`); GET and HEAD pass. */
export function limitBody(maxSize: number): Step {
  const limit = bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError('PAYLOAD_TOO_LARGE', `The request body is larger than ${maxSize} bytes.`)
    },
  })
  const passed = async () => {}
  return (c) => (bodiless(c.req.method) ? undefined : limit(c, passed).then(() => undefined))
}
