// Webhook timestamps against a receiver's own clock, over real HTTP to a receiver on 127.0.0.1.
// By default `webhook-timestamp` is real time, so a correct integration (svix and standardwebhooks
// with their default 5-minute tolerance, and the client's verifyWebhook, all on the real clock)
// accepts deliveries however far the virtual clock was moved: after an hour (the regression),
// after a day, with a manual or a system clock, on the first attempt and on a retry that the
// virtual clock made due. With `webhookTimestamps: 'virtual'` the timestamp is the virtual clock's,
// and the stale-timestamp fault is refused under both modes by a receiver on the matching clock.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startFakePleo, type FakePleoOptions } from '@fake-pleo/server'
import { verifyWebhook } from '@fake-pleo/client'
import {
  fakeClient,
  noContent,
  refusedByBoth,
  startReceiver,
  status,
  verifyBoth,
  type Received,
  type Receiver,
} from './webhook-receiver.ts'

let receiver: Receiver
const fakes: { stop(): Promise<void> }[] = []

beforeAll(async () => {
  receiver = await startReceiver()
})
afterEach(async () => {
  vi.useRealTimers()
  await Promise.all(fakes.splice(0).map((fake) => fake.stop()))
  receiver.respondWith(noContent)
})
afterAll(async () => {
  await receiver.close()
})

let paths = 0
/** A fresh fake with `options`, subscribed to a receiver path of its own. */
async function setup(options: FakePleoOptions = {}) {
  const sim = await startFakePleo({ clock: 'manual', ...options })
  fakes.push(sim)
  const api = fakeClient(sim.url, sim.apiKey)
  const path = `/timestamps/${++paths}`
  const { secret } = await api.subscribe({ endpointUrl: `${receiver.url}${path}` })
  const press = async () => {
    const job = await api.pressExport(sim.companyId)
    await sim.dispatcher.idle()
    return job
  }
  const advance = async (seconds: number) => {
    const { data } = await api.advance(seconds)
    await sim.dispatcher.idle()
    return data.nowMs
  }
  return { sim, api, secret, press, advance, got: () => receiver.at(path) }
}

/** Every verifier a correct integration might use, each on the real clock and its defaults. */
function acceptedOnTheRealClock(secret: string, request: Received) {
  const payload = verifyBoth(secret, request) as { data: { id: string }; eventType: string }
  expect(verifyWebhook(request.body, request.headers, secret)).toEqual({ ok: true, payload })
  return payload
}

describe('webhook-timestamp is real time by default', () => {
  it('a correct integration rejected every webhook after POST /_sim/clock/advance {"seconds": 3600} (regression)', async () => {
    const t = await setup()
    await t.advance(3600)
    const job = await t.press()
    const [delivery] = t.got()
    if (!delivery) throw new Error('no delivery arrived')
    const payload = acceptedOnTheRealClock(t.secret, delivery)
    expect(payload.data.id).toBe(job.id)
  })

  it.each(['manual', 'system'] as const)(
    'after advancing the %s clock by a day, a delivery verifies on the real clock with default tolerance',
    async (clock) => {
      const t = await setup({ clock })
      const before = Date.now()
      const virtualNow = await t.advance(86_400)
      await t.press()
      const after = Date.now()
      const [delivery] = t.got()
      if (!delivery) throw new Error('no delivery arrived')
      const stamp = Number(delivery.headers['webhook-timestamp'])
      expect(stamp).toBeGreaterThanOrEqual(Math.floor(before / 1000))
      expect(stamp).toBeLessThanOrEqual(Math.ceil(after / 1000))
      expect(virtualNow / 1000 - stamp).toBeGreaterThan(86_000)
      acceptedOnTheRealClock(t.secret, delivery)
      // The journal keeps the virtual clock: the attempt happened a day ahead of real time.
      const [attempt] = await t.api.deliveries()
      expect(Date.parse(attempt?.at ?? '')).toBeGreaterThanOrEqual(virtualNow)
    },
  )

  it('a retry made due by the virtual clock, a day ahead, is stamped and verified with real time', async () => {
    const t = await setup()
    await t.advance(86_400)
    receiver.respondWith(status(500))
    const t0 = (await t.api.clock()).nowMs
    await t.press()
    receiver.respondWith(noContent)
    await t.advance(4)
    expect(t.got(), 'not due yet on the virtual clock').toHaveLength(1)
    await t.advance(1)
    expect(t.got(), 'due 5 s later on the virtual clock').toHaveLength(2)
    const attempts = await t.api.deliveries()
    expect(attempts.map((d) => [d.attempt, Date.parse(d.at) - t0, d.status])).toEqual([
      [1, 0, 500],
      [2, 5000, 204],
    ])
    const [first, retry] = t.got()
    if (!first || !retry) throw new Error('expected two requests')
    expect(retry.headers['webhook-id']).toBe(first.headers['webhook-id'])
    acceptedOnTheRealClock(t.secret, retry)
  })

  it('the stale-timestamp fault is refused by receivers on the real clock', async () => {
    const t = await setup()
    await t.advance(86_400)
    await t.api.ok('PUT', '/_sim/faults', 200, {
      seed: 'stale',
      rules: [{ target: 'webhook', kind: 'stale-timestamp', count: 1 }],
    })
    await t.press()
    const [stale] = t.got()
    if (!stale) throw new Error('no delivery arrived')
    expect(refusedByBoth(t.secret, stale)).toEqual([
      'Message timestamp too old',
      'Message timestamp too old',
    ])
    expect(verifyWebhook(stale.body, stale.headers, t.secret)).toMatchObject({ ok: false })
  })
})

describe("webhookTimestamps: 'virtual'", () => {
  it('stamps deliveries with the virtual clock, which a receiver on the real clock refuses', async () => {
    const t = await setup({ webhookTimestamps: 'virtual' })
    const virtualNow = await t.advance(86_400)
    await t.press()
    const [delivery] = t.got()
    if (!delivery) throw new Error('no delivery arrived')
    expect(Number(delivery.headers['webhook-timestamp'])).toBe(Math.floor(virtualNow / 1000))
    expect(refusedByBoth(t.secret, delivery)).toEqual([
      'Message timestamp too new',
      'Message timestamp too new',
    ])
    // A receiver whose clock is the fake's virtual one accepts it (a fully simulated run).
    expect(
      verifyWebhook(delivery.body, delivery.headers, t.secret, { now: () => virtualNow }).ok,
    ).toBe(true)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(virtualNow)
    verifyBoth(t.secret, delivery)
  })

  it('the stale-timestamp fault is refused by receivers on the virtual clock', async () => {
    const t = await setup({ webhookTimestamps: 'virtual' })
    const virtualNow = await t.advance(3600)
    await t.api.ok('PUT', '/_sim/faults', 200, {
      seed: 'stale',
      rules: [{ target: 'webhook', kind: 'stale-timestamp', count: 1 }],
    })
    await t.press()
    const [stale] = t.got()
    if (!stale) throw new Error('no delivery arrived')
    const result = verifyWebhook(stale.body, stale.headers, t.secret, { now: () => virtualNow })
    expect(result).toEqual({ ok: false, reason: 'timestamp is too old (360 s)' })
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(virtualNow)
    expect(refusedByBoth(t.secret, stale)).toEqual([
      'Message timestamp too old',
      'Message timestamp too old',
    ])
  })
})
