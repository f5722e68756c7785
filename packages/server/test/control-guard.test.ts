// Regressions for "the control API only its owner can reach": a POST /_sim/reset (or any other
// control request) sent through a foreign name that resolves here (DNS rebinding), from a foreign
// Origin (a web page the developer visits), or without Content-Type: application/json (an HTML
// form, a no-preflight fetch) answers 403 or 415 and changes nothing; the state tables are
// compared before and after, and the journal shows the refusal and nothing else. Loopback names,
// the --host the fake is bound to, and the fake's own origin keep working.
import { describe, expect, it } from 'vitest'
import { inProcessFake } from './helpers.ts'

type Fake = ReturnType<typeof inProcessFake>

const json = { 'content-type': 'application/json' }

/** Everything but the journal and the bookkeeping in meta. */
function state(t: Fake) {
  const snapshot: Partial<Record<string, unknown>> = { ...t.store.snapshot() }
  delete snapshot.journal
  delete snapshot.meta
  return snapshot
}

/** Changes the state: a new job and a moved clock, so a reset has something to undo. */
async function dirty(t: Fake) {
  expect((await t.send('POST', '/_sim/clock/advance', { seconds: 60 }, {})).status).toBe(200)
  await t.control.pressExport()
}

async function refused(
  t: Fake,
  path: string,
  init: RequestInit,
  status: number,
  type: string,
  mention: RegExp,
) {
  const before = state(t)
  const lastId = t.store.listJournal(0, 100_000).at(-1)?.id ?? 0
  const response = await t.request(path, init)
  expect(response.status).toBe(status)
  const body = (await response.json()) as { type: string; message: string }
  expect(body.type).toBe(type)
  expect(body.message).toMatch(mention)
  expect(state(t)).toEqual(before)
  const journaled = t.store.listJournal(lastId, 100)
  expect(journaled.map((e) => [e.method, e.path, e.status])).toEqual([
    [init.method ?? 'GET', new URL(path, 'http://localhost').pathname, status],
  ])
}

describe('control API host check (DNS rebinding)', () => {
  it('refuses POST /_sim/reset sent with a foreign Host and wipes nothing', async () => {
    using t = inProcessFake()
    await dirty(t)
    for (const host of [
      'evil.example',
      'evil.example:4010',
      '192.168.1.20:4010',
      'localhost.evil.example',
    ]) {
      await refused(
        t,
        '/_sim/reset',
        { method: 'POST', headers: { ...json, host } },
        403,
        'ACCESS_DENIED',
        /Host/,
      )
    }
  })

  it('refuses a foreign host in the request URL too (no Host header in-process)', async () => {
    using t = inProcessFake()
    await dirty(t)
    await refused(
      t,
      'http://rebound.example:4010/_sim/reset',
      { method: 'POST', headers: json },
      403,
      'ACCESS_DENIED',
      /rebound\.example/,
    )
  })

  it('refuses reads as well: the journal is not readable through a rebound name', async () => {
    using t = inProcessFake()
    const response = await t.request('/_sim/journal', { headers: { host: 'evil.example' } })
    expect(response.status).toBe(403)
  })

  it('answers loopback names and addresses', async () => {
    using t = inProcessFake()
    for (const host of [
      'localhost:4010',
      '127.0.0.1:4010',
      '127.1.2.3',
      '[::1]:4010',
      'app.localhost',
    ]) {
      const response = await t.request('/_sim/clock/advance', {
        method: 'POST',
        headers: { ...json, host },
        body: JSON.stringify({ seconds: 1 }),
      })
      expect(response.status, host).toBe(200)
    }
  })

  it('answers the --host the fake is bound to, and any Host on a wildcard bind', async () => {
    using named = inProcessFake({ host: 'sandbox.lan', adminToken: 't' })
    const headers = { ...json, authorization: 'Bearer t' }
    const ok = await named.request('/_sim/reset', {
      method: 'POST',
      headers: { ...headers, host: 'sandbox.lan:4010' },
    })
    expect(ok.status).toBe(200)
    const other = await named.request('/_sim/reset', {
      method: 'POST',
      headers: { ...headers, host: 'other.lan:4010' },
    })
    expect(other.status).toBe(403)
    using wildcard = inProcessFake({ host: '0.0.0.0', adminToken: 't' })
    const any = await wildcard.request('/_sim/reset', {
      method: 'POST',
      headers: { ...headers, host: '10.0.0.7:4010' },
    })
    expect(any.status).toBe(200)
  })

  it('leaves Pleo routes and the export item page alone: links follow any Host', async () => {
    using t = inProcessFake()
    const response = await t.get('/v3/export-jobs', { ...t.auth, host: 'books.example' })
    expect(response.status).toBe(200)
    const list = await t.get(`/v3/export-items?limit=1`, { ...t.auth, host: 'books.example' })
    expect(list.status).toBe(200)
    const [item] = ((await list.json()) as { data: { _links: { web: { exportItem: string } } }[] })
      .data
    const page = await t.request(item?._links.web.exportItem ?? '', {
      headers: { host: 'books.example', origin: 'https://elsewhere.example' },
    })
    expect(page.status).toBe(200)
  })
})

describe('control API origin check (cross-site requests)', () => {
  it('refuses POST /_sim/reset from a foreign Origin and wipes nothing', async () => {
    using t = inProcessFake()
    await dirty(t)
    for (const origin of [
      'https://evil.example',
      'http://localhost:3000',
      'http://127.0.0.1:4011',
      'null',
      'file://',
    ]) {
      await refused(
        t,
        '/_sim/reset',
        { method: 'POST', headers: { ...json, host: '127.0.0.1:4010', origin } },
        403,
        'ACCESS_DENIED',
        /Origin/,
      )
    }
  })

  it('answers requests from the fake’s own origin (its own pages)', async () => {
    using t = inProcessFake()
    await dirty(t)
    const response = await t.request('/_sim/reset', {
      method: 'POST',
      headers: { ...json, host: '127.0.0.1:4010', origin: 'http://127.0.0.1:4010' },
    })
    expect(response.status).toBe(200)
    const read = await t.request('/_sim/clock', {
      headers: { host: 'localhost:4010', origin: 'http://localhost:4010' },
    })
    expect(read.status).toBe(200)
  })
})

describe('control API content type', () => {
  it('refuses POST /_sim/reset without Content-Type: application/json, body or not', async () => {
    using t = inProcessFake()
    await dirty(t)
    for (const headers of [
      {} as Record<string, string>,
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'multipart/form-data; boundary=x' },
    ]) {
      await refused(
        t,
        '/_sim/reset',
        { method: 'POST', headers },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        /Content-Type: application\/json even without a body/,
      )
    }
  })

  it('refuses a bodiless DELETE /_sim/faults and a form-encoded press of Export', async () => {
    using t = inProcessFake()
    await t.send(
      'PUT',
      '/_sim/faults',
      { seed: 's', rules: [{ target: 'http', route: 'GET /v3/export-jobs', status: 503 }] },
      {},
    )
    await refused(t, '/_sim/faults', { method: 'DELETE' }, 415, 'UNSUPPORTED_MEDIA_TYPE', /DELETE/)
    expect(t.fake.deps.faults?.getRules().rules).toHaveLength(1)
    await refused(
      t,
      '/_sim/export-jobs',
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: `{"companyId":"${t.companyId}"}`,
      },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /text\/plain/,
    )
  })

  it('answers bodiless state changes that say JSON, and reads without a content type', async () => {
    using t = inProcessFake()
    await dirty(t)
    const reset = await t.request('/_sim/reset', { method: 'POST', headers: json })
    expect(reset.status).toBe(200)
    expect((await t.request('/_sim/clock')).status).toBe(200)
  })
})

describe('the /docs page', () => {
  // Its try-it sends control requests from the fake's own origin; bodiless ones (reset, redeliver,
  // DELETE faults) must still say JSON, so its request interceptor adds the type.
  it('adds Content-Type: application/json to its bodiless control requests', async () => {
    using t = inProcessFake()
    const html = await (await t.request('/docs')).text()
    const source = /requestInterceptor: (\(request\) => \{[\s\S]*?\n {2}\}),\n\}\)/.exec(html)?.[1]
    expect(source).toBeDefined()
    type Request = { url: string; method: string; headers: Record<string, string> }
    const intercept = new Function('window', `return ${source ?? ''}`)({
      location: { href: 'http://127.0.0.1:4010/docs' },
    }) as (request: Request) => Request
    const reset = intercept({
      url: 'http://127.0.0.1:4010/_sim/reset',
      method: 'POST',
      headers: {},
    })
    expect(reset.headers).toEqual({ 'Content-Type': 'application/json' })
    const response = await t.request('/_sim/reset', {
      method: reset.method,
      headers: reset.headers,
    })
    expect(response.status).toBe(200)
    const read = intercept({ url: '/_sim/clock', method: 'GET', headers: {} })
    expect(read.headers).toEqual({})
    const pleo = intercept({ url: '/v3/export-jobs', method: 'POST', headers: {} })
    expect(pleo.headers).toEqual({})
  })
})
