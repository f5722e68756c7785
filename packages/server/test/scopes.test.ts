// Scope enforcement on every Pleo route (v3 export API and v1 subscriptions): a key of the demo
// company that lacks the route's scope gets 403 ACCESS_DENIED naming the scope it needs, and
// nothing changes; a key with exactly that scope gets past the check. POST /_sim/companies takes
// `scopes` (validated, echoed in the answer, an empty list allowed) and stores them on the key.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { basicAuth, inProcessFake } from './helpers.ts'
import {
  demoJobs,
  expectError,
  now,
  read,
  stateWithoutJournal,
  storedItems,
  type Fake,
} from './support.ts'

const allScopes = ['export-jobs:read', 'export-jobs:write', 'export-items:read'] as const
type Scope = (typeof allScopes)[number]

type Route = { method: string; path: string; body?: unknown; scope: Scope }

describe('scopes', () => {
  let t: Fake
  let routes: Route[]
  let keyCount = 0

  /** A key of the demo company with exactly these scopes (test setup, straight into the store). */
  const keyWith = (scopes: readonly string[]) => {
    const key = `plp_scope-test-${(keyCount += 1)}`
    t.store.createApiKey({ key, companyId: t.companyId, scopes: [...scopes] }, now(t))
    return { authorization: basicAuth(key) }
  }

  const call = (route: Route, headers: Record<string, string>) =>
    route.body === undefined
      ? t.request(route.path, { method: route.method, headers })
      : t.send(route.method, route.path, route.body, headers)

  afterEach(() => t.close())
  beforeEach(async () => {
    t = inProcessFake()
    const [job] = await demoJobs(t)
    if (!job) throw new Error('no demo job')
    const entryId = storedItems(t, job.id)[0]?.accountingEntryId ?? ''
    const created = await t.send('POST', '/v1/subscriptions', {
      endpointUrl: 'http://127.0.0.1:9/hooks',
      eventTypes: ['v1.export.job-created'],
    })
    expect(created.status).toBe(200)
    const sub = ((await created.json()) as { data: { id: string } }).data.id
    routes = [
      { method: 'GET', path: '/v3/export-jobs', scope: 'export-jobs:read' },
      { method: 'GET', path: `/v3/export-jobs/${job.id}`, scope: 'export-jobs:read' },
      { method: 'GET', path: `/v3/export-jobs/${job.id}/items`, scope: 'export-jobs:read' },
      {
        method: 'POST',
        path: '/v3/export-jobs',
        body: { accountingEntryIds: [entryId], companyId: t.companyId },
        scope: 'export-jobs:write',
      },
      {
        method: 'POST',
        path: '/v3/export-job-events',
        body: { jobId: job.id, event: 'started' },
        scope: 'export-jobs:write',
      },
      {
        method: 'PUT',
        path: `/v3/export-jobs/${job.id}/items`,
        body: [{ accountingEntryId: entryId, status: 'successful' }],
        scope: 'export-jobs:write',
      },
      { method: 'GET', path: `/v3/export-items?job_id=${job.id}`, scope: 'export-items:read' },
      { method: 'GET', path: '/v1/subscriptions', scope: 'export-jobs:read' },
      { method: 'GET', path: `/v1/subscriptions/${sub}`, scope: 'export-jobs:read' },
      { method: 'GET', path: `/v1/subscriptions/${sub}/secret`, scope: 'export-jobs:read' },
      { method: 'GET', path: `/v1/subscriptions/${sub}/activities`, scope: 'export-jobs:read' },
      {
        method: 'POST',
        path: '/v1/subscriptions',
        body: { endpointUrl: 'http://127.0.0.1:9/other', eventTypes: ['v1.export.job-created'] },
        scope: 'export-jobs:write',
      },
      {
        method: 'PUT',
        path: `/v1/subscriptions/${sub}`,
        body: { endpointUrl: 'http://127.0.0.1:9/moved', eventTypes: ['v1.export.job-created'] },
        scope: 'export-jobs:write',
      },
      {
        method: 'POST',
        path: `/v1/subscriptions/${sub}/secret/rotate`,
        body: { graceSeconds: 60 },
        scope: 'export-jobs:write',
      },
      { method: 'DELETE', path: `/v1/subscriptions/${sub}`, scope: 'export-jobs:write' },
    ]
  })

  it('covers every v3 and v1 route the app registers', () => {
    const registered = new Set(
      t.fake.app.routes
        .filter((r) => /^\/v[13]\//.test(r.path) && r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    )
    const covered = new Set(
      routes.map(
        (r) =>
          `${r.method} ${r.path
            .split('?')[0]
            ?.replace(/\/v3\/export-jobs\/[^/]+/, '/v3/export-jobs/{jobId}')
            .replace(/\/v1\/subscriptions\/[^/]+/, '/v1/subscriptions/{id}')}`,
      ),
    )
    expect([...registered].sort()).toEqual([...covered].sort())
  })

  it('answers 403 ACCESS_DENIED naming the missing scope, and changes nothing', async () => {
    for (const route of routes) {
      for (const scopes of [allScopes.filter((s) => s !== route.scope), []]) {
        const headers = keyWith(scopes)
        const state = stateWithoutJournal(t)
        const label = `${route.method} ${route.path} with [${scopes.join(', ')}]`
        const message = await expectError(await call(route, headers), 403, 'ACCESS_DENIED')
        expect(message, label).toContain(`needs the scope ${route.scope}`)
        expect(message, label).toContain(scopes.length > 0 ? scopes.join(', ') : 'no scopes')
        expect(stateWithoutJournal(t), label).toEqual(state)
      }
    }
  })

  it('lets a key with exactly the needed scope past the check', async () => {
    for (const route of routes) {
      const response = await call(route, keyWith([route.scope]))
      expect(response.status, `${route.method} ${route.path}: ${await response.text()}`).not.toBe(
        403,
      )
    }
  })

  it('gives POST /_sim/companies keys and OAuth clients the scopes asked for, all by default', async () => {
    const created = z.object({
      data: z.object({ apiKey: z.string(), scopes: z.array(z.string()) }).passthrough(),
    })
    const all = await read(await t.send('POST', '/_sim/companies', {}, {}), 201, created)
    expect(all.data.scopes).toEqual([...allScopes])
    expect(t.store.findApiKey(all.data.apiKey)?.scopes).toEqual([...allScopes])

    const readOnly = await read(
      await t.send('POST', '/_sim/companies', { scopes: ['export-jobs:read'] }, {}),
      201,
      created,
    )
    expect(readOnly.data.scopes).toEqual(['export-jobs:read'])
    const oauthClient = (readOnly.data as { oauthClient?: { clientId: string } }).oauthClient
    expect(t.store.oauth.getClient(oauthClient?.clientId ?? '')?.scopes).toEqual([
      'export-jobs:read',
    ])
    const auth = { authorization: basicAuth(readOnly.data.apiKey) }
    expect((await t.get('/v3/export-jobs', auth)).status).toBe(200)
    await expectError(await t.get('/v3/export-items?job_id=x', auth), 403, 'ACCESS_DENIED')

    const none = await read(
      await t.send('POST', '/_sim/companies', { scopes: [] }, {}),
      201,
      created,
    )
    expect(none.data.scopes).toEqual([])
    expect(t.store.findApiKey(none.data.apiKey)?.scopes).toEqual([])
    const nobody = { authorization: basicAuth(none.data.apiKey) }
    const message = await expectError(await t.get('/v3/export-jobs', nobody), 403, 'ACCESS_DENIED')
    expect(message).toContain('no scopes')
  })

  it('refuses unknown scopes with 400 naming them, creating nothing', async () => {
    const state = stateWithoutJournal(t)
    for (const scopes of [
      ['nope'],
      ['export-jobs:read', 'export-jobs:admin'],
      'export-jobs:read',
    ]) {
      const response = await t.send('POST', '/_sim/companies', { scopes }, {})
      const message = await expectError(response, 400, 'BAD_REQUEST')
      if (Array.isArray(scopes)) expect(message).toContain(scopes[scopes.length - 1])
    }
    expect(stateWithoutJournal(t)).toEqual(state)
  })
})
