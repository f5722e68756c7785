// The one check of a URL someone gives fake-pleo to call or to send to (a webhook endpoint, an API
// base URL, an OAuth redirect URI): absolute, and http: or https:. Callers word the refusal for
// their readers (a command-line flag, a request field).

/** `value` as a URL when it is an absolute http: or https: URL, else undefined. */
export function parseHttpUrl(value: string): URL | undefined {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return undefined
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined
}

/** Whether `value` is an absolute http: or https: URL. */
export const isHttpUrl = (value: string): boolean => parseHttpUrl(value) !== undefined
