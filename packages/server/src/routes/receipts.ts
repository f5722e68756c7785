// GET /receipts/{accountingEntryId}/{fileName}: the receipt files export items point at, served
// by the fake itself so an integration can exercise its receipt download offline. Like Pleo's
// pre-signed file URLs, a link needs no API key and works for 24 hours (virtual clock) after the
// item was fetched: a changed link answers 403 ACCESS_DENIED, an expired one 403
// RECEIPT_LINK_EXPIRED. The body is a real PDF, PNG or JPEG of exactly the size the item
// declares. Faults apply (latency, 5xx, 404); an oversized-file fault streams the receipt
// followed by filler up to the rule's size, without holding it in memory.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import { ApiError } from '../api-error.ts'
import type { AppDeps, AppEnv } from '../app-env.ts'
import { noteRequest } from '../http/journal.ts'
import { errors } from '../http/schemas.ts'
import { checkReceiptLink } from '../receipts/links.ts'
import { renderReceipt } from '../receipts/render.ts'
import { fakeOnlyTags } from '../openapi-document.ts'

const params = z.object({
  accountingEntryId: z
    .string()
    .max(100)
    .openapi({ param: { name: 'accountingEntryId', in: 'path' } }),
  fileName: z
    .string()
    .max(100)
    .openapi({ param: { name: 'fileName', in: 'path' }, example: 'receipt-1.pdf' }),
})

const query = z.object({
  expires: z.string().max(20).optional().openapi({ description: 'Expiry, epoch seconds.' }),
  signature: z.string().max(100).optional().openapi({ description: 'HMAC of path and expiry.' }),
})

const binary = z.string().openapi({ type: 'string', format: 'binary' })
const chunkBytes = 64 * 1024

/** The file's bytes, then filler, `total` bytes in all, produced chunk by chunk as read. */
function oversized(file: Buffer, total: number): ReadableStream<Uint8Array> {
  let sent = 0
  const filler = new Uint8Array(chunkBytes)
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close()
      const chunk =
        sent < file.length
          ? file.subarray(sent, Math.min(file.length, total))
          : filler.subarray(0, Math.min(chunkBytes, total - sent))
      sent += chunk.length
      controller.enqueue(new Uint8Array(chunk))
    },
  })
}

export function registerReceiptRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const route = createRoute({
    method: 'get',
    path: '/receipts/{accountingEntryId}/{fileName}',
    tags: [fakeOnlyTags.receipts],
    summary: 'Download a receipt file',
    description:
      "Where an export item's `files[].url` points on the fake (Pleo's point at its file storage). Use the URL as given: it carries its own expiry and signature and needs no Authorization. It works for 24 hours of the virtual clock after the item was fetched. Faults can target `GET /receipts/*` (latency, 5xx, 404, oversizedBytes).",
    security: [],
    request: { params, query },
    responses: {
      200: {
        description: 'The file, of exactly the size the export item declares',
        content: {
          'application/pdf': { schema: binary },
          'image/png': { schema: binary },
          'image/jpeg': { schema: binary },
        },
      },
      ...errors(
        400,
        [403, 'ACCESS_DENIED (the link was changed) or RECEIPT_LINK_EXPIRED (over 24 hours old)'],
        [404, 'RECEIPT_NOT_FOUND'],
      ),
    },
  })
  app.openapi(route, (c) => {
    const { accountingEntryId, fileName } = c.req.valid('param')
    const check = checkReceiptLink(deps.store, c.req.path, c.req.valid('query'), deps.clock.now())
    if (check === 'bad-signature') {
      throw new ApiError(
        'ACCESS_DENIED',
        'This receipt link is not valid: use the files[].url of an export item exactly as given (with its expires and signature).',
      )
    }
    if (check === 'expired') throw new ApiError('RECEIPT_LINK_EXPIRED')
    const entry = deps.store.getAccountingEntry(accountingEntryId)
    if (entry) noteRequest(c, { companyId: entry.companyId })
    const file = entry && renderReceipt(entry.item, fileName)
    if (!file) throw new ApiError('RECEIPT_NOT_FOUND')
    const size = c.get('oversizedBytes') ?? file.bytes.length
    const body =
      size === file.bytes.length ? new Uint8Array(file.bytes) : oversized(file.bytes, size)
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': file.type,
        'content-length': String(size),
        'content-disposition': `inline; filename="${file.fileName}"`,
        'cache-control': 'private, no-store',
      },
    })
  })
}
