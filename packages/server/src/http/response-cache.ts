// A small cache of serialised list responses, keyed by company and query and tagged with the
// store's version: a repeated poll of unchanged state (the most common request an integration
// makes) skips the database rows and the serialisation. Any change to the state, from this
// process or another sharing the file, changes the version, so a stale entry is never served.

import type { TypedResponse } from 'hono'
import type { JSONParsed } from 'hono/utils/types'

export type ResponseCache = {
  /** The cached body for `key` if it was built at `version`; otherwise builds and keeps it. */
  json(key: string, version: string, build: () => unknown): string
}

export function createResponseCache(maxEntries = 256): ResponseCache {
  const entries = new Map<string, { version: string; body: string }>()
  return {
    json(key, version, build) {
      const hit = entries.get(key)
      if (hit && hit.version === version) return hit.body
      const body = JSON.stringify(build())
      entries.delete(key)
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string)
      entries.set(key, { version, body })
      return body
    },
  }
}

/** The cache key of a list request: the caller's company, the path and the raw query. */
export function listKey(companyId: string, url: string): string {
  const path = url.indexOf('/', url.indexOf('//') + 2)
  return `${companyId} ${url.slice(path)}`
}

/** Answers a list request from the cache when the state has not changed since it was built. */
export function cachedList<T>(
  deps: { store: { version(): string }; listCache?: ResponseCache | undefined },
  key: string,
  build: () => T,
): Response & TypedResponse<JSONParsed<T>, 200, 'json'> {
  const body = deps.listCache
    ? deps.listCache.json(key, deps.store.version(), build)
    : JSON.stringify(build())
  // The body is what c.json(build(), 200) would send; only the type brand is asserted here.
  // The headers object is fresh on purpose: the node adapter adds content-length to it.
  const headers = { 'content-type': 'application/json; charset=UTF-8' }
  return new Response(body, { status: 200, headers }) as Response &
    TypedResponse<JSONParsed<T>, 200, 'json'>
}
