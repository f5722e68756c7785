// The URLs of an export item as the fake answers them, built per request from the request's own
// origin, so they resolve however the fake is reached (any host, any port, in-process):
// - `_links.web` and `_links.mobile`: the fake's page of the entry (/_sim/export-items/{id}),
// - `_links.api`: Pleo's own GET /v3/export-items (or /v2/export-items, for an item fetched over
//   v2) narrowed to this item (job_id, offset, limit=1),
// - `files[].url`: a pre-signed receipt link, like Pleo's: no API key needed, valid for 24 hours
//   of the virtual clock from the fetch (rounded up to the minute so repeated polls share one
//   answer), HMAC-signed so a link cannot be edited into another file or a later expiry.
// The signing key lives in the store's meta table, so every process sharing a database file and
// every restart honours the same links.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { receiptPath, type ExportItemV3 } from '@fake-pleo/contract'
import type { ExportItemRow, Store } from '../store/types.ts'

/** How long a receipt link works after the item was fetched (Pleo: 24 hours). */
const receiptLinkTtlSeconds = 24 * 60 * 60
const keyName = 'receipt-link-key'

type KeyStore = Pick<Store, 'getMeta' | 'setMeta'>

/** The signing key, made first if the store has none (createApp asks before its baseline). */
export function receiptKey(store: KeyStore): string {
  const key = store.getMeta(keyName)
  if (key) return key
  store.setMeta(keyName, randomBytes(32).toString('base64url'))
  return store.getMeta(keyName) ?? ''
}

function signature(key: string, path: string, expires: number): string {
  return createHmac('sha256', key).update(`${path}\n${expires}`).digest('base64url')
}

/** When a link minted at `now` (ms) stops working, in whole seconds since the epoch. */
export function receiptLinkExpiry(now: number): number {
  return Math.ceil((now / 1000 + receiptLinkTtlSeconds) / 60) * 60
}

export type LinkCheck = 'ok' | 'bad-signature' | 'expired'

export function checkReceiptLink(
  store: KeyStore,
  path: string,
  query: { expires?: string | undefined; signature?: string | undefined },
  now: number,
): LinkCheck {
  const expires = Number(query.expires)
  if (!query.signature || !/^\d{1,12}$/.test(query.expires ?? '')) return 'bad-signature'
  const expected = Buffer.from(signature(receiptKey(store), path, expires))
  const given = Buffer.from(query.signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad-signature'
  return now >= expires * 1000 ? 'expired' : 'ok'
}

export type LinkContext = {
  /** The request's origin, e.g. http://127.0.0.1:4010. */
  origin: string
  /** receiptLinkExpiry() of the moment of the request. */
  expires: number
  /** receiptKey() of the store. */
  key: string
  /** The version prefix the item was fetched under, for `_links.api` (default `/v3`). */
  prefix?: string
}

function signedUrl(context: LinkContext, path: string): string {
  const query = `expires=${context.expires}&signature=${signature(context.key, path, context.expires)}`
  return `${context.origin}${path}?${query}`
}

/** The item's files with absolute, signed URLs for the receipts the fake serves. */
export function signedFiles(item: ExportItemV3, context: LinkContext): ExportItemV3['files'] {
  const fakePath = receiptPath(item.accountingEntryId, '')
  return item.files
    ? item.files.map((file) =>
        file?.url.startsWith(fakePath) ? { ...file, url: signedUrl(context, file.url) } : file,
      )
    : item.files
}

/** The item of a row as the fake answers it: absolute links and signed receipt URLs. */
export function presentExportItem(row: ExportItemRow, context: LinkContext): ExportItemV3 {
  const { item } = row
  const page = `${context.origin}/_sim/export-items/${item.accountingEntryId}`
  return {
    ...item,
    _links: {
      web: { exportItem: page },
      mobile: { exportItem: `${page}?view=mobile` },
      api: {
        exportItem: `${context.origin}${context.prefix ?? '/v3'}/export-items?job_id=${row.jobId}&offset=${row.position}&limit=1`,
      },
    },
    files: signedFiles(item, context),
  }
}
