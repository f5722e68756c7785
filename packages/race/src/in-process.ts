// The in-process race environment: the fake's Hono app called directly (no socket), its manual
// clock as the virtual clock, and the seeded scheduler in charge of every request, sleep, latency
// fault, webhook delivery and the unsafe claim's window. Ids come from the seed too, so the same
// scenario and seed give the same history. The server is loaded when the environment is built,
// so importing the race engine does not load it (nor better-sqlite3).
import { createRandom } from '@fake-pleo/contract'
import type { RaceEnvironment, WebhookHandler } from './environment.ts'
import { createSimScheduler } from './sim-scheduler.ts'
import type { Scenario } from './scenario.ts'

const endpointOf = (worker: number) => `http://worker-${worker}.race.invalid/`
const unreachable = () => Promise.reject(new TypeError('fetch failed: the worker is down'))

/**
 * A delivery as it would arrive over HTTP: with its Content-Length, which a receiver's body
 * limit checks instead of reading the body and building a second Request around it.
 */
function deliveryRequest(url: string, init: RequestInit | undefined): Request {
  if (typeof init?.body !== 'string') return new Request(url, init)
  const headers = new Headers(init.headers)
  headers.set('content-length', String(Buffer.byteLength(init.body)))
  return new Request(url, { ...init, headers })
}

export async function inProcessEnvironment(scenario: Scenario): Promise<RaceEnvironment> {
  const { createFakePleo, createFaultEngine, seededIds } = await import('@fake-pleo/server')
  const random = createRandom(`race-scheduler-${scenario.seed}`)
  let advance = (ms: number) => void ms
  let now = () => 0
  const scheduler = createSimScheduler({ now: () => now(), advanceTo: (ms) => advance(ms) }, () =>
    random.next(),
  )
  const serverSleep = (ms: number) => scheduler.sleep(ms, 'server')
  const handlers = new Map<string, WebhookHandler>()
  const faults = createFaultEngine({ seed: `race-${scenario.seed}`, sleep: serverSleep })
  const fake = createFakePleo({
    seed: 'empty',
    clock: 'manual',
    realNow: () => Date.UTC(2026, 0, 1),
    ids: seededIds(`race-${scenario.seed}`),
    expiresIn: scenario.expiresIn,
    unsafe: scenario.unsafe,
    // Webhooks are signed on the virtual clock the workers verify against (no real time here).
    webhookTimestamps: 'virtual',
    webhookDelivery: 'off',
    sleep: serverSleep,
    faults,
    webhookFetch: (input, init) => {
      const handler = handlers.get(String(input))
      return handler ? handler(deliveryRequest(String(input), init)) : unreachable()
    },
  })
  const { clock } = fake.deps
  now = () => clock.now()
  const deliver = () => void scheduler.schedule(() => fake.dispatcher.tick(), 'dispatcher')
  advance = (ms) => {
    clock.set(ms)
    const due = fake.deps.store.webhooks.nextDueAt()
    if (due !== null && due <= ms) deliver()
  }
  const companyId = fake.companyId ?? ''
  const apiKey = fake.apiKey ?? ''
  return {
    // A loopback name (RFC 6761): the control API answers only those (decision 0019).
    baseUrl: 'http://fake.race.localhost',
    paced: true,
    companyId,
    apiKey,
    now: () => clock.now(),
    sleep: (ms, owner) => scheduler.sleep(ms, owner),
    fetchFor: (owner) => (input, init) =>
      scheduler.schedule(async () => {
        const response = await fake.app.request(input, init)
        if (owner === 'nemesis') deliver()
        return response
      }, owner),
    cancel: (owner, reason) => scheduler.cancel(owner, reason),
    direct: async (input, init) => fake.app.request(input, init),
    async endpoint(worker, handler) {
      const url = endpointOf(worker)
      handlers.set(url, handler)
      return url
    },
    defer: (fn) => void scheduler.schedule(async () => fn()),
    async setFaults(seed, rules) {
      faults.setRules({ seed, rules })
    },
    async drive(done, maxSimMs, pace) {
      const end = await scheduler.run({ done, maxSimMs, ...(pace ? { pace } : {}) })
      return end === 'done' ? 'done' : 'stalled'
    },
    setUnsafe(modes) {
      fake.deps.options.unsafe = modes
    },
    onDelivery: (listener) =>
      fake.deps.bus?.subscribe((event) => {
        if (event.type !== 'delivery.attempted') return
        const { subscriptionId, status, fault } = event.data as {
          subscriptionId: string
          status: number | null
          fault: string | null
        }
        listener({ subscriptionId, status, fault })
      }) ?? (() => undefined),
    async close() {
      fake.close()
    },
  }
}
