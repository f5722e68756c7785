// API-key authentication on every /v3 route: a missing header, an unknown key, malformed Basic
// credentials, an unsupported scheme and a Bearer token (no OAuth yet) all answer 401
// UNAUTHORIZED with a WWW-Authenticate challenge and change nothing; the journal records the 401
// without a company. A valid key scopes everything to its company: company B's key can neither
// list, read, move nor update company A's jobs. The control API under /_sim needs no key.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { basicAuth, inProcessFake } from './helpers.ts'
import {
  createCompany,
  demoJobs,
  expectError,
  jobListSchema,
  lastJournalEntry,
  read,
  stateWithoutJournal,
  storedItems,
  storedJob,
  type Fake,
} from './support.ts'

const b64 = (text: string) => Buffer.from(text).toString('base64')

describe('authentication', () => {
  let t: Fake
  let jobId: string
  let entryId: string
  afterEach(() => t.close())
  beforeEach(async () => {
    t = inProcessFake()
    const [job] = await demoJobs(t)
    if (!job) throw new Error('no demo job')
    jobId = job.id
    entryId = storedItems(t, jobId)[0]?.accountingEntryId ?? ''
  })

  const routes = () => [
    { method: 'GET', path: '/v3/export-jobs' },
    { method: 'GET', path: `/v3/export-jobs/${jobId}` },
    {
      method: 'POST',
      path: '/v3/export-jobs',
      body: { accountingEntryIds: [entryId], companyId: t.companyId },
    },
    { method: 'POST', path: '/v3/export-job-events', body: { jobId, event: 'started' } },
    { method: 'GET', path: `/v3/export-jobs/${jobId}/items` },
    {
      method: 'PUT',
      path: `/v3/export-jobs/${jobId}/items`,
      body: [{ accountingEntryId: entryId, status: 'successful' }],
    },
    { method: 'GET', path: `/v3/export-items?job_id=${jobId}` },
  ]

  const call = (
    route: { method: string; path: string; body?: unknown },
    headers: Record<string, string>,
  ) =>
    route.body === undefined
      ? t.request(route.path, { method: route.method, headers })
      : t.send(route.method, route.path, route.body, headers)

  const badCredentials: [string, Record<string, string>, string][] = [
    ['no Authorization header', {}, 'Missing Authorization'],
    ['an unknown API key', { authorization: basicAuth('plp_not-a-key') }, 'Unknown API key'],
    ['Basic with non-base64 credentials', { authorization: 'Basic !!!not base64!!!' }, 'Malformed'],
    ['Basic with an empty user name', { authorization: `Basic ${b64(':secret')}` }, 'Malformed'],
    ['Basic with no credentials', { authorization: 'Basic' }, 'Malformed'],
    ['a Bearer token', { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x' }, 'bearer token'],
    ['an unsupported scheme', { authorization: 'Digest username="x"' }, "'Digest'"],
  ]

  it.each(badCredentials)(
    'answers 401 with a challenge for %s, on every /v3 route',
    async (_, headers, hint) => {
      for (const route of routes()) {
        const state = stateWithoutJournal(t)
        const response = await call(route, headers)
        expect(response.headers.get('www-authenticate')).toContain('Basic realm="fake-pleo"')
        const message = await expectError(response, 401, 'UNAUTHORIZED')
        expect(message).toContain(hint)
        expect(stateWithoutJournal(t)).toEqual(state)
        expect(await lastJournalEntry(t)).toMatchObject({
          method: route.method,
          status: 401,
          companyId: null,
        })
      }
    },
  )

  it('answers 401 for the API key of a company sent as the password', async () => {
    await expectError(
      await t.get('/v3/export-jobs', { authorization: `Basic ${b64(`:${t.apiKey}`)}` }),
      401,
      'UNAUTHORIZED',
    )
  })

  it('looks a key up on every request: the same header refused before the key exists gets in after', async () => {
    const key = 'plp_created-after-its-first-use'
    const authorization = basicAuth(key)
    await expectError(await t.get('/v3/export-jobs', { authorization }), 401, 'UNAUTHORIZED')
    t.store.createApiKey({ key, companyId: t.companyId, scopes: ['export-jobs:read'] }, Date.now())
    await read(await t.get('/v3/export-jobs', { authorization }), 200, jobListSchema)
    expect(await lastJournalEntry(t)).toMatchObject({ status: 200, companyId: t.companyId })
  })

  it('accepts the key with or without the trailing colon and a lower-case scheme', async () => {
    for (const authorization of [
      basicAuth(t.apiKey),
      `Basic ${b64(t.apiKey)}`,
      `basic ${b64(`${t.apiKey}:`)}`,
    ]) {
      const list = await read(await t.get('/v3/export-jobs', { authorization }), 200, jobListSchema)
      expect(list.data).toHaveLength(3)
    }
    expect(await lastJournalEntry(t)).toMatchObject({ status: 200, companyId: t.companyId })
  })

  it("keeps company B away from company A's jobs", async () => {
    const b = await createCompany(t)
    const state = stateWithoutJournal(t)

    const list = await read(await t.get('/v3/export-jobs', b.auth), 200, jobListSchema)
    expect(list.data).toEqual([])
    await expectError(
      await t.get(`/v3/export-jobs?company_id=${t.companyId}`, b.auth),
      403,
      'ACCESS_DENIED',
    )
    await expectError(await t.get(`/v3/export-jobs/${jobId}`, b.auth), 404, 'EXPORT_NOT_FOUND')
    await expectError(
      await t.get(`/v3/export-jobs/${jobId}/items`, b.auth),
      404,
      'EXPORT_NOT_FOUND',
    )
    await expectError(
      await t.get(`/v3/export-items?job_id=${jobId}`, b.auth),
      404,
      'EXPORT_NOT_FOUND',
    )
    await expectError(
      await t.send('POST', '/v3/export-job-events', { jobId, event: 'started' }, b.auth),
      404,
      'EXPORT_NOT_FOUND',
    )
    await expectError(
      await t.send(
        'PUT',
        `/v3/export-jobs/${jobId}/items`,
        [{ accountingEntryId: entryId, status: 'successful' }],
        b.auth,
      ),
      404,
      'EXPORT_NOT_FOUND',
    )
    await expectError(
      await t.send(
        'POST',
        '/v3/export-jobs',
        { accountingEntryIds: [entryId], companyId: t.companyId },
        b.auth,
      ),
      403,
      'ACCESS_DENIED',
    )
    const exportItems = await t.get('/v3/export-items', b.auth)
    expect(((await exportItems.json()) as { data: unknown[] }).data).toEqual([])

    expect(stateWithoutJournal(t)).toEqual(state)
    expect(storedJob(t, jobId).status).toBe('pending')
    expect(await lastJournalEntry(t)).toMatchObject({ companyId: b.companyId })
  })

  it('needs no key on the control API', async () => {
    expect((await t.get('/_sim/health', {})).status).toBe(200)
    expect((await t.get('/_sim/clock', {})).status).toBe(200)
    const bogus = { authorization: basicAuth('plp_not-a-key') }
    expect((await t.get('/_sim/clock', bogus)).status).toBe(200)
  })
})
