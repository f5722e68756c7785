// The webhook outbox survives kill -9 of the real `fake-pleo serve --db FILE --clock manual`
// process. A local receiver answers 500; Export is pressed a few times, so every message has one
// failed attempt and a retry due 5 s later on the virtual clock; the server is killed with SIGKILL
// before that. A new process on the same file keeps the virtual clock (persisted even though it
// was never moved) and the journal; advancing the clock then sends every pending message exactly
// once more per schedule: attempt 2 at t0+5 s, attempt 3 at t0+305 s, each with its webhook-id,
// counted per webhook-id on the receiver and in /_sim/deliveries. None lost, none doubled: after a
// graceful stop, a third process on the file shows exactly the same journal and sends nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from './support/eventually.ts'
import { killAllCli, startServe, tempDir, type Banner } from './cli-process.ts'
import {
  fakeClient,
  startReceiver,
  status,
  verifyBoth,
  type Delivery,
  type Receiver,
} from './webhook-receiver.ts'

const temp = tempDir('fake-pleo-outbox-')
let receiver: Receiver
let answer = 500

beforeAll(async () => {
  receiver = await startReceiver(() => status(answer)())
})
afterAll(async () => {
  await killAllCli()
  await receiver.close()
  temp.remove()
})

const serveArgs = (db: string) => ['--db', db, '--clock', 'manual', '--quiet']

/** webhook-id → attempt numbers in the journal. */
const attemptsById = (deliveries: Delivery[]) => {
  const byId = new Map<string, number[]>()
  for (const d of deliveries) byId.set(d.webhookId, [...(byId.get(d.webhookId) ?? []), d.attempt])
  return Object.fromEntries([...byId].sort())
}

/** webhook-id → requests the receiver got. */
const receiptsById = () => {
  const counts = new Map<string, number>()
  for (const r of receiver.received) {
    const id = r.headers['webhook-id'] ?? ''
    counts.set(id, (counts.get(id) ?? 0) + 1)
  }
  return Object.fromEntries([...counts].sort())
}

describe('the outbox across kill -9', () => {
  it('sends every pending message exactly once more per schedule after a restart', async () => {
    const db = `${temp.dir}/outbox.db`
    const one = await startServe(serveArgs(db))
    const banner: Banner = one.banner
    expect(banner.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const api = fakeClient(banner.url, banner.apiKey)
    const { secret } = await api.subscribe({ endpointUrl: `${receiver.url}/outbox` })
    const t0 = (await api.clock()).nowMs

    const jobs: string[] = []
    for (let i = 0; i < 4; i++) jobs.push((await api.pressExport(banner.companyId)).id)
    // Every first attempt has been made and recorded: four failures, retries due at t0+5 s.
    const first = await eventually('four first attempts', api.deliveries, (d) => d.length >= 4)
    expect(first.map((d) => [d.attempt, Date.parse(d.at), d.status])).toEqual(
      Array(4).fill([1, t0, 500]),
    )
    expect(receiver.received).toHaveLength(4)
    const ids = Object.keys(attemptsById(first))
    expect(ids).toHaveLength(4)
    const bodies = new Map(receiver.received.map((r) => [r.headers['webhook-id'], r.bytes]))
    expect(
      receiver.received.map((r) => (verifyBoth(secret, r) as { data: { id: string } }).data.id),
    ).toEqual(jobs)

    // Crash with four messages pending.
    expect(await one.cli.crash()).toEqual({ code: null, signal: 'SIGKILL' })

    const two = await startServe(serveArgs(db))
    const again = fakeClient(two.banner.url, two.banner.apiKey)
    expect(two.banner.apiKey).toBe(banner.apiKey)
    // The virtual clock did not move across the restart, and the journal is intact.
    expect((await again.clock()).nowMs).toBe(t0)
    expect(await again.deliveries()).toEqual(first)

    // 4 s: nothing is due yet. 1 s more: each message's second attempt, at exactly t0+5 s.
    await again.advance(4)
    await again.advance(1)
    const second = await eventually('four second attempts', again.deliveries, (d) => d.length >= 8)
    expect(second.slice(4).map((d) => [d.attempt, Date.parse(d.at), d.status])).toEqual(
      Array(4).fill([2, t0 + 5_000, 500]),
    )
    expect(attemptsById(second)).toEqual(Object.fromEntries(ids.map((id) => [id, [1, 2]])))
    expect(receiptsById()).toEqual(Object.fromEntries(ids.map((id) => [id, 2])))

    // The third attempt, 300 s after the second, is answered 204: every message delivered.
    answer = 204
    await again.advance(299)
    await again.advance(1)
    const third = await eventually('four third attempts', again.deliveries, (d) => d.length >= 12)
    expect(third.slice(8).map((d) => [d.attempt, Date.parse(d.at), d.status])).toEqual(
      Array(4).fill([3, t0 + 305_000, 204]),
    )
    // Same webhook-id and the same bytes on every attempt, across the crash.
    for (const request of receiver.received) {
      const original = bodies.get(request.headers['webhook-id'])
      expect(original && request.bytes.equals(original)).toBe(true)
    }

    // A graceful stop waits for anything in flight; a third process on the file has the same
    // journal and, with nothing pending, sends nothing even when the clock moves on.
    expect(await two.cli.stop('SIGTERM')).toEqual({ code: 0, signal: null })
    const three = await startServe(serveArgs(db))
    try {
      const last = fakeClient(three.banner.url, three.banner.apiKey)
      expect((await last.clock()).nowMs).toBe(t0 + 305_000)
      expect(await last.deliveries()).toEqual(third)
      await last.advance(10 * 86_400)
    } finally {
      // SIGTERM waits for attempts in flight, so anything the advance sent has arrived by now.
      expect(await three.cli.stop('SIGTERM')).toEqual({ code: 0, signal: null })
    }
    expect(attemptsById(third)).toEqual(Object.fromEntries(ids.map((id) => [id, [1, 2, 3]])))
    expect(receiptsById()).toEqual(Object.fromEntries(ids.map((id) => [id, 3])))
    expect(receiver.received).toHaveLength(12)
  })
})
