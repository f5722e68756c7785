// Route globs for HTTP fault rules: `[METHOD ]PATH`, e.g. `GET /v3/export-jobs` or
// `/v3/export-jobs/*`. A `*` segment matches any one path segment; a `*` at the end matches the
// rest of the path (one or more segments). Without a method every method matches. Only Pleo's
// routes (/v3, /v2, /v1) and receipt downloads (/receipts) can be faulted, so the first segment
// must be `v3`, `v2`, `v1`, `receipts` or `*`.

export const routeMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const

export type RouteMatcher = (method: string, path: string) => boolean

type Glob = { method: string | undefined; segments: string[] }

const faultablePrefixes = ['v3', 'v2', 'v1', 'receipts', '*']

const shape = /^(?:(\S+)\s+)?(\/\S*)$/

function parse(route: string): Glob | string {
  const match = shape.exec(route.trim())
  if (!match?.[2]) return "must look like 'GET /v3/export-jobs' or '/v3/export-jobs/*'"
  const method = match[1]?.toUpperCase()
  if (method !== undefined && !(routeMethods as readonly string[]).includes(method)) {
    return `method '${match[1]}' must be one of ${routeMethods.join(', ')}`
  }
  const segments = split(match[2])
  if (segments.some((s) => s === '')) return 'must not contain empty path segments (//)'
  const partial = segments.find((s) => s !== '*' && s.includes('*'))
  if (partial !== undefined) {
    return `'${partial}': * stands for a whole path segment (write /v3/*, not /v3/export-*)`
  }
  const first = segments[0]
  if (!faultablePrefixes.includes(first ?? '')) {
    return "must start with /v3, /v2, /v1, /receipts or /* (faults apply to Pleo's routes and receipt downloads, not /_sim)"
  }
  return { method, segments }
}

function split(path: string): string[] {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path
  return trimmed === '/' ? [] : trimmed.slice(1).split('/')
}

/** Why a route glob is not valid, or undefined when it is. */
export function routeProblem(route: string): string | undefined {
  const glob = parse(route)
  return typeof glob === 'string' ? glob : undefined
}

/** Whether a valid glob names receipt downloads only (its path starts with /receipts). */
export function routeTargetsReceipts(route: string): boolean {
  const glob = parse(route)
  return typeof glob !== 'string' && glob.segments[0] === 'receipts'
}

/** A matcher for a valid glob; no glob matches every request. */
export function compileRoute(route: string | undefined): RouteMatcher {
  if (route === undefined) return () => true
  const glob = parse(route)
  if (typeof glob === 'string') throw new Error(`invalid route glob '${route}': ${glob}`)
  const { method, segments } = glob
  const last = segments.length - 1
  return (requestMethod, path) => {
    if (method !== undefined && requestMethod.toUpperCase() !== method) return false
    const parts = split(path)
    for (let i = 0; i <= last; i++) {
      const want = segments[i]
      const got = parts[i]
      if (got === undefined || got === '') return false
      if (want === '*') {
        if (i === last) return true
        continue
      }
      if (want !== got) return false
    }
    return parts.length === segments.length
  }
}
