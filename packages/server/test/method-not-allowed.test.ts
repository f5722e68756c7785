// A known path with the wrong method answers 405 METHOD_NOT_ALLOWED with an Allow header naming
// the methods it takes; an unknown path stays 404; strict mode refuses query parameters on
// routes that take none. Nothing changes in the database either way.
import { describe, expect, it } from 'vitest'
import { inProcessFake } from './helpers.ts'

const jobId = '4e3e9b87-45c8-4426-b046-1a11cbd77c03'

describe('wrong method', () => {
  it('answers 405 with Allow on known paths', async () => {
    using fake = inProcessFake()
    const { request, auth, store } = fake
    const before = store.snapshot().export_jobs
    const cases: [string, string, string][] = [
      ['DELETE', `/v3/export-jobs/${jobId}`, 'GET'],
      ['GET', '/v3/export-job-events', 'POST'],
      ['PATCH', `/v3/export-jobs/${jobId}/items`, 'GET, PUT'],
      ['DELETE', '/_sim/clock', 'GET'],
    ]
    for (const [method, path, allow] of cases) {
      // Control requests that would change state say JSON (else 415 comes first, before routing).
      const headers = { ...auth, 'content-type': 'application/json' }
      const response = await request(path, { method, headers })
      expect(response.status, `${method} ${path}`).toBe(405)
      expect(response.headers.get('allow')).toBe(allow)
      expect(((await response.json()) as { type: string }).type).toBe('METHOD_NOT_ALLOWED')
    }
    expect(store.snapshot().export_jobs).toEqual(before)
  })

  it('keeps 404 NOT_FOUND for paths no route has', async () => {
    using fake = inProcessFake()
    const { request, auth } = fake
    const response = await request('/v3/export-jobz', { headers: auth })
    expect(response.status).toBe(404)
    expect(((await response.json()) as { type: string }).type).toBe('NOT_FOUND')
  })
})

describe('strict mode on routes without query parameters', () => {
  it('refuses any query parameter and applies nothing', async () => {
    using fake = inProcessFake({ strict: true })
    const { get, send, store } = fake
    const got = await get(`/v3/export-jobs/${jobId}?verbose=1`)
    expect(got.status).toBe(400)
    expect(((await got.json()) as { message: string }).message).toContain("'verbose'")
    const claim = await send('POST', '/v3/export-job-events?force=1', { jobId, event: 'started' })
    expect(claim.status).toBe(400)
    expect(store.getJob(jobId)?.status).toBe('pending')
  })

  it('ignores them outside strict mode', async () => {
    using fake = inProcessFake()
    const { get } = fake
    expect((await get(`/v3/export-jobs/${jobId}?verbose=1`)).status).toBe(200)
  })
})
