// Guards request bodies before any handler sees them: a size limit (413 PAYLOAD_TOO_LARGE) and
// JSON only (415 UNSUPPORTED_MEDIA_TYPE), so a form-encoded or oversized body is refused clearly.
import type { Context } from 'hono'
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

const utf8 = new TextDecoder()

/** The size step (413 over `maxSize`); GET and HEAD pass. The same rule as Hono's `bodyLimit`: a
 * Content-Length without Transfer-Encoding is judged by its value (the body is read later, by
 * whoever needs it); otherwise (in-process `app.request` sends no Content-Length) the body is read
 * here, counting, up to the limit. Where `bodyLimit` then made a second web `Request` around the
 * bytes (its own AbortSignal and body stream, read again by the validator), the bytes and their
 * UTF-8 text (decoded as `Request.text()` does) go to the request's body cache, where
 * `c.req.arrayBuffer()`, `c.req.text()` and `c.req.json()` find them. */
export function limitBody(maxSize: number): Step {
  const tooLarge = () =>
    new ApiError('PAYLOAD_TOO_LARGE', `The request body is larger than ${maxSize} bytes.`)
  return (c) => {
    if (bodiless(c.req.method)) return undefined
    const raw = c.req.raw
    if (!raw.body) return undefined
    const { headers } = raw
    if (headers.has('content-length') && !headers.has('transfer-encoding')) {
      if (parseInt(headers.get('content-length') || '0', 10) > maxSize) throw tooLarge()
      return undefined
    }
    return readWithin(c, raw.body, maxSize, tooLarge)
  }
}

async function readWithin(
  c: Context,
  body: ReadableStream<Uint8Array>,
  maxSize: number,
  tooLarge: () => ApiError,
): Promise<void> {
  let size = 0
  let buffer = new Uint8Array(0)
  const reader = body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    const offset = size
    size += value.length
    if (size > maxSize) throw tooLarge()
    if (size > buffer.length) {
      const grown = new Uint8Array(Math.min(maxSize, Math.max(size, buffer.length * 2)))
      grown.set(buffer.subarray(0, offset))
      buffer = grown
    }
    buffer.set(value, offset)
  }
  const bytes = buffer.slice(0, size)
  // Hono keeps promises there (its type names the resolved values).
  const cache = c.req.bodyCache as unknown as Record<string, Promise<unknown>>
  cache.arrayBuffer = Promise.resolve(bytes.buffer)
  cache.text = Promise.resolve(utf8.decode(bytes))
}
