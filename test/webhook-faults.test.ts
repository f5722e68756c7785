// Webhook faults end to end: rules set through PUT /_sim/faults reach the dispatcher of a fake on
// a port, delivering to a small receiver of its own on 127.0.0.1 (manual clock, one fresh fake
// per test). drop: nothing arrives, the attempt is recorded as failed with the fault, and the
// retry on the virtual clock arrives; duplicate: the same signed request arrives twice;
// bad-signature, stale-timestamp and wrong-secret: the request arrives and both svix and
// standardwebhooks refuse it (the next one, the rule spent, verifies); delay: it arrives, recorded
// with its drawn delay; an eventType rule leaves other event types alone. The deliveries journal
// names the fault of each attempt.
import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import { Webhook as SvixWebhook } from 'svix'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { FaultRule } from '@fake-pleo/contract'
import { startFakePleo } from './support/start-fake-pleo.ts'

type Received = { path: string; headers: Record<string, string>; body: string }
type Receiver = { url: string; at(path: string): Received[]; close(): Promise<void> }
type Delivery = {
  attempt: number
  eventType: string
  status: number | null
  error: string | null
  fault: string | null
}

/** A receiver on 127.0.0.1 that records every request and answers 204. */
async function startReceiver(): Promise<Receiver> {
  const received: Received[] = []
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve(
      {
        hostname: '127.0.0.1',
        port: 0,
        fetch: async (request) => {
          received.push({
            path: new URL(request.url).pathname,
            headers: Object.fromEntries(request.headers),
            body: await request.text(),
          })
          return new Response(null, { status: 204 })
        },
      },
      () => resolve(s),
    )
    s.once('error', reject)
  })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    at: (path) => received.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}

const missing: Received = { path: '', headers: {}, body: '' }

/** Both svix and standardwebhooks accept it. */
function verifyBoth(secret: string, request: Received = missing): void {
  expect(new SvixWebhook(secret).verify(request.body, request.headers)).toBeTruthy()
  expect(new StandardWebhook(secret).verify(request.body, request.headers)).toBeTruthy()
}

/** Both svix and standardwebhooks refuse it. */
function refusedByBoth(secret: string, request: Received = missing): void {
  expect(() => new SvixWebhook(secret).verify(request.body, request.headers)).toThrow()
  expect(() => new StandardWebhook(secret).verify(request.body, request.headers)).toThrow()
}

/** The fake's endpoints these tests use, over HTTP. */
function client(base: string, apiKey: string) {
  const auth = `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`
  const ok = async <T>(method: string, path: string, expected: number, body?: unknown) => {
    const headers: Record<string, string> = path.startsWith('/_sim') ? {} : { authorization: auth }
    if (body !== undefined) headers['content-type'] = 'application/json'
    const response = await fetch(new URL(path, base), {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    expect(response.status, `${method} ${path}: ${text}`).toBe(expected)
    return (text ? JSON.parse(text) : undefined) as T
  }
  return {
    ok,
    advance: (seconds: number) => ok('POST', '/_sim/clock/advance', 200, { seconds }),
    deliveries: async () =>
      (await ok<{ data: Delivery[] }>('GET', '/_sim/deliveries?limit=1000', 200)).data,
  }
}

let receiver: Receiver
const fakes: { stop(): Promise<void> }[] = []

beforeAll(async () => {
  receiver = await startReceiver()
})
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.stop()))
})
afterAll(async () => {
  await receiver.close()
})

let paths = 0
/** A fresh fake subscribed (to both event types) to a receiver path of its own, with `rules`. */
async function setup(rules: FaultRule[]) {
  const sim = await startFakePleo({ clock: 'manual' })
  fakes.push(sim)
  const api = client(sim.url, sim.apiKey)
  const path = `/faults/${++paths}`
  const subscribed = await api.ok<{ data: { id: string } }>('POST', '/v1/subscriptions', 200, {
    endpointUrl: `${receiver.url}${path}`,
    eventTypes: ['v1.export-job.created', 'v1.vendor.created'],
  })
  const { data: key } = await api.ok<{ data: { secretKey: string } }>(
    'GET',
    `/v1/subscriptions/${subscribed.data.id}/secret`,
    200,
  )
  const secret = key.secretKey
  await api.ok('PUT', '/_sim/faults', 200, { seed: 'e2e', rules })
  const press = async () => {
    await api.ok('POST', '/_sim/export-jobs', 201, { companyId: sim.companyId })
    await sim.dispatcher.idle()
  }
  return { sim, api, secret, press, got: () => receiver.at(path) }
}

describe('webhook faults from PUT /_sim/faults', () => {
  it('drop: nothing arrives, the attempt fails with the fault, the retry arrives', async () => {
    const { sim, api, secret, press, got } = await setup([
      { target: 'webhook', kind: 'drop', count: 1 },
    ])
    await press()
    expect(got()).toHaveLength(0)
    const [dropped] = await api.deliveries()
    expect(dropped).toMatchObject({
      attempt: 1,
      status: null,
      error: 'dropped by a fault',
      fault: 'drop (rule 0)',
    })
    await api.advance(5)
    await sim.dispatcher.idle()
    expect(got()).toHaveLength(1)
    verifyBoth(secret, got()[0])
    expect((await api.deliveries()).map((d) => [d.attempt, d.status, d.fault])).toEqual([
      [1, null, 'drop (rule 0)'],
      [2, 204, null],
    ])
  })

  it('duplicate: the same signed request arrives twice', async () => {
    const { api, secret, press, got } = await setup([{ target: 'webhook', kind: 'duplicate' }])
    await press()
    const [a, b] = got()
    expect(got()).toHaveLength(2)
    if (!a || !b) throw new Error('expected two requests')
    expect(b.body).toBe(a.body)
    expect(b.headers['webhook-id']).toBe(a.headers['webhook-id'])
    verifyBoth(secret, a)
    verifyBoth(secret, b)
    expect((await api.deliveries()).map((d) => [d.status, d.fault])).toEqual([
      [204, 'duplicate (rule 0)'],
    ])
  })

  for (const kind of ['bad-signature', 'stale-timestamp', 'wrong-secret'] as const) {
    it(`${kind}: the request arrives and both libraries refuse it`, async () => {
      const { api, secret, press, got } = await setup([{ target: 'webhook', kind, count: 1 }])
      await press()
      await press()
      const [faulted, clean] = got()
      expect(got()).toHaveLength(2)
      if (!faulted || !clean) throw new Error('expected two requests')
      refusedByBoth(secret, faulted)
      verifyBoth(secret, clean)
      expect((await api.deliveries()).map((d) => d.fault)).toEqual([`${kind} (rule 0)`, null])
    })
  }

  it('delay: the request arrives, recorded with the drawn delay', async () => {
    const { api, secret, press, got } = await setup([
      { target: 'webhook', kind: 'delay', delayMs: [5, 15] },
    ])
    await press()
    expect(got()).toHaveLength(1)
    verifyBoth(secret, got()[0])
    const [delivery] = await api.deliveries()
    expect(delivery?.status).toBe(204)
    const ms = Number(/^delay=(\d+)ms \(rule 0\)$/.exec(delivery?.fault ?? '')?.[1])
    expect(ms).toBeGreaterThanOrEqual(5)
    expect(ms).toBeLessThanOrEqual(15)
  })

  it('an eventType rule leaves other event types alone', async () => {
    const { sim, api, press, got } = await setup([
      { target: 'webhook', kind: 'drop', eventType: 'v1.vendor.created' },
    ])
    await press()
    await api.ok('POST', '/_sim/vendors', 201, { companyId: sim.companyId })
    await sim.dispatcher.idle()
    expect(got().map((r) => (JSON.parse(r.body) as { eventType: string }).eventType)).toEqual([
      'v1.export-job.created',
    ])
    expect((await api.deliveries()).map((d) => [d.eventType, d.fault])).toEqual([
      ['v1.export-job.created', null],
      ['v1.vendor.created', 'drop (rule 0)'],
    ])
  })
})
