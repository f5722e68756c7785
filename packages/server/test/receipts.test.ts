// Receipts: every files[].url of an export item points at the fake and answers 200 without an API
// key, with the declared type and exact size in Content-Type and Content-Length, and bytes that
// really are a PDF, PNG or JPEG of that entry. Links are pre-signed like Pleo's: they work for 24
// hours of the virtual clock after the fetch (then 403 RECEIPT_LINK_EXPIRED, and a new fetch gives
// a fresh link), and an edited link is a 403. Faults reach downloads: 404, 5xx with Retry-After,
// latency and an oversized file (streamed), each named in the journal; bad receipt rules are 400s
// that change nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { pageInfoSchema, strictExportItemV3Schema, type ExportItemV3 } from '@fake-pleo/contract'
import { createFaultEngine } from '../src/index.ts'
import { inProcessFake } from './helpers.ts'
import { checkJpeg, checkPdf, checkPng } from './receipt-checks.ts'
import { advance, expectError, lastJournalEntry, pressExport, read, type Fake } from './support.ts'

const itemsSchema = z.object({
  data: z.array(strictExportItemV3Schema),
  pagination: pageInfoSchema,
})
const faultsBody = z.object({ data: z.object({ seed: z.string(), rules: z.array(z.unknown()) }) })

async function itemsOf(
  t: Fake,
  jobId: string,
  origin = 'http://localhost',
): Promise<ExportItemV3[]> {
  const response = await t.request(`${origin}/v3/export-items?job_id=${jobId}&limit=100`, {
    headers: t.auth,
  })
  return (await read(response, 200, itemsSchema)).data
}

type File = { url: string; type: string; size: number }
const filesOf = (items: ExportItemV3[]): File[] =>
  items.flatMap((item) => (item.files ?? []).flatMap((file) => (file ? [file] : [])))

/** A job whose items have files of every type. */
async function receipts(t: Fake): Promise<File[]> {
  const job = await pressExport(t, { numberOfItems: 30 })
  return filesOf(await itemsOf(t, job.id))
}

async function download(t: Fake, url: string): Promise<{ response: Response; bytes: Buffer }> {
  const response = await t.request(url)
  return { response, bytes: Buffer.from(await response.arrayBuffer()) }
}

async function putFaults(t: Fake, body: unknown): Promise<Response> {
  return t.send('PUT', '/_sim/faults', body, {})
}

describe('receipt files', () => {
  let t: Fake
  afterEach(() => t.close())
  beforeEach(() => {
    t = inProcessFake()
  })

  it('every files[].url answers 200 with the declared type and size, no API key needed', async () => {
    const files = await receipts(t)
    expect(new Set(files.map((f) => f.type))).toEqual(
      new Set(['application/pdf', 'image/png', 'image/jpeg']),
    )
    for (const file of files) {
      expect(new URL(file.url).origin).toBe('http://localhost')
      const { response, bytes } = await download(t, file.url)
      expect(response.status, file.url).toBe(200)
      expect(response.headers.get('content-type')).toBe(file.type)
      expect(response.headers.get('content-length')).toBe(String(file.size))
      expect(bytes.length).toBe(file.size)
      if (file.type === 'application/pdf') checkPdf(bytes)
      else if (file.type === 'image/png') checkPng(bytes)
      else checkJpeg(bytes)
    }
  })

  it('shows the entry it belongs to, and the journal records the download', async () => {
    const job = await pressExport(t, { numberOfItems: 12 })
    const items = await itemsOf(t, job.id)
    const item = items.find((i) => i.files?.some((f) => f?.type === 'application/pdf'))
    const pdf = item?.files?.find((f) => f?.type === 'application/pdf')
    if (!item || !pdf) throw new Error('no PDF receipt in the job')
    const { text } = checkPdf((await download(t, pdf.url)).bytes)
    expect(text).toContain(`(${item.supplier?.name ?? ''})`)
    expect(text).toContain(`(Accounting entry ${item.accountingEntryId})`)
    const url = new URL(pdf.url)
    expect(await lastJournalEntry(t)).toMatchObject({
      method: 'GET',
      path: url.pathname,
      status: 200,
      companyId: t.companyId,
      fault: null,
    })
  })

  it('serves the same bytes for every fetch of the item, from any origin', async () => {
    const job = await pressExport(t, { numberOfItems: 6 })
    const first = filesOf(await itemsOf(t, job.id))
    await advance(t, 600)
    const again = filesOf(await itemsOf(t, job.id, 'http://127.0.0.1:9999'))
    expect(again.map((f) => f.url)).not.toEqual(first.map((f) => f.url))
    for (const [i, file] of first.entries()) {
      const later = again[i]
      expect(new URL(later?.url ?? '').origin).toBe('http://127.0.0.1:9999')
      const a = (await download(t, file.url)).bytes
      const b = (await download(t, later?.url ?? '')).bytes
      expect(a.equals(b)).toBe(true)
    }
  })

  it('a link works for 24 hours after the fetch, then answers 403 RECEIPT_LINK_EXPIRED', async () => {
    const job = await pressExport(t, { numberOfItems: 6, expiresIn: 7 * 86_400 })
    const [file] = filesOf(await itemsOf(t, job.id))
    if (!file) throw new Error('no receipt')
    await advance(t, 86_400 - 1)
    expect((await download(t, file.url)).response.status).toBe(200)
    await advance(t, 61) // links are minted to the next whole minute
    const message = await expectError(await t.request(file.url), 403, 'RECEIPT_LINK_EXPIRED')
    expect(message).toMatch(/24 hours after the export item was fetched/)
    const [fresh] = filesOf(await itemsOf(t, job.id))
    expect(fresh?.url).not.toBe(file.url)
    expect((await download(t, fresh?.url ?? '')).response.status).toBe(200)
  })

  it('an edited or unsigned link answers 403 ACCESS_DENIED; an unknown file 404', async () => {
    const [file] = await receipts(t)
    if (!file) throw new Error('no receipt')
    const url = new URL(file.url)
    const edits: ((u: URL) => void)[] = [
      (u) => u.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 60)),
      (u) => u.searchParams.set('signature', 'A'.repeat(43)),
      (u) => u.searchParams.delete('signature'),
      (u) => u.searchParams.delete('expires'),
      (u) => u.searchParams.set('expires', 'soon'),
      (u) => (u.pathname = u.pathname.replace(/-1\.(\w+)$/, '-2.$1')),
    ]
    for (const edit of edits) {
      const edited = new URL(url)
      edit(edited)
      await expectError(await t.request(edited.href), 403, 'ACCESS_DENIED')
    }
    expect((await download(t, url.href)).response.status).toBe(200)
    await expectError(await t.request('/receipts/nothing/here.pdf'), 403, 'ACCESS_DENIED')
    await expectError(await t.request('/receipts/a/b/c.pdf'), 404, 'NOT_FOUND')
  })
})

describe('faults on receipt downloads', () => {
  let t: Fake
  let slept: number[]
  afterEach(() => t.close())
  beforeEach(() => {
    slept = []
    const faults = createFaultEngine({ sleep: (ms) => (slept.push(ms), Promise.resolve()) })
    t = inProcessFake({ faults })
  })

  async function setRules(rules: unknown[]) {
    return read(await putFaults(t, { rules }), 200, faultsBody)
  }

  it('404 and 503 answer {type, message} once, and the journal names the fault', async () => {
    const [file] = await receipts(t)
    if (!file) throw new Error('no receipt')
    await setRules([
      { target: 'http', route: 'GET /receipts/*', status: 404, count: 1 },
      { target: 'http', route: '/receipts/*', status: 503, count: 1 },
    ])
    await expectError(await t.request(file.url), 404, 'RECEIPT_NOT_FOUND')
    expect((await lastJournalEntry(t)).fault).toBe('status=404 (rule 0)')
    const unavailable = await t.request(file.url)
    await expectError(unavailable.clone(), 503, 'SERVICE_UNAVAILABLE')
    expect(unavailable.headers.get('retry-after')).toBe('1')
    expect(await lastJournalEntry(t)).toMatchObject({ status: 503, fault: 'status=503 (rule 1)' })
    expect((await download(t, file.url)).response.status).toBe(200)
  })

  it('rules without a route reach receipts too; /v3 routes do not catch them', async () => {
    const [file] = await receipts(t)
    await setRules([{ target: 'http', route: '/v3/*', status: 500 }])
    expect((await download(t, file?.url ?? '')).response.status).toBe(200)
    await setRules([{ target: 'http', status: 502, count: 1 }])
    await expectError(await t.request(file?.url ?? ''), 502, 'BAD_GATEWAY')
  })

  it('latency holds the download, then serves it', async () => {
    const [file] = await receipts(t)
    await setRules([{ target: 'http', route: 'GET /receipts/*', latencyMs: 1500 }])
    const { response, bytes } = await download(t, file?.url ?? '')
    expect(response.status).toBe(200)
    expect(bytes.length).toBe(file?.size)
    expect(slept).toEqual([1500])
    expect((await lastJournalEntry(t)).fault).toBe('latency=1500ms (rule 0)')
  })

  it('an oversized file: the receipt then filler, far beyond the declared size, streamed', async () => {
    const files = await receipts(t)
    const file = files.find((f) => f.type === 'image/png')
    if (!file) throw new Error('no PNG receipt')
    const oversizedBytes = 8 * 1024 * 1024 + 3
    await setRules([{ target: 'http', route: 'GET /receipts/*', oversizedBytes, count: 1 }])
    const response = await t.request(file.url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(response.headers.get('content-length')).toBe(String(oversizedBytes))
    const reader = response.body?.getReader()
    let received = 0
    let head: Buffer | undefined
    let chunks = 0
    for (let next = await reader?.read(); next && !next.done; next = await reader?.read()) {
      head ??= Buffer.from(next.value)
      received += next.value.length
      chunks++
    }
    expect(received).toBe(oversizedBytes)
    expect(chunks).toBeGreaterThan(100)
    const real = (await download(t, file.url)).bytes
    expect(head?.equals(real)).toBe(true)
    expect(real.length).toBe(file.size)
    const journal = await t.get('/_sim/journal?limit=1000', {})
    const entries = (await journal.json()) as { data: { fault: string | null; status: number }[] }
    expect(entries.data.filter((e) => e.fault === `oversized=${oversizedBytes}B (rule 0)`)).toEqual(
      [expect.objectContaining({ status: 200 })],
    )
  })

  it('bad receipt rules are 400s naming the field, and change nothing', async () => {
    const good = [{ target: 'http', route: 'GET /receipts/*', status: 503, count: 1 }]
    await setRules(good)
    const cases: [unknown, RegExp][] = [
      [{ target: 'http', status: 404 }, /'rules.0.status': 404 applies only to receipt downloads/],
      [
        { target: 'http', route: 'GET /v3/export-items', status: 404 },
        /'rules.0.status': 404 applies only to receipt downloads/,
      ],
      [
        { target: 'http', route: '/v3/*', oversizedBytes: 1_000_000 },
        /'rules.0.oversizedBytes': applies only to receipt downloads/,
      ],
      [{ target: 'http', oversizedBytes: 1_000_000 }, /'rules.0.oversizedBytes': applies only/],
      [
        { target: 'http', route: '/receipts/*', oversizedBytes: 1_000, status: 503 },
        /'rules.0.oversizedBytes': does not go with status/,
      ],
      [{ target: 'http', route: '/receipts/*', oversizedBytes: 0 }, /'rules.0.oversizedBytes'/],
      [{ target: 'http', route: '/receipts/*', oversizedBytes: 2.5 }, /'rules.0.oversizedBytes'/],
      [
        { target: 'http', route: '/receipts/*', oversizedBytes: 2 ** 31 },
        /'rules.0.oversizedBytes': must be at most 1073741824/,
      ],
      [{ target: 'http', route: '/receipts/*', oversizedBytes: '5MB' }, /'rules.0.oversizedBytes'/],
      [{ target: 'http', route: '/receipt/*', status: 404 }, /'rules.0.route': must start with/],
    ]
    for (const [rule, message] of cases) {
      const response = await putFaults(t, { rules: [rule] })
      expect(await expectError(response, 400, 'BAD_REQUEST'), JSON.stringify(rule)).toMatch(message)
    }
    expect(await read(await t.get('/_sim/faults', {}), 200, faultsBody)).toEqual({
      data: { seed: 'fake-pleo', rules: good },
    })
  })
})
