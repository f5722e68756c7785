// Webhook retries on the virtual clock, over real HTTP to a local receiver, one fresh in-process
// fake with a manual clock per test. A receiver answering 500 gets attempts exactly on Svix's
// schedule (t0, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the attempt before): the clock
// is advanced to one second before each due time (nothing goes out) and then onto it (exactly one
// attempt, recorded in /_sim/deliveries with its number and `at`), each attempt with the same
// webhook-id and the same body bytes, stamped with real time so it verifies however far the clock
// moved; after 8 failures nothing more is sent. A 2xx stops retries, as does
// `webhook-delivery: abort-message` and deleting the subscription. Advancing the clock by
// five minutes sends every due retry at once, once. Redeliver sends a message again with its
// webhook-id. A receiver that never answers hits the timeout (200 ms here) and is retried.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startFakePleo } from '@fake-pleo/server'
import {
  fakeClient,
  noContent,
  status,
  startReceiver,
  verifyBoth,
  type Delivery,
  type Receiver,
  type Responder,
} from './webhook-receiver.ts'

const schedule = [0, 5, 300, 1800, 7200, 18000, 36000, 36000]

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
/** A fresh fake (manual clock), a subscription to a path of its own, answered by `respond`. */
async function setup(respond: Responder, options: { webhookTimeoutMs?: number } = {}) {
  const sim = await startFakePleo({ clock: 'manual', ...options })
  fakes.push(sim)
  const api = fakeClient(sim.url, sim.apiKey)
  const path = `/retries/${++paths}`
  receiver.respondWith((request) => (request.path === path ? respond(request) : noContent()))
  const { subscription, secret } = await api.subscribe({ endpointUrl: `${receiver.url}${path}` })
  /** Moves the clock and waits until everything due has gone out and been recorded. */
  const advance = async (seconds: number) => {
    await api.advance(seconds)
    await sim.dispatcher.idle()
  }
  const press = async () => {
    const job = await api.pressExport(sim.companyId)
    await sim.dispatcher.idle()
    return job
  }
  const got = () => receiver.at(path)
  const now = async () => (await api.clock()).nowMs
  return { sim, api, subscription, secret, advance, press, got, now }
}

const summary = (d: Delivery) => ({
  attempt: d.attempt,
  at: Date.parse(d.at),
  status: d.status,
  webhookId: d.webhookId,
})

describe('a failing endpoint', () => {
  it('is retried exactly on the schedule, never a second early, then given up on', async () => {
    const t = await setup(status(500))
    const t0 = await t.now()
    await t.press()
    expect(t.got()).toHaveLength(1)
    const first = t.got()[0]!
    const webhookId = first.headers['webhook-id']
    verifyBoth(t.secret, first)

    let due = t0
    for (const [i, delay] of schedule.entries()) {
      if (i === 0) continue
      due += delay * 1000
      // One second before it is due: nothing goes out.
      await t.advance(delay - 1)
      expect(await t.now()).toBe(due - 1000)
      expect(t.got(), `attempt ${i + 1} one second early`).toHaveLength(i)
      expect(await t.api.deliveries()).toHaveLength(i)
      // On the second: exactly one attempt, the next number, at the due time.
      await t.advance(1)
      expect(t.got(), `attempt ${i + 1}`).toHaveLength(i + 1)
      const deliveries = await t.api.deliveries()
      expect(deliveries).toHaveLength(i + 1)
      expect(summary(deliveries.at(-1)!)).toEqual({
        attempt: i + 1,
        at: due,
        status: 500,
        webhookId,
      })
      // The same message: same webhook-id, same body bytes, signed at the attempt's real time
      // (the schedule is virtual, the timestamp is not), so it verifies however far the clock
      // moved.
      const request = t.got().at(-1)!
      expect(request.headers['webhook-id']).toBe(webhookId)
      expect(request.bytes.equals(first.bytes)).toBe(true)
      const stamp = Number(request.headers['webhook-timestamp'])
      expect(Math.abs(stamp - request.receivedAt / 1000)).toBeLessThanOrEqual(2)
      verifyBoth(t.secret, request)
    }

    // Eight attempts: the 2 h + 5 h + 10 h + 10 h schedule is spent; nothing more, ever.
    const deliveries = await t.api.deliveries()
    expect(deliveries.map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(deliveries.map((d) => d.error)).toEqual(Array(8).fill('endpoint answered 500'))
    expect(deliveries.map((d) => Date.parse(d.at) - t0)).toEqual([
      0, 5_000, 305_000, 2_105_000, 9_305_000, 27_305_000, 63_305_000, 99_305_000,
    ])
    for (const step of [36_000, 86_400, 10 * 86_400]) await t.advance(step)
    expect(t.got()).toHaveLength(8)
    expect(await t.api.deliveries()).toHaveLength(8)
  })

  it('a 2xx stops the retries', async () => {
    let calls = 0
    const t = await setup(() => (++calls < 3 ? status(503)() : new Response('ok')))
    await t.press()
    await t.advance(5)
    await t.advance(300)
    expect((await t.api.deliveries()).map((d) => [d.attempt, d.status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ])
    for (const step of [1800, 7200, 86_400, 10 * 86_400]) await t.advance(step)
    expect(t.got()).toHaveLength(3)
    expect(await t.api.deliveries()).toHaveLength(3)
  })

  it('`webhook-delivery: abort-message` stops the retries', async () => {
    let calls = 0
    const t = await setup(() =>
      ++calls === 1 ? status(500)() : status(400, { 'webhook-delivery': 'abort-message' })(),
    )
    await t.press()
    await t.advance(5)
    expect((await t.api.deliveries()).map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 400],
    ])
    for (const step of [300, 1800, 86_400, 10 * 86_400]) await t.advance(step)
    expect(t.got()).toHaveLength(2)
    expect(await t.api.deliveries()).toHaveLength(2)
  })

  it('deleting the subscription stops the retries (nothing more is POSTed)', async () => {
    const t = await setup(status(500))
    await t.press()
    await t.api.ok('DELETE', `/v1/subscriptions/${t.subscription.id}`, 204)
    await t.advance(5)
    for (const step of [300, 86_400, 10 * 86_400]) await t.advance(step)
    expect(t.got()).toHaveLength(1)
    const deliveries = await t.api.deliveries()
    expect(deliveries.map((d) => [d.attempt, d.status, d.error])).toEqual([
      [1, 500, 'endpoint answered 500'],
      [2, null, 'subscription deleted or inactive'],
    ])
  })

  it('advancing the clock by 5 minutes sends every due retry at once, once', async () => {
    const t = await setup(status(500))
    const t0 = await t.now()
    await t.press()
    await t.advance(1)
    await t.press()
    await t.advance(1)
    await t.press()
    expect(t.got()).toHaveLength(3)
    const ids = t.got().map((r) => r.headers['webhook-id'])
    expect(new Set(ids).size).toBe(3)

    // Their second attempts were due at t0+5, t0+6, t0+7: all go out now, at t0+302.
    await t.advance(300)
    expect(t.got()).toHaveLength(6)
    const second = (await t.api.deliveries()).slice(3).map(summary)
    expect(second.map((d) => d.attempt)).toEqual([2, 2, 2])
    expect(second.map((d) => d.at)).toEqual(Array(3).fill(t0 + 302_000))
    expect(second.map((d) => d.webhookId).sort()).toEqual([...ids].sort())

    // The third attempts are due five minutes after the late second ones, not before.
    await t.advance(299)
    expect(t.got()).toHaveLength(6)
    await t.advance(1)
    const third = (await t.api.deliveries()).slice(6).map(summary)
    expect(third.map((d) => [d.attempt, d.at])).toEqual(Array(3).fill([3, t0 + 602_000]))
    expect(t.got()).toHaveLength(9)
  })
})

describe('redeliver', () => {
  it('sends a delivered message again with the same webhook-id and body', async () => {
    const t = await setup(noContent)
    await t.press()
    const [delivery] = await t.api.deliveries()
    expect(delivery!.status).toBe(204)

    const answer = await t.api.ok<{ data: { webhookId: string } }>(
      'POST',
      `/_sim/deliveries/${delivery!.id}/redeliver`,
      202,
    )
    expect(answer.data.webhookId).toBe(delivery!.webhookId)
    await t.sim.dispatcher.idle()

    const [first, again] = t.got()
    expect(t.got()).toHaveLength(2)
    expect(again!.headers['webhook-id']).toBe(first!.headers['webhook-id'])
    expect(again!.bytes.equals(first!.bytes)).toBe(true)
    verifyBoth(t.secret, again!)
    const deliveries = await t.api.deliveries()
    expect(deliveries.map((d) => [d.webhookId, d.attempt, d.status])).toEqual([
      [delivery!.webhookId, 1, 204],
      [delivery!.webhookId, 2, 204],
    ])
    // Nothing else follows.
    await t.advance(86_400)
    expect(t.got()).toHaveLength(2)
    await t.api.ok('POST', '/_sim/deliveries/999999/redeliver', 404)
  })

  it('sends a message that was given up on once more, without a new round of retries', async () => {
    const t = await setup(status(500))
    await t.press()
    for (const delay of schedule.slice(1)) await t.advance(delay)
    expect(t.got()).toHaveLength(8)
    const last = (await t.api.deliveries()).at(-1)!
    expect(last.attempt).toBe(8)

    await t.api.ok('POST', `/_sim/deliveries/${last.id}/redeliver`, 202)
    await t.sim.dispatcher.idle()
    expect(t.got()).toHaveLength(9)
    expect(t.got()[8]!.headers['webhook-id']).toBe(last.webhookId)
    for (const step of [5, 300, 86_400, 10 * 86_400]) await t.advance(step)
    expect(t.got()).toHaveLength(9)
  })
})

describe('an endpoint that never answers', () => {
  it('times out (webhookTimeoutMs) and is retried on the schedule', async () => {
    // Never answers; only the dispatcher's timeout ends each attempt. (No attempt here is meant
    // to succeed: on a loaded machine even a local answer could take longer than 200 ms.)
    const t = await setup(() => 'hang', { webhookTimeoutMs: 200 })
    const t0 = await t.now()
    await t.press()
    expect(t.got()).toHaveLength(1)
    await t.advance(4)
    expect(t.got()).toHaveLength(1)
    await t.advance(1)
    expect(t.got()).toHaveLength(2)

    const deliveries = await t.api.deliveries()
    expect(deliveries.map((d) => [d.attempt, Date.parse(d.at) - t0, d.status, d.error])).toEqual([
      [1, 0, null, 'no answer within 200 ms'],
      [2, 5_000, null, 'no answer within 200 ms'],
    ])
    const [first, second] = t.got()
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id'])
    expect(second!.bytes.equals(first!.bytes)).toBe(true)
    // The third attempt is due 300 s after the second, not before.
    await t.advance(299)
    expect(t.got()).toHaveLength(2)
    await t.advance(1)
    expect(t.got()).toHaveLength(3)
    expect((await t.api.deliveries()).at(-1)).toMatchObject({ attempt: 3, status: null })
  })
})
