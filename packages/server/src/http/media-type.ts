// Every JSON answer carries Pleo's media type spelled as Pleo's spec spells it,
// `application/json;charset=UTF-8` (routes, errors, the control API, OAuth, /openapi.json), and a
// bodiless 202 says `Content-Length: 0`, so clients that decide "no body" from that header (as
// generated clients do) do not try to parse one. Server-Sent Events and HTML keep their types.
// A 204 gets no Content-Length: RFC 9110 §8.6 forbids one there, and the status alone says the
// body is empty.
import type { Context } from 'hono'

export const jsonMediaType = 'application/json;charset=UTF-8'

/** For `c.json(body, status, pleoJson)` on the busiest routes: the answer is made with Pleo's
 * spelling, so `fixMediaType` finds nothing to rewrite (a header set on a made answer costs more). */
export const pleoJson = { 'Content-Type': jsonMediaType } as const

/** For `c.body(null, 202, bodiless)`: the bodiless 202 made with its `Content-Length: 0`. */
export const bodiless = { 'Content-Length': '0' } as const

function setHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value)
  } catch {
    // Immutable headers (a fetched Response): answer with a copy.
    const copy = new Response(c.res.body, c.res)
    copy.headers.set(name, value)
    c.res = copy
  }
}

/** Rewrites an answered JSON media type to Pleo's spelling; a bodiless 202 gets Content-Length 0. */
export function fixMediaType(c: Context): void {
  const type = c.res.headers.get('content-type')
  if (type !== null && type !== jsonMediaType && /^application\/json\s*(;|$)/i.test(type)) {
    setHeader(c, 'content-type', jsonMediaType)
  }
  if (c.res.status === 202 && c.res.body === null && c.res.headers.get('content-length') !== '0') {
    setHeader(c, 'content-length', '0')
  }
}
