// Regressions for "webhook targets": bound beyond loopback, a subscription to a link-local or
// cloud-metadata endpoint (create or update) answers 400 naming the host and --allow-webhook-target,
// and stores nothing; the option lets a named host through; loopback endpoints always work, and
// on a loopback bind nothing is refused. A company may keep only so many live subscriptions.
// And the fake refuses to be created beyond loopback without an admin token.
import { describe, expect, it } from 'vitest'
import { createFakePleo } from '../src/index.ts'
import { inProcessFake } from './helpers.ts'

type Fake = ReturnType<typeof inProcessFake>

const exposed = { host: '0.0.0.0', adminToken: 'admin' }

const subscribe = (t: Fake, endpointUrl: string) =>
  t.send('POST', '/v1/subscriptions', { endpointUrl, eventTypes: ['v1.export-job.created'] })

const stored = (t: Fake) => t.store.snapshot().subscriptions ?? []

describe('webhook targets beyond loopback', () => {
  it('refuses link-local and metadata endpoints and stores nothing', async () => {
    using t = inProcessFake(exposed)
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]:8080/hook',
      'http://metadata.google.internal/computeMetadata/v1/',
    ]) {
      const response = await subscribe(t, url)
      expect(response.status, url).toBe(400)
      const body = (await response.json()) as { type: string; message: string }
      expect(body.type).toBe('BAD_REQUEST')
      expect(body.message).toMatch(/--allow-webhook-target/)
    }
    expect(stored(t)).toEqual([])
  })

  it('refuses moving an existing subscription onto a metadata address', async () => {
    using t = inProcessFake(exposed)
    const created = await subscribe(t, 'http://127.0.0.1:9999/hook')
    expect(created.status).toBe(200)
    const { data } = (await created.json()) as { data: { id: string } }
    const moved = await t.send('PUT', `/v1/subscriptions/${data.id}`, {
      endpointUrl: 'http://169.254.169.254/',
      eventTypes: ['v1.export-job.created'],
    })
    expect(moved.status).toBe(400)
    expect(stored(t).map((s) => s.endpoint_url)).toEqual(['http://127.0.0.1:9999/hook'])
  })

  it('keeps loopback and ordinary endpoints, and lets --allow-webhook-target through', async () => {
    using t = inProcessFake({ ...exposed, allowWebhookTargets: ['169.254.10.2'] })
    for (const url of [
      'http://127.0.0.1:9999/hook',
      'http://localhost:9999/hook',
      'https://hooks.example.test/in',
      'http://10.0.0.8/hook',
      'http://169.254.10.2/hook',
    ]) {
      expect((await subscribe(t, url)).status, url).toBe(200)
    }
    expect(stored(t)).toHaveLength(5)
  })

  it('refuses nothing on a loopback bind', async () => {
    using t = inProcessFake()
    expect((await subscribe(t, 'http://169.254.169.254/')).status).toBe(200)
  })

  it('refuses --webhook targets at start beyond loopback', () => {
    expect(() =>
      createFakePleo({ ...exposed, seed: 'demo', webhooks: ['http://169.254.169.254/'] }),
    ).toThrow(/link-local or cloud-metadata/)
  })
})

describe('subscriptions per company', () => {
  it('caps live subscriptions; a deleted one frees its place', async () => {
    using t = inProcessFake({ subscriptionLimit: 2 })
    const ids: string[] = []
    for (const port of [9001, 9002]) {
      const response = await subscribe(t, `http://127.0.0.1:${port}/hook`)
      ids.push(((await response.json()) as { data: { id: string } }).data.id)
    }
    const third = await subscribe(t, 'http://127.0.0.1:9003/hook')
    expect(third.status).toBe(400)
    expect(((await third.json()) as { message: string }).message).toMatch(/already has 2/)
    expect(stored(t)).toHaveLength(2)
    await t.request(`/v1/subscriptions/${ids[0]}`, { method: 'DELETE', headers: t.auth })
    expect((await subscribe(t, 'http://127.0.0.1:9003/hook')).status).toBe(200)
  })
})

describe('an open control API', () => {
  it('refuses to create a fake beyond loopback without an admin token', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'sandbox.lan']) {
      expect(() => createFakePleo({ host }), host).toThrow(/--admin-token/)
    }
    expect(() => createFakePleo({ host: 'localhost' }).close()).not.toThrow()
    expect(() => createFakePleo({ host: '0.0.0.0', adminToken: 't' }).close()).not.toThrow()
  })
})
