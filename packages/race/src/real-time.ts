// The parts of a race environment that run in real time, shared by the over-HTTP race (its own
// fake on a port) and an attached race (a running `fake-pleo serve`): sleeps of `ms / speed` real
// milliseconds that a kill can cancel, each owner's requests on an abortable platform fetch (one
// cut off on its way counts as sent: its outcome is unknown), and a webhook endpoint per webhook
// worker on its own 127.0.0.1 port, started when first asked for.
import { setTimeout as sleep } from 'node:timers/promises'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import type { RaceEnvironment, WebhookHandler } from './environment.ts'
import { WorkerKilled } from './recording-fetch.ts'

type Waiter = { timer: NodeJS.Timeout; reject: (reason: Error) => void }

function startEndpoint(handler: WebhookHandler) {
  return new Promise<ServerType>((resolve, reject) => {
    const server = serve({ fetch: handler, port: 0, hostname: '127.0.0.1' }, () => resolve(server))
    server.once('error', reject)
  })
}

function closeServer(server: ServerType) {
  return new Promise<void>((resolve) => {
    server.close(() => resolve())
    if ('closeAllConnections' in server) server.closeAllConnections()
  })
}

export type RealTime = Pick<
  RaceEnvironment,
  'sleep' | 'fetchFor' | 'direct' | 'cancel' | 'endpoint' | 'defer'
> & {
  /** Polls `done` every 10 ms until it is true or the virtual bound passes. */
  drive(done: () => boolean, maxSimMs: number, now: () => number): Promise<'done' | 'stalled'>
  close(): Promise<void>
}

export function realTime(speed: () => number): RealTime {
  const aborts = new Map<string, AbortController>()
  const waiters = new Map<string, Set<Waiter>>()
  const endpoints = new Map<number, Promise<ServerType>>()
  const controller = (owner: string) => {
    let found = aborts.get(owner)
    if (!found) aborts.set(owner, (found = new AbortController()))
    return found
  }
  return {
    sleep: (ms, owner = '') =>
      new Promise<void>((resolve, reject) => {
        const set = waiters.get(owner) ?? new Set<Waiter>()
        waiters.set(owner, set)
        const waiter: Waiter = {
          timer: setTimeout(() => {
            set.delete(waiter)
            resolve()
          }, ms / speed()),
          reject,
        }
        set.add(waiter)
      }),
    fetchFor: (owner) => async (input, init) => {
      const signal = controller(owner).signal
      if (signal.aborted) throw new WorkerKilled(false)
      try {
        return await fetch(input, { ...init, signal })
      } catch (error) {
        // Cut off on its way: the fake may well have received and handled it.
        if (signal.aborted) throw new WorkerKilled(true)
        throw error
      }
    },
    direct: (input, init) => fetch(input, init),
    cancel(owner, reason) {
      aborts.get(owner)?.abort(reason)
      for (const waiter of waiters.get(owner) ?? []) {
        clearTimeout(waiter.timer)
        waiter.reject(reason)
      }
      waiters.delete(owner)
    },
    async endpoint(worker, handler) {
      let server = endpoints.get(worker)
      if (!server) endpoints.set(worker, (server = startEndpoint(handler)))
      return `http://127.0.0.1:${((await server).address() as AddressInfo).port}/`
    },
    defer: (fn) => void setImmediate(fn),
    async drive(done, maxSimMs, now) {
      const startedAt = now()
      while (!done()) {
        if (now() - startedAt > maxSimMs) return 'stalled'
        await sleep(10)
      }
      return 'done'
    },
    async close() {
      for (const set of waiters.values()) for (const waiter of set) clearTimeout(waiter.timer)
      for (const abort of aborts.values()) abort.abort(new Error('the race is over'))
      const servers = await Promise.all(endpoints.values())
      await Promise.all(servers.map(closeServer))
    },
  }
}
