// The deliveries journal: each attempt is a row with its attempt number, the virtual time it
// went out, the endpoint's status, and when its message was queued (the same for every retry of
// one message). The endpoint here is an injected fetch that fails once, then accepts.
import { describe, expect, it } from 'vitest'
import { inProcessFake } from './helpers.ts'

type Delivery = {
  webhookId: string
  attempt: number
  at: string
  status: number | null
  queuedAt: string
}

describe('GET /_sim/deliveries', () => {
  it('records every attempt with the time its message was queued', async () => {
    let calls = 0
    const webhookFetch: typeof fetch = async () => {
      calls++
      return new Response(null, { status: calls === 1 ? 503 : 204 })
    }
    using t = inProcessFake({ webhookFetch })
    const sub = await t.send('POST', '/v1/subscriptions', {
      endpointUrl: 'http://127.0.0.1:9/hooks',
      eventTypes: ['v1.export-job.created'],
    })
    expect(sub.status).toBe(200)
    const queued = t.fake.deps.clock.now()
    await t.control.pressExport()
    await t.fake.dispatcher.idle()
    await t.control.advance(5)
    await t.fake.dispatcher.idle()
    const { data } = (await (await t.get('/_sim/deliveries', {})).json()) as { data: Delivery[] }
    expect(data.map((d) => [d.attempt, d.status])).toEqual([
      [1, 503],
      [2, 204],
    ])
    expect(new Set(data.map((d) => d.webhookId)).size).toBe(1)
    expect(data.map((d) => Date.parse(d.queuedAt))).toEqual([queued, queued])
    expect(data.map((d) => Date.parse(d.at))).toEqual([queued, queued + 5000])
  })
})

describe('webhookDelivery: off', () => {
  it('queues messages but sends them only when the test ticks the dispatcher', async () => {
    let calls = 0
    const webhookFetch: typeof fetch = async () => {
      calls++
      return new Response(null, { status: 204 })
    }
    using t = inProcessFake({ webhookFetch, webhookDelivery: 'off' })
    await t.send('POST', '/v1/subscriptions', {
      endpointUrl: 'http://127.0.0.1:9/hooks',
      eventTypes: ['v1.export-job.created'],
    })
    await t.control.pressExport()
    await t.control.advance(60)
    expect(calls).toBe(0)
    expect(t.store.snapshot().outbox).toEqual([expect.objectContaining({ state: 'pending' })])
    await t.fake.dispatcher.tick()
    expect(calls).toBe(1)
    expect(t.store.webhooks.listDeliveries(0, 10)).toEqual([
      expect.objectContaining({ attempt: 1, status: 204 }),
    ])
  })
})

describe('redirects', () => {
  it('count as a failed attempt and are not followed', async () => {
    const seen: RequestInit[] = []
    const webhookFetch: typeof fetch = async (_url, init) => {
      seen.push(init ?? {})
      return new Response(null, { status: 302, headers: { location: 'http://127.0.0.1:9/x' } })
    }
    using t = inProcessFake({ webhookFetch })
    await t.send('POST', '/v1/subscriptions', {
      endpointUrl: 'http://127.0.0.1:9/hooks',
      eventTypes: ['v1.export-job.created'],
    })
    await t.control.pressExport()
    await t.fake.dispatcher.idle()
    expect(seen.map((init) => init.redirect)).toEqual(['manual'])
    expect(t.store.webhooks.listDeliveries(0, 10)).toEqual([
      expect.objectContaining({ attempt: 1, status: 302, error: 'endpoint answered 302' }),
    ])
    expect(t.store.snapshot().outbox).toEqual([expect.objectContaining({ state: 'pending' })])
  })
})
