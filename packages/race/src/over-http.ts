// The over-HTTP race environment: the fake listens on a real 127.0.0.1 port, every worker and the
// nemesis reach it with the platform's fetch, and each webhook worker runs its own webhook
// endpoint on a port of its own, so deliveries are real signed POSTs. Time is real but faster:
// the fake's manual clock is moved `speed` times as fast as the wall clock, and every sleep waits
// `ms / speed` real milliseconds. Runs are realistic, so not exactly repeatable.
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { createFakePleo, createFaultEngine, listen, seededIds } from '@fake-pleo/server'
import type { RaceEnvironment, WebhookHandler } from './environment.ts'
import type { Scenario } from './scenario.ts'

export type HttpEnvironmentOptions = {
  /** Virtual milliseconds per real millisecond (default 10). */
  speed?: number
}

type Waiter = { timer: NodeJS.Timeout; reject: (reason: Error) => void }

function startEndpoint(handler: () => WebhookHandler | undefined) {
  return new Promise<ServerType>((resolve, reject) => {
    const server = serve(
      {
        fetch: (request) => handler()?.(request) ?? new Response(null, { status: 503 }),
        port: 0,
        hostname: '127.0.0.1',
      },
      () => resolve(server),
    )
    server.once('error', reject)
  })
}

function closeServer(server: ServerType) {
  return new Promise<void>((resolve) => {
    server.close(() => resolve())
    if ('closeAllConnections' in server) server.closeAllConnections()
  })
}

export async function httpEnvironment(
  scenario: Scenario,
  options: HttpEnvironmentOptions = {},
): Promise<RaceEnvironment> {
  const speed = options.speed ?? 10
  // Latency faults are virtual milliseconds like every other wait; the unsafe claim's window
  // stays a real 5 ms, the gap a check-then-act server leaves between real requests.
  const faults = createFaultEngine({
    seed: `race-${scenario.seed}`,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / speed)),
  })
  const running = await listen(
    createFakePleo({
      seed: 'empty',
      clock: 'manual',
      ids: seededIds(`race-${scenario.seed}`),
      expiresIn: scenario.expiresIn,
      unsafeClaims: scenario.unsafe,
      faults,
      webhookTimeoutMs: 5000,
    }),
  )
  const { clock } = running.deps
  let last = performance.now()
  const ticker = setInterval(() => {
    const now = performance.now()
    clock.advance(Math.round((now - last) * speed))
    last = now
    void running.dispatcher.notify()
  }, 5)
  const handlers = new Map<number, WebhookHandler>()
  const endpoints = await Promise.all(
    Array.from({ length: scenario.webhookWorkers }, (_, worker) =>
      startEndpoint(() => handlers.get(worker)),
    ),
  )
  const aborts = new Map<string, AbortController>()
  const waiters = new Map<string, Set<Waiter>>()
  const controller = (owner: string) => {
    let found = aborts.get(owner)
    if (!found) aborts.set(owner, (found = new AbortController()))
    return found
  }
  return {
    baseUrl: running.url,
    companyId: running.companyId ?? '',
    apiKey: running.apiKey ?? '',
    now: () => clock.now(),
    sleep: (ms, owner = '') =>
      new Promise<void>((resolve, reject) => {
        const set = waiters.get(owner) ?? new Set<Waiter>()
        waiters.set(owner, set)
        const waiter: Waiter = {
          timer: setTimeout(() => {
            set.delete(waiter)
            resolve()
          }, ms / speed),
          reject,
        }
        set.add(waiter)
      }),
    fetchFor: (owner) => (input, init) =>
      fetch(input, { ...init, signal: controller(owner).signal }),
    direct: (input, init) => fetch(input, init),
    cancel(owner, reason) {
      aborts.get(owner)?.abort(reason)
      for (const waiter of waiters.get(owner) ?? []) {
        clearTimeout(waiter.timer)
        waiter.reject(reason)
      }
      waiters.delete(owner)
    },
    endpoint(worker, handler) {
      handlers.set(worker, handler)
      const server = endpoints[worker]
      if (!server) throw new Error(`no webhook endpoint was started for worker ${worker}`)
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    },
    defer: (fn) => void setImmediate(fn),
    async setFaults(seed, rules) {
      faults.setRules({ seed, rules })
    },
    async drive(done, maxSimMs) {
      const startedAt = clock.now()
      while (!done()) {
        if (clock.now() - startedAt > maxSimMs) return 'stalled'
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      return 'done'
    },
    async close() {
      clearInterval(ticker)
      for (const waiter of [...waiters.values()].flatMap((set) => [...set]))
        clearTimeout(waiter.timer)
      for (const abort of aborts.values()) abort.abort(new Error('the race is over'))
      await Promise.all(endpoints.map(closeServer))
      await running.stop()
    },
  }
}
