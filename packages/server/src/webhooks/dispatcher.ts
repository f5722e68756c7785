// The webhook dispatcher: takes due messages from the durable outbox, POSTs the exact signed
// bytes to each subscription's endpoint, and records every attempt. A 2xx within the timeout is
// delivered; `webhook-delivery: abort-message` stops retries; anything else is retried on the
// schedule (Svix's by default) measured on the virtual clock, with the same webhook-id. Each
// attempt is signed afresh: `webhook-timestamp` is real time unless the fidelity options say
// `virtual`, and the body is sent plain or in the doc example's wrapped shape. Webhook faults
// (drop, duplicate, delay, reorder, bad signature, stale timestamp, wrong secret) are applied
// here, per attempt. Messages are claimed under a lease (this dispatcher's owner id and a
// real-time expiry) renewed while attempts run, so another process on the same database sends a
// message again only after its holder crashed and the lease ran out (decision 0020). This file
// wires the units together and owns the poll timer: the wire (attempt-request.ts), the faults
// (dispatch-faults.ts), the leases and message states (dispatch-state.ts) and the loop
// (dispatch-loop.ts).
import { setTimeout as sleep } from 'node:timers/promises'
import { randomUUID } from 'node:crypto'
import { svixRetrySchedule } from '@fake-pleo/contract'
import type { Clock } from '../clock.ts'
import type { EventBus } from '../events.ts'
import type { FaultEngine, WebhookFault } from '../faults/types.ts'
import type { IdGenerator } from '../ids.ts'
import type { Logger } from '../logger.ts'
import { defaultFidelity, type FidelityOptions } from '../options.ts'
import type { OutboxRow, WebhookStore } from '../store/webhook-store.ts'
import {
  createRequestPoster,
  createRequestSigner,
  describeError,
  type Outcome,
} from './attempt-request.ts'
import { delayOf, dropped, duplicated, faultFor } from './dispatch-faults.ts'
import { createDispatchLoop } from './dispatch-loop.ts'
import { createDispatchState } from './dispatch-state.ts'

export type DispatcherOptions = {
  webhooks: WebhookStore
  clock: Clock
  ids: Pick<IdGenerator, 'webhookSecret'>
  log: Logger
  bus?: EventBus | undefined
  faults?: FaultEngine | undefined
  fetch?: typeof fetch
  /** Timestamps and body shape; read at every attempt, so a change applies to the next one. */
  fidelity?: Pick<FidelityOptions, 'webhookTimestamps' | 'webhookBody'>
  /** Real milliseconds an endpoint has to answer with a 2xx (default 15 s). */
  timeoutMs?: number
  /** Delay before each attempt in seconds; the first is immediate. */
  schedule?: readonly number[]
  /** Messages in flight at once. */
  concurrency?: number
  /** How often to look for due messages (real milliseconds). */
  pollMs?: number
  userAgent?: string
  /** Real milliseconds a claim holds a message unless renewed (default 30 s; renewed every third). */
  leaseMs?: number
  /** This dispatcher's lease owner id (default: a random UUID). */
  owner?: string
  /** Waits out a delay fault (default: a real timer). */
  sleep?: (ms: number) => Promise<void>
}

export type Dispatcher = {
  start(): void
  /** Stops polling and waits for attempts in flight to be recorded. */
  stop(): Promise<void>
  /** Stops at once; attempts in flight are not recorded, and their leases are released so they go
   * out again (after a restart, or from another process on the database). */
  halt(): void
  /** Sends everything that is due now; resolves when those attempts are recorded. */
  tick(): Promise<void>
  /** New messages were queued or the clock moved: a started dispatcher sends what is due. */
  notify(): Promise<void>
  /** Resolves once nothing is due or in flight (for tests and tools). */
  idle(): Promise<void>
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { webhooks, clock, log } = options
  const state = createDispatchState({
    webhooks,
    clock,
    bus: options.bus,
    schedule: options.schedule ?? svixRetrySchedule,
    leaseMs: options.leaseMs ?? 30_000,
    owner: options.owner ?? randomUUID(),
  })
  const sign = createRequestSigner({
    webhooks,
    clock,
    newSecret: () => options.ids.webhookSecret(),
    fidelity: options.fidelity ?? defaultFidelity,
    userAgent: options.userAgent ?? 'fake-pleo-webhooks',
  })
  const post = createRequestPoster({
    send: options.fetch ?? fetch,
    timeoutMs: options.timeoutMs ?? 15_000,
  })

  /** One attempt: skipped for a deleted or inactive subscription, faulted, sent, recorded. */
  const deliver = async (row: OutboxRow, fault: WebhookFault | undefined): Promise<void> => {
    const at = clock.now()
    const started = performance.now()
    const sub = webhooks.getSubscription(row.subscriptionId)
    if (!sub || sub.deletedAt !== null || sub.status !== 'ACTIVE') {
      const outcome: Outcome = {
        status: null,
        error: 'subscription deleted or inactive',
        abort: true,
      }
      return state.settle(row, outcome, undefined, started, at)
    }
    if (dropped(fault)) {
      const outcome: Outcome = { status: null, error: 'dropped by a fault', abort: false }
      return state.settle(row, outcome, fault, started, at)
    }
    const delayMs = delayOf(fault)
    if (delayMs) await (options.sleep ?? sleep)(delayMs)
    const request = sign(sub, row, fault)
    const outcome = await post(sub.endpointUrl, request)
    if (duplicated(fault)) await post(sub.endpointUrl, request)
    state.settle(row, outcome, fault, started, at)
  }

  const loop = createDispatchLoop({
    state,
    concurrency: options.concurrency ?? 32,
    faultFor: (row) => faultFor(options.faults, row),
    deliver,
    log,
  })
  const { tick } = loop
  let timer: ReturnType<typeof setInterval> | undefined

  return {
    start() {
      state.releaseExpired()
      timer ??= setInterval(() => {
        try {
          if (!state.halted) state.keepLeases()
        } catch (error) {
          // A busy database is retried on the next poll; a timer callback must never throw.
          log.warn(`could not renew webhook leases: ${describeError(error)}`)
        }
        const due = webhooks.nextDueAt()
        if (due !== null && due <= clock.now()) void tick()
      }, options.pollMs ?? 50)
      timer.unref()
      void tick()
    },
    async stop() {
      if (timer) clearInterval(timer)
      timer = undefined
      await loop.running()
    },
    halt() {
      state.halt()
      if (timer) clearInterval(timer)
      timer = undefined
    },
    tick,
    notify: () => (timer ? tick() : Promise.resolve()),
    async idle() {
      for (let i = 0; i < 10_000; i++) {
        await tick()
        const due = webhooks.nextDueAt()
        if (!loop.running() && (due === null || due > clock.now())) return
      }
    },
  }
}
