// Export item links and receipts over real HTTP: the fake builds every `_links` and `files[].url`
// from the Host the request came to (here a name the test makes up, sent to 127.0.0.1), so the
// links work however the fake is reached; each receipt downloads over the socket with the
// declared Content-Type and Content-Length and no API key; and an oversized-file fault streams
// tens of megabytes through the socket, chunk by chunk.
import { request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { strictExportItemV3Schema } from '@fake-pleo/contract'
import { startFakePleo } from './support/start-fake-pleo.ts'

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`
const itemsOf = (body: unknown) =>
  strictExportItemV3Schema.array().parse((body as { data: unknown }).data)
const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

/** GET over a socket to 127.0.0.1:port with a chosen Host header; the body as text. */
function getWithHost(port: number, path: string, host: string, authorization: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { host, authorization } },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

describe('receipts over HTTP', () => {
  it('links follow the Host of the request and every receipt downloads', async () => {
    const sim = await startFakePleo({ clock: 'manual' })
    stops.push(() => sim.stop())
    const job = await sim.control.pressExport({ companyId: sim.companyId, numberOfItems: 12 })
    const host = `books.example.test:${sim.port}`
    const answer = await getWithHost(
      sim.port,
      `/v3/export-items?job_id=${job.id}`,
      host,
      basic(sim.apiKey),
    )
    expect(answer.status).toBe(200)
    const items = itemsOf(JSON.parse(answer.body))
    const files = items.flatMap((item) => (item.files ?? []).flatMap((f) => (f ? [f] : [])))
    expect(files.length).toBeGreaterThan(5)
    for (const item of items) {
      for (const links of Object.values(item._links)) {
        for (const url of Object.values(links ?? {})) expect(new URL(url).host).toBe(host)
      }
    }
    for (const file of files) {
      const url = new URL(file.url)
      expect(url.host).toBe(host)
      const response = await sim.fetch(`${url.pathname}${url.search}`)
      const bytes = Buffer.from(await response.arrayBuffer())
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe(file.type)
      expect(response.headers.get('content-length')).toBe(String(file.size))
      expect(bytes.length).toBe(file.size)
    }
  })

  it('an oversized-file fault streams tens of megabytes through the socket', async () => {
    const sim = await startFakePleo({ clock: 'manual' })
    stops.push(() => sim.stop())
    const job = await sim.control.pressExport({ companyId: sim.companyId, numberOfItems: 6 })
    const list = await sim.fetch(`/v3/export-items?job_id=${job.id}`, {
      headers: { authorization: basic(sim.apiKey) },
    })
    const items = itemsOf(await list.json())
    const file = items.flatMap((item) => item.files ?? []).find(Boolean)
    if (!file) throw new Error('no receipt')
    const oversizedBytes = 40 * 1024 * 1024
    const put = await sim.fetch('/_sim/faults', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        rules: [{ target: 'http', route: 'GET /receipts/*', oversizedBytes, count: 1 }],
      }),
    })
    expect(put.status).toBe(200)
    const response = await fetch(file.url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-length')).toBe(String(oversizedBytes))
    expect(response.headers.get('content-type')).toBe(file.type)
    let received = 0
    let largest = 0
    const reader = response.body?.getReader()
    for (let next = await reader?.read(); next && !next.done; next = await reader?.read()) {
      received += next.value.length
      largest = Math.max(largest, next.value.length)
    }
    expect(received).toBe(oversizedBytes)
    expect(largest).toBeLessThan(1024 * 1024)
    const normal = await fetch(file.url)
    expect(Number(normal.headers.get('content-length'))).toBe(file.size)
    expect((await normal.arrayBuffer()).byteLength).toBe(file.size)
  })
})
