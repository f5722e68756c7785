// Query strings as Pleo expects them: snake_case keys, repeated keys for lists
// (`statuses=pending&statuses=in_progress`), and undefined values left out.

export type QueryValue = string | number | readonly string[] | undefined

export function toQueryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const one of value as readonly string[]) search.append(key, one)
    else search.append(key, String(value))
  }
  const text = search.toString()
  return text === '' ? '' : `?${text}`
}
