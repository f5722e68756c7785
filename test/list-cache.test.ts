// Regression and safety tests for the cache of serialised list responses. Named after the bug:
// the node adapter wrote content-length into a shared headers object, so the next cached list on
// the same keep-alive connection was cut to the previous one's length. Also: a cached list never
// outlives a change, whether the change comes from this process or another sharing the file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFakePleo, startFakePleo } from '@fake-pleo/server'

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`
const dir = mkdtempSync(join(tmpdir(), 'fake-pleo-cache-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

type Page = { data: { id: string; status: string }[] }

describe('list response cache', () => {
  it('serves lists of different lengths one after another on one keep-alive connection', async () => {
    await using sim = await startFakePleo({ clock: 'manual' })
    const headers = { authorization: basic(sim.apiKey) }
    const jobs = ((await (await sim.fetch('/v3/export-jobs', { headers })).json()) as Page).data
    const paths = [
      '/v3/export-jobs',
      ...jobs.map((job) => `/v3/export-jobs/${job.id}/items`),
      '/v3/export-jobs?statuses=pending',
      `/v3/export-items?job_id=${jobs[0]?.id}`,
      '/v3/export-jobs',
    ]
    for (let round = 0; round < 3; round++) {
      for (const path of paths) {
        const response = await sim.fetch(path, { headers })
        const text = await response.text()
        expect(response.status, path).toBe(200)
        expect(Number(response.headers.get('content-length')), path).toBe(Buffer.byteLength(text))
        expect(() => JSON.parse(text) as unknown, path).not.toThrow()
      }
    }
  })

  it('shows a change made through the same process at once', async () => {
    const fake = createFakePleo({ seed: 'demo', clock: 'manual' })
    const headers = { authorization: basic(fake.apiKey ?? '') }
    const list = async () =>
      ((await (await fake.app.request('/v3/export-jobs', { headers })).json()) as Page).data
    const before = await list()
    expect(before.every((job) => job.status === 'pending')).toBe(true)
    const jobId = before[0]?.id ?? ''
    const claim = await fake.app.request('/v3/export-job-events', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ jobId, event: 'started' }),
    })
    expect(claim.status).toBe(202)
    expect((await list()).find((job) => job.id === jobId)?.status).toBe('in_progress')
  })

  it('shows a change made by another connection to the same database file', async () => {
    const db = join(dir, 'shared.db')
    const a = createFakePleo({ seed: 'demo', clock: 'manual', db })
    const b = createFakePleo({ seed: 'demo', clock: 'manual', db })
    try {
      const headers = { authorization: basic(a.apiKey ?? '') }
      const list = async () =>
        ((await (await a.app.request('/v3/export-jobs', { headers })).json()) as Page).data
      const jobId = (await list())[0]?.id ?? ''
      await list()
      const claim = await b.app.request('/v3/export-job-events', {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ jobId, event: 'started' }),
      })
      expect(claim.status).toBe(202)
      expect((await list()).find((job) => job.id === jobId)?.status).toBe('in_progress')
    } finally {
      a.close()
      b.close()
    }
  })
})
