// The stage captures an integration's requests to the Export API over either version Pleo serves:
// a v2 integration's listing, verify, claim and item update are recorded with their job and
// event, and the scenarios' predicates read them as they read v3's.
import { afterEach, describe, expect, it } from 'vitest'
import { isEvent } from './scenario.ts'
import { exportRoute, startStage, type Stage } from './stage.ts'

let stage: Stage | undefined
afterEach(async () => {
  await stage?.stop()
  stage = undefined
})

describe('exportRoute', () => {
  it('strips /v3 or /v2 from export routes and leaves everything else out', () => {
    expect(exportRoute('/v3/export-jobs')).toBe('/export-jobs')
    expect(exportRoute('/v2/export-jobs/abc/items')).toBe('/export-jobs/abc/items')
    expect(exportRoute('/v2/export-job-events')).toBe('/export-job-events')
    for (const path of ['/v1/subscriptions', '/v4/export-jobs', '/v2', '/v22/export-jobs']) {
      expect(exportRoute(path), path).toBeUndefined()
    }
  })
})

describe('the stage over /v2', () => {
  it('records a v2 integration’s requests with their job and event', async () => {
    const s = (stage = await startStage())
    const job = await s.press()
    const auth = { authorization: `Basic ${Buffer.from(`${s.apiKey}:`).toString('base64')}` }
    const send = (method: string, path: string, body?: unknown) =>
      fetch(`${s.url}${path}`, {
        method,
        headers: { ...auth, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    expect((await send('GET', '/v2/export-jobs?statuses=pending')).status).toBe(200)
    expect((await send('GET', `/v2/export-jobs/${job.id}`)).status).toBe(200)
    expect(
      (await send('POST', '/v2/export-job-events', { jobId: job.id, event: 'started' })).status,
    ).toBe(202)
    expect((await send('PUT', `/v2/export-jobs/${job.id}/items`, [])).status).toBe(200)

    const [list, get, claim, put] = s.requests
    expect(s.requests).toHaveLength(4)
    expect(exportRoute(list?.path ?? '')).toBe('/export-jobs')
    expect(get).toMatchObject({ method: 'GET', jobId: job.id, status: 200 })
    expect(claim).toMatchObject({ jobId: job.id, event: 'started', status: 202 })
    expect(claim && isEvent(claim, 'started')).toBe(true)
    expect(put).toMatchObject({ method: 'PUT', jobId: job.id, items: [] })
  })
})
