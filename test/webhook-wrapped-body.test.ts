// `webhookBody: 'wrapped'` (serve --webhook-body wrapped), over real HTTP to a receiver on
// 127.0.0.1: the body is the doc example's literal shape, {"webhook-id", "webhook-timestamp",
// "webhook-signature", "payload": {data, eventId, eventType}}, with the same headers. svix and
// standardwebhooks verify the raw bytes with the headers; the body's own id and timestamp are the
// headers'; its "webhook-signature" is the signature of the payload's exact bytes (it cannot be
// the signature of the body it sits in), so the payload alone verifies with it; a retry is the same
// message stamped and signed afresh; a bad-signature fault is refused; the default stays plain.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startFakePleo, type FakePleoOptions } from '@fake-pleo/server'
import { wrappedWebhookBodySchema } from '@fake-pleo/contract'
import {
  fakeClient,
  noContent,
  refusedByBoth,
  startReceiver,
  status,
  verifyBoth,
  type Receiver,
} from './webhook-receiver.ts'

let receiver: Receiver
const fakes: { stop(): Promise<void> }[] = []

beforeAll(async () => {
  receiver = await startReceiver()
})
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.stop()))
  receiver.respondWith(noContent)
})
afterAll(async () => {
  await receiver.close()
})

let paths = 0
async function setup(options: FakePleoOptions = { webhookBody: 'wrapped' }) {
  const sim = await startFakePleo({ clock: 'manual', ...options })
  fakes.push(sim)
  const api = fakeClient(sim.url, sim.apiKey)
  const path = `/wrapped/${++paths}`
  const { secret } = await api.subscribe({ endpointUrl: `${receiver.url}${path}` })
  const press = async () => {
    const job = await api.pressExport(sim.companyId)
    await sim.dispatcher.idle()
    return job
  }
  return { sim, api, secret, press, got: () => receiver.at(path) }
}

describe("webhookBody: 'wrapped'", () => {
  it('sends the literal wrapped shape, verifiable over the raw bytes with the headers', async () => {
    const t = await setup()
    const job = await t.press()
    const [delivery] = t.got()
    if (!delivery) throw new Error('no delivery arrived')
    expect(delivery.headers['content-type']).toBe('application/json')
    const verified = wrappedWebhookBodySchema.strict().parse(verifyBoth(t.secret, delivery))
    expect(Object.keys(JSON.parse(delivery.body) as object)).toEqual([
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
      'payload',
    ])
    expect(verified['webhook-id']).toBe(delivery.headers['webhook-id'])
    expect(verified['webhook-id']).toMatch(/^msg_/)
    expect(verified['webhook-timestamp']).toBe(Number(delivery.headers['webhook-timestamp']))
    expect(verified.payload).toEqual({
      data: expect.objectContaining({ id: job.id, status: 'pending' }),
      eventId: expect.any(String),
      eventType: 'v1.export-job.created',
    })
    // The header signs the whole body; the body's field cannot be that signature.
    expect(verified['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/)
    expect(verified['webhook-signature']).not.toBe(delivery.headers['webhook-signature'])
  })

  it("the body's webhook-signature signs the payload's exact bytes (what the plain body would be)", async () => {
    const t = await setup()
    await t.press()
    const [delivery] = t.got()
    if (!delivery) throw new Error('no delivery arrived')
    const body = wrappedWebhookBodySchema.parse(JSON.parse(delivery.body))
    const payloadBytes = /,"payload":(.*)\}$/s.exec(delivery.body)?.[1] ?? ''
    expect(JSON.parse(payloadBytes)).toEqual(body.payload)
    const inner = {
      body: payloadBytes,
      headers: {
        'webhook-id': body['webhook-id'],
        'webhook-timestamp': String(body['webhook-timestamp']),
        'webhook-signature': body['webhook-signature'],
      },
    }
    expect(verifyBoth(t.secret, inner)).toEqual(body.payload)
    // …and only those bytes: the whole body does not verify with it.
    refusedByBoth(t.secret, { body: delivery.body, headers: inner.headers })
  })

  it('a retry is the same message (id, payload bytes), stamped and signed afresh', async () => {
    const t = await setup()
    receiver.respondWith(status(500))
    await t.press()
    receiver.respondWith(noContent)
    await t.api.advance(5)
    await t.sim.dispatcher.idle()
    const [first, retry] = t.got()
    if (!first || !retry) throw new Error('expected two requests')
    const a = wrappedWebhookBodySchema.parse(verifyBoth(t.secret, first))
    const b = wrappedWebhookBodySchema.parse(verifyBoth(t.secret, retry))
    expect(b['webhook-id']).toBe(a['webhook-id'])
    expect(b.payload).toEqual(a.payload)
    expect((await t.api.deliveries()).map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 204],
    ])
  })

  it('a bad-signature fault is refused by both libraries', async () => {
    const t = await setup()
    await t.api.ok('PUT', '/_sim/faults', 200, {
      seed: 'w',
      rules: [{ target: 'webhook', kind: 'bad-signature', count: 1 }],
    })
    await t.press()
    await t.press()
    const [faulted, clean] = t.got()
    if (!faulted || !clean) throw new Error('expected two requests')
    refusedByBoth(t.secret, faulted)
    verifyBoth(t.secret, clean)
  })

  it('the default stays {data, eventId, eventType}', async () => {
    const t = await setup({})
    await t.press()
    const [delivery] = t.got()
    if (!delivery) throw new Error('no delivery arrived')
    expect(Object.keys(verifyBoth(t.secret, delivery) as object)).toEqual([
      'data',
      'eventId',
      'eventType',
    ])
  })
})
