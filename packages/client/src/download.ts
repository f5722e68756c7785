// Receipt downloads: a GET of a file URL from an export item's `files[]`. Pleo's file URLs are
// pre-signed, so the request carries no Authorization (a file store on another host would refuse
// one, and the API key has no business there). Retried like every API call (network errors, 5xx,
// 429 honouring Retry-After); the answer is the file's bytes and type, or the error as a result
// value (404 RECEIPT_NOT_FOUND, 403 RECEIPT_LINK_EXPIRED, a body shorter than Content-Length…).
import { failure, type PleoResult } from './result.ts'
import { readError, withRetries, type TransportOptions } from './transport.ts'

export type Receipt = {
  url: string
  /** The Content-Type the server answered (without parameters), or '' when it sent none. */
  contentType: string
  bytes: Uint8Array
}

export type ReceiptDownloader = (url: string) => Promise<PleoResult<Receipt>>

export function createReceiptDownloader(
  options: Pick<TransportOptions, 'fetch' | 'sleep' | 'random' | 'retry'>,
): ReceiptDownloader {
  return async (url) => {
    const sent = await withRetries(options, () =>
      options.fetch(url, { method: 'GET', headers: { accept: '*/*' } }),
    )
    if (!sent.ok) return sent
    const { response } = sent
    if (!response.ok) return readError(response)
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await response.arrayBuffer())
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      return failure(response.status, 'NETWORK_ERROR', `the file broke off: ${message}`, response)
    }
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? ''
    return { ok: true, data: { url, contentType, bytes }, response }
  }
}
