// Bodiless answers and media types over a real socket (@hono/node-server), read with node:http so
// the raw headers are seen as sent. A 202 carries `Content-Length: 0` and no chunked body; a 204
// no body at all; JSON answers carry `application/json;charset=UTF-8`. Also shows
// startFakePleo({ lenient: true }) accepting the how-to's `exportJobId` on a running server.
import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { startFakePleo } from './support/start-fake-pleo.ts'

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function raw(url: string, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<Raw>((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
      )
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('over a socket', () => {
  it('202: Content-Length 0 and an empty body; 204: an empty body; JSON: Pleo’s media type', async () => {
    await using sim = await startFakePleo({ clock: 'manual', seed: 'demo', lenient: true })
    const auth = `Basic ${Buffer.from(`${sim.apiKey}:`).toString('base64')}`
    const headers = { authorization: auth, 'content-type': 'application/json' }
    const job = await sim.control.pressExport({ companyId: sim.companyId ?? '' })

    const event = await raw(
      `${sim.url}/v3/export-job-events`,
      'POST',
      headers,
      JSON.stringify({ exportJobId: job.id, event: 'started' }),
    )
    expect(event.status).toBe(202)
    expect(event.headers['content-length']).toBe('0')
    expect(event.headers['transfer-encoding']).toBeUndefined()
    expect(event.body).toBe('')
    expect(sim.deps.store.getJob(job.id)?.status).toBe('in_progress')
    const journal = await sim.control.journal()
    expect(journal.at(-1)).toMatchObject({ status: 202, jobId: job.id, alias: 'exportJobId' })

    const listed = await raw(`${sim.url}/v3/export-jobs`, 'GET', headers)
    expect(listed.status).toBe(200)
    expect(listed.headers['content-type']).toBe('application/json;charset=UTF-8')
    const refused = await raw(`${sim.url}/v3/export-jobs?limit=lots`, 'GET', headers)
    expect(refused.status).toBe(400)
    expect(refused.headers['content-type']).toBe('application/json;charset=UTF-8')

    const created = await raw(
      `${sim.url}/v1/subscriptions`,
      'POST',
      headers,
      JSON.stringify({
        endpointUrl: 'http://127.0.0.1:9/hooks',
        eventTypes: ['v1.export-job.created'],
      }),
    )
    const { data } = JSON.parse(created.body) as { data: { id: string } }
    const deleted = await raw(`${sim.url}/v1/subscriptions/${data.id}`, 'DELETE', headers)
    expect(deleted.status).toBe(204)
    expect(deleted.body).toBe('')
    expect(deleted.headers['transfer-encoding']).toBeUndefined()
  })
})
