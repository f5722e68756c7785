// Regression: a second `fake-pleo serve` starting on a shared database used to put every message
// the first process was still sending back to pending and send it again (20 of 20 duplicated).
// Messages are now claimed under a lease (owner and real-time expiry, renewed while in flight).
// Process A sends 20 webhooks to a receiver that holds every request until the test lets go;
// process B starts on the same file and runs for longer than a lease without touching them; each
// webhook-id reaches the receiver once and is recorded once. Then A is killed with SIGKILL while
// holding 20 more: B sends them again once A's lease has run out, each once, and records them.
import { setTimeout as sleep } from 'node:timers/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from './support/eventually.ts'
import { killAllCli, startServe, tempDir, type Banner } from './cli-process.ts'
import { fakeClient, type Delivery } from './webhook-receiver.ts'

const leaseMs = 1000
const messages = 20
const temp = tempDir('fake-pleo-leases-')

/** A receiver that records each request's webhook-id and answers 204 only once opened. */
type GatedReceiver = {
  url: string
  ids: string[]
  open(): void
  close(): void
  closeGate(): void
}

async function gatedReceiver(): Promise<GatedReceiver & { server: Server }> {
  const ids: string[] = []
  let waiting: (() => void)[] = []
  let opened = false
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      ids.push(String(req.headers['webhook-id']))
      const answer = () => void (res.destroyed || res.writeHead(204).end())
      if (opened) answer()
      else waiting.push(answer)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    server,
    url: `http://127.0.0.1:${port}/hooks`,
    ids,
    open() {
      opened = true
      for (const answer of waiting.splice(0)) answer()
    },
    closeGate() {
      opened = false
      waiting = []
    },
    close() {
      server.closeAllConnections()
      server.close()
    },
  }
}

let receiver: Awaited<ReturnType<typeof gatedReceiver>>

beforeAll(async () => {
  receiver = await gatedReceiver()
})
afterAll(async () => {
  await killAllCli()
  receiver.close()
  temp.remove()
})

const serveArgs = (db: string) => [
  '--db',
  db,
  '--clock',
  'manual',
  '--quiet',
  '--webhook-lease',
  String(leaseMs),
  '--webhook-timeout',
  '120000',
]

const count = (values: string[]) => {
  const counts = new Map<string, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return counts
}

describe('outbox leases across two processes on one database', () => {
  it('a second process starting does not send the first one’s webhooks in flight again', async () => {
    const db = `${temp.dir}/starting.db`
    const a = await startServe(serveArgs(db))
    const api = fakeClient(a.banner.url, a.banner.apiKey)
    await api.subscribe({ endpointUrl: receiver.url })
    for (let i = 0; i < messages; i++) await api.pressExport(a.banner.companyId)
    // All 20 are in flight from A, held by the receiver.
    await eventually(
      '20 requests from A',
      () => receiver.ids.length,
      (n) => n === messages,
      30_000,
    )
    const sentByA = new Set(receiver.ids)
    expect(sentByA.size).toBe(messages)

    const b = await startServe(serveArgs(db))
    const other: Banner = b.banner
    expect(other.url).not.toBe(a.banner.url)
    // B polls for three lease lengths while A keeps renewing its leases.
    await sleep(3 * leaseMs)
    expect(receiver.ids).toHaveLength(messages)

    receiver.open()
    const viaB = fakeClient(other.url, other.apiKey)
    const deliveries = await eventually(
      '20 deliveries recorded',
      viaB.deliveries,
      (d) => d.length >= messages,
      30_000,
    )
    // Both stop gracefully (waiting for anything in flight) before the final count.
    await b.cli.stop('SIGTERM')
    await a.cli.stop('SIGTERM')
    expect([...count(receiver.ids).values()]).toEqual(Array(messages).fill(1))
    expect(new Set(receiver.ids)).toEqual(sentByA)
    const final: Delivery[] = deliveries
    expect(final.map((d) => [d.attempt, d.status])).toEqual(Array(messages).fill([1, 204]))
    expect(new Set(final.map((d) => d.webhookId))).toEqual(sentByA)
  })

  it('after kill -9 of the first process, the second sends its webhooks once the lease expires', async () => {
    receiver.closeGate()
    receiver.ids.length = 0
    const db = `${temp.dir}/crash.db`
    const a = await startServe(serveArgs(db))
    const api = fakeClient(a.banner.url, a.banner.apiKey)
    await api.subscribe({ endpointUrl: receiver.url })
    for (let i = 0; i < messages; i++) await api.pressExport(a.banner.companyId)
    await eventually(
      '20 requests from A',
      () => receiver.ids.length,
      (n) => n === messages,
      30_000,
    )
    const sentByA = new Set(receiver.ids)

    const b = await startServe(serveArgs(db))
    const viaB = fakeClient(b.banner.url, b.banner.apiKey)
    expect(await a.cli.crash()).toEqual({ code: null, signal: 'SIGKILL' })
    // A's requests died with it, unanswered and unrecorded; B takes its messages over once the
    // lease runs out, sends each once more, and this time the receiver answers.
    receiver.open()
    const deliveries = await eventually(
      '20 deliveries recorded by B',
      viaB.deliveries,
      (d) => d.length >= messages,
      30_000,
    )
    await b.cli.stop('SIGTERM')
    expect([...count(receiver.ids).values()]).toEqual(Array(messages).fill(2))
    expect(new Set(receiver.ids)).toEqual(sentByA)
    expect(deliveries.map((d) => [d.attempt, d.status])).toEqual(Array(messages).fill([1, 204]))
    expect(new Set(deliveries.map((d) => d.webhookId))).toEqual(sentByA)
  })
})
