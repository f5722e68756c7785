// Media types in-process (over a socket: test/empty-answers-over-http.test.ts). Every JSON answer
// carries `application/json;charset=UTF-8`, spelled exactly as Pleo's spec spells it: Pleo's
// routes (success and every kind of error), the Subscriptions API, the control API, OAuth's JSON
// and /openapi.json. A 202 has an empty body and `Content-Length: 0`; a 204 an empty body (and,
// as RFC 9110 requires, no Content-Length). HTML and Server-Sent Events keep their own types.
import { describe, expect, it } from 'vitest'
import { inProcessFake } from './helpers.ts'
import { pressExport, storedItems, unknownId } from './support.ts'

const json = 'application/json;charset=UTF-8'

describe('JSON answers', () => {
  it(`carry exactly ${json}, whatever route or status`, async () => {
    using t = inProcessFake()
    const job = await pressExport(t)
    const entry = storedItems(t, job.id)[0]?.accountingEntryId
    const form = { 'content-type': 'application/x-www-form-urlencoded' }
    const answers: [string, Response | Promise<Response>, number][] = [
      ['list jobs', t.get('/v3/export-jobs'), 200],
      ['get a job', t.get(`/v3/export-jobs/${job.id}`), 200],
      ['list items', t.get(`/v3/export-jobs/${job.id}/items`), 200],
      ['PUT items', t.send('PUT', `/v3/export-jobs/${job.id}/items`, []), 200],
      ['export items', t.get(`/v3/export-items?job_id=${job.id}`), 200],
      [
        'create a job',
        t.send('POST', '/v3/export-jobs', { accountingEntryIds: [entry], companyId: t.companyId }),
        201,
      ],
      ['bad query', t.get('/v3/export-jobs?limit=lots'), 400],
      ['malformed JSON', t.send('POST', '/v3/export-job-events', '{'), 400],
      ['no credentials', t.get('/v3/export-jobs', {}), 401],
      ['unknown job', t.get(`/v3/export-jobs/${unknownId}`), 404],
      ['unknown route', t.get('/v3/nowhere'), 404],
      ['wrong method', t.get('/v3/export-job-events'), 405],
      [
        'not JSON',
        t.request('/v3/export-job-events', {
          method: 'POST',
          headers: { ...t.auth, 'content-type': 'text/plain' },
          body: 'started',
        }),
        415,
      ],
      [
        'illegal move',
        t.send('POST', '/v3/export-job-events', { jobId: job.id, event: 'completed' }),
        422,
      ],
      ['subscriptions', t.get('/v1/subscriptions'), 200],
      ['control: health', t.get('/_sim/health', {}), 200],
      ['control: clock', t.get('/_sim/clock', {}), 200],
      ['control: journal', t.get('/_sim/journal', {}), 200],
      [
        'control: press Export',
        t.send('POST', '/_sim/export-jobs', { companyId: t.companyId }, {}),
        201,
      ],
      ['control: bad body', t.send('POST', '/_sim/clock/advance', { seconds: 'x' }, {}), 400],
      [
        'OAuth token error',
        t.request('/oauth/token', { method: 'POST', headers: form, body: 'grant_type=x' }),
        401,
      ],
      ['OpenAPI document', t.get('/openapi.json', {}), 200],
    ]
    for (const [what, pending, status] of answers) {
      const response = await pending
      const text = await response.text()
      expect(response.status, `${what}: ${text}`).toBe(status)
      expect(response.headers.get('content-type'), what).toBe(json)
      expect(() => JSON.parse(text) as unknown, what).not.toThrow()
    }
  })
})

describe('answers without a body', () => {
  it('202 from Pleo’s event route and the control API: empty, Content-Length 0', async () => {
    using t = inProcessFake()
    const job = await pressExport(t)
    const answers = [
      await t.send('POST', '/v3/export-job-events', { jobId: job.id, event: 'started' }),
      await t.send('POST', '/_sim/export-job-events', { jobId: job.id, event: 'completed' }, {}),
    ]
    for (const response of answers) {
      expect(response.status).toBe(202)
      expect(response.headers.get('content-length')).toBe('0')
      expect(await response.text()).toBe('')
    }
    expect(t.store.getJob(job.id)?.status).toBe('completed')
  })

  it('204 from deleting a subscription: empty, no Content-Length', async () => {
    using t = inProcessFake()
    const created = await t.send('POST', '/v1/subscriptions', {
      endpointUrl: 'http://127.0.0.1:9/hooks',
      eventTypes: ['v1.export-job.created'],
    })
    const { data } = (await created.json()) as { data: { id: string } }
    const response = await t.request(`/v1/subscriptions/${data.id}`, {
      method: 'DELETE',
      headers: t.auth,
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('content-length')).toBeNull()
    expect(await response.text()).toBe('')
  })
})

describe('answers that are not JSON', () => {
  it('keep their own types: HTML for /docs, Server-Sent Events for /_sim/stream', async () => {
    using t = inProcessFake()
    const docs = await t.get('/docs', {})
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/)
    await docs.body?.cancel()
    const stream = await t.get('/_sim/stream', {})
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/)
    await stream.body?.cancel()
  })
})
