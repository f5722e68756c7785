// GET /_sim/export-items/{accountingEntryId}: the fake's page of one accounting entry, where an
// export item's `_links.web` and `_links.mobile` point (Pleo's open the expense in its web and
// mobile apps). A small HTML page: what was bought, from whom, when, for how much, the lines,
// and fresh links to the receipts. `?view=mobile` gives the same page in a narrow layout.
// Fake-only, under /_sim: with --admin-token it needs the token, as Pleo's apps need a login.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import { ApiError } from '../api-error.ts'
import type { AppDeps, AppEnv } from '../app-env.ts'
import { noteRequest } from '../http/journal.ts'
import { errors } from '../http/schemas.ts'
import { fakeOnlyTags } from '../openapi-document.ts'
import { formatMoney } from '../receipts/facts.ts'
import { receiptKey, receiptLinkExpiry, signedFiles } from '../receipts/links.ts'
import type { StoredEntry } from '../store/types.ts'

const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

function render(entry: StoredEntry, origin: string, expires: number, key: string, mobile: boolean) {
  const item = entry.item
  const signed = signedFiles(item, { origin, expires, key })
  const row = (name: string, value: string | null | undefined) =>
    value ? `<tr><th>${escape(name)}</th><td>${escape(value)}</td></tr>` : ''
  const lines = item.accountingEntryLines
    .map(
      (line) =>
        `<li>${escape(line.account?.name ?? 'Expense')} (${escape(line.account?.code ?? '-')}): ${escape(formatMoney(line.lineAmount.inSupplierCurrency))}${line.tax ? `, tax ${escape(line.tax.code ?? '')} ${escape(formatMoney(line.tax.amount.inSupplierCurrency))}` : ''}</li>`,
    )
    .join('')
  const files = (signed ?? [])
    .flatMap((file) => (file ? [file] : []))
    .map(
      (file, i) =>
        `<li><a href="${escape(file.url)}">File ${i + 1}</a> (${escape(file.type)}, ${file.size} bytes)</li>`,
    )
    .join('')
  const invoice = item.additionalInformation.invoiceInformation
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escape(item.supplier?.name ?? item.note ?? 'Expense')} - fake-pleo</title>
<style>body{font:15px system-ui,sans-serif;margin:${mobile ? '12px;max-width:420px' : '32px;max-width:760px'}}th{text-align:left;padding-right:16px}</style>
</head><body>
<p>fake-pleo · ${mobile ? 'mobile app' : 'web app'} view of an accounting entry</p>
<h1>${escape(item.supplier?.name ?? item.note ?? item.type)}</h1>
<table>${row('Type', item.type)}${row('Date', item.date)}${row('Amount', formatMoney(item.amount.inSupplierCurrency))}${row('In wallet currency', formatMoney(item.amount.inWalletCurrency))}${row('Note', item.note)}${row('Invoice', invoice ? `${invoice.invoiceNumber} (${invoice.status})` : null)}${row('Spent by', item.user?.name)}${row('Team', item.team?.name)}${row('Book ID', item.additionalInformation.reconciliationId)}${row('Accounting entry', item.accountingEntryId)}</table>
<h2>Lines</h2><ul>${lines}</ul>
<h2>Receipts</h2>${files ? `<ul>${files}</ul>` : '<p>None.</p>'}
</body></html>`
}

export function registerExportItemPage(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const route = createRoute({
    method: 'get',
    path: '/_sim/export-items/{accountingEntryId}',
    tags: [fakeOnlyTags.control],
    summary: 'The page of an accounting entry',
    description:
      "Where an export item's `_links.web` and `_links.mobile` point on the fake: an HTML page of the entry with fresh receipt links (`view=mobile`: a narrow layout).",
    request: {
      params: z.object({
        accountingEntryId: z
          .string()
          .max(100)
          .openapi({ param: { name: 'accountingEntryId', in: 'path' } }),
      }),
      query: z.object({ view: z.enum(['web', 'mobile']).optional() }),
    },
    responses: {
      200: { description: 'An HTML page', content: { 'text/html': { schema: z.string() } } },
      ...errors([404, 'NOT_FOUND (no such accounting entry)'], 400),
    },
  })
  app.openapi(route, (c) => {
    const entry = deps.store.getAccountingEntry(c.req.valid('param').accountingEntryId)
    if (!entry) throw new ApiError('NOT_FOUND', 'No accounting entry with this id.')
    noteRequest(c, { companyId: entry.companyId })
    const { origin } = new URL(c.req.url)
    const expires = receiptLinkExpiry(deps.clock.now())
    const mobile = c.req.valid('query').view === 'mobile'
    return c.html(render(entry, origin, expires, receiptKey(deps.store), mobile), 200)
  })
}
