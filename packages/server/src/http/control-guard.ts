// Keeps the control API (/_sim) to the developer who started the fake, against the two ways a web
// page in their browser could otherwise drive it: DNS rebinding (a foreign name resolving to
// 127.0.0.1, so the request carries a foreign `Host`) and cross-site requests (a foreign
// `Origin`). A control request is refused with 403 unless its `Host` is a loopback name or
// address, or names the interface the fake is bound to (any `Host` on a 0.0.0.0 or :: bind,
// which needs the admin token anyway); and unless its `Origin`, when sent, is the fake's own (the
// scheme and the very `Host` the request was sent to), so pages served by the fake keep working.
// State-changing control requests must also say `Content-Type: application/json`, body or not:
// no HTML form can send that, and a cross-site script cannot without a CORS preflight the fake
// never grants. Runs before anything else touches the state, so a refused request changes nothing.
// The export item page (GET /_sim/export-items/…) is left to any Host: it stands in for Pleo's web
// app, export items link to it through whatever Host the integration used, and it only reads.
import type { Context } from 'hono'
import { parseHttpUrl } from '@fake-pleo/contract'
import { ApiError } from '../api-error.ts'
import { isLoopbackHost, isWildcardHost, normalHost } from '../net/hosts.ts'
import { jsonType } from './body-guard.ts'
import type { Step } from './request-frame.ts'

const changing = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** A small memory of a pure function of a string (at most 64 answers, then forgotten whole):
 * the same few hosts and origins come on every request. */
function remembered<T>(compute: (key: string) => T): (key: string) => T {
  const answers = new Map<string, T>()
  return (key) => {
    if (answers.has(key)) return answers.get(key) as T
    if (answers.size >= 64) answers.clear()
    const answer = compute(key)
    answers.set(key, answer)
    return answer
  }
}

/** The URL's host, read from the part before its path (the host depends on nothing after it). */
const hostOfOrigin = remembered((origin) => new URL(origin).host)

function urlHost(url: string): string {
  const authority = url.indexOf('://')
  const path = authority < 0 ? -1 : url.indexOf('/', authority + 3)
  return path < 0 ? new URL(url).host : hostOfOrigin(url.slice(0, path))
}

/** The authority (host[:port]) the request was sent to: its Host header, else its URL's. */
function requestAuthority(c: Context): string {
  return c.req.header('host') ?? urlHost(c.req.url)
}

function hostnameOf(authority: string): string | undefined {
  try {
    return new URL(`http://${authority}`).hostname
  } catch {
    return undefined
  }
}

/** Whether a control request sent to `authority` may be answered by a fake bound to `bound`. */
export function isOwnHost(authority: string, bound: string): boolean {
  const name = hostnameOf(authority)
  if (name === undefined || name === '') return false
  if (isLoopbackHost(name) || isWildcardHost(bound)) return true
  return normalHost(name) === normalHost(bound)
}

/** Whether an `Origin` is the fake's own: http(s) and the same authority the request went to. */
export function isOwnOrigin(origin: string, authority: string): boolean {
  const url = parseHttpUrl(origin)
  return url !== undefined && url.host === new URL(`http://${authority}`).host
}

/** Whether a request is for the export item page, which export items link to from any Host. */
export const isExportItemPage = (method: string, path: string) =>
  (method === 'GET' || method === 'HEAD') && path.startsWith('/_sim/export-items/')

export function controlOwnerGuard(options: { host: string }): Step {
  let bound = options.host
  let own = remembered((authority) => isOwnHost(authority, bound))
  return (c) => {
    if (isExportItemPage(c.req.method, c.req.path)) return
    if (options.host !== bound) {
      bound = options.host
      own = remembered((authority) => isOwnHost(authority, bound))
    }
    const authority = requestAuthority(c)
    if (!own(authority)) {
      throw new ApiError(
        'ACCESS_DENIED',
        `The control API answers only requests sent to a loopback address or to the --host the fake is bound to (${options.host}); this one was sent to Host '${authority}'. A web page cannot drive the sandbox through a name that merely resolves here.`,
      )
    }
    const origin = c.req.header('origin')
    if (origin !== undefined && !isOwnOrigin(origin, authority)) {
      throw new ApiError(
        'ACCESS_DENIED',
        `The control API refuses cross-site requests: Origin '${origin}' is not this fake's own (http://${authority}). Drive it from a terminal, a test or the fake's own pages.`,
      )
    }
  }
}

/** State changes must say JSON. */
export function controlJsonOnly(): Step {
  return (c) => {
    if (!changing.has(c.req.method)) return
    if (!jsonType.test(c.req.header('content-type') ?? '')) {
      const type = c.req.header('content-type')
      throw new ApiError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type '${type ?? '(none)'}' is not JSON: ${c.req.method} ${c.req.path} changes the sandbox, so it needs Content-Type: application/json even without a body (this keeps other web pages from sending it).`,
      )
    }
  }
}

/**
 * A state change that says JSON but sends no body reads as `{}`, so routes whose body is optional
 * take it bodiless. Runs after the body limit (it reads the body through it).
 */
export function emptyJsonAsObject(): Step {
  return (c) => {
    if (changing.has(c.req.method) && jsonType.test(c.req.header('content-type') ?? '')) {
      return c.req.text().then((text) => {
        if (text === '') c.req.bodyCache.text = Promise.resolve('{}') as unknown as string
      })
    }
  }
}
