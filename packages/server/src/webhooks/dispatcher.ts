// The webhook dispatcher: takes due messages from the durable outbox, POSTs the exact signed
// bytes to each subscription's endpoint, and records every attempt. A 2xx within the timeout is
// delivered; `webhook-delivery: abort-message` stops retries; anything else is retried on the
// schedule (Svix's by default) measured on the virtual clock, with the same webhook-id. Each
// attempt is signed afresh: `webhook-timestamp` is real time unless the fidelity options say
// `virtual`, and the body is sent plain or in the doc example's wrapped shape. Webhook faults
// (drop, duplicate, delay, reorder, bad signature, stale timestamp, wrong secret) are applied
// here, per attempt. Messages are claimed under a lease (this dispatcher's owner id and a
// real-time expiry) renewed while attempts run, so another process on the same database sends a
// message again only after its holder crashed and the lease ran out (decision 0020).
import { setTimeout as sleep } from 'node:timers/promises'
import { randomUUID } from 'node:crypto'
import { svixRetrySchedule, wrapWebhookBody } from '@fake-pleo/contract'
import type { Clock } from '../clock.ts'
import type { EventBus } from '../events.ts'
import type { FaultEngine, WebhookFault } from '../faults/types.ts'
import type { IdGenerator } from '../ids.ts'
import type { Logger } from '../logger.ts'
import { defaultFidelity, type FidelityOptions } from '../options.ts'
import type {
  OutboxRow,
  OutboxState,
  SubscriptionRecord,
  WebhookStore,
} from '../store/webhook-store.ts'
import { signatureHeader } from './signer.ts'

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

type Outcome = { status: number | null; error: string | null; abort: boolean }

/** How far back a stale-timestamp fault dates an attempt: past the 5 minutes receivers allow. */
const staleSeconds = 6 * 60

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { webhooks, clock, log } = options
  const send = options.fetch ?? fetch
  const timeoutMs = options.timeoutMs ?? 15_000
  const schedule = options.schedule ?? svixRetrySchedule
  const concurrency = options.concurrency ?? 32
  const leaseMs = options.leaseMs ?? 30_000
  const owner = options.owner ?? randomUUID()
  const lease = () => ({ owner, until: clock.wallNow() + leaseMs })
  let renewedAt = 0
  let timer: ReturnType<typeof setInterval> | undefined
  let running: Promise<void> | undefined
  let again = false
  let halted = false
  const held: (() => Promise<void>)[] = []

  const fidelity = options.fidelity ?? defaultFidelity

  /** The signed request of one attempt: headers and the exact body bytes they sign. */
  const prepare = (sub: SubscriptionRecord, row: OutboxRow, fault: WebhookFault | undefined) => {
    const now = clock.now()
    const base = fidelity.webhookTimestamps === 'virtual' ? now : clock.wallNow()
    const timestamp =
      Math.floor(base / 1000) - (fault?.kind === 'stale-timestamp' ? staleSeconds : 0)
    const secrets =
      fault?.kind === 'wrong-secret'
        ? [options.ids.webhookSecret()]
        : webhooks.activeSecrets(sub.id, now)
    const sign = (bytes: string) => {
      const signature = signatureHeader(secrets, row.webhookId, timestamp, bytes)
      return fault?.kind === 'bad-signature' ? corrupt(signature) : signature
    }
    const body =
      fidelity.webhookBody === 'wrapped'
        ? wrapWebhookBody(row.webhookId, timestamp, sign(row.body), row.body)
        : row.body
    // Custom header names are lower-cased so that the fake's own headers below replace any
    // spelling of them ('Webhook-Id', 'Content-Type') instead of being joined to it by fetch.
    const custom = Object.entries(sub.customHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), v])
    const headers: Record<string, string> = {
      ...Object.fromEntries(custom),
      'content-type': 'application/json',
      'user-agent': options.userAgent ?? 'fake-pleo-webhooks',
      'webhook-id': row.webhookId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': sign(body),
    }
    if (sub.endpointAuth?.type === 'BASIC') {
      const user = `${sub.endpointAuth.username ?? ''}:${sub.endpointAuth.password ?? ''}`
      headers.authorization = `Basic ${Buffer.from(user).toString('base64')}`
    }
    return { headers, body }
  }

  const post = async (
    url: string,
    headers: Record<string, string>,
    body: string,
  ): Promise<Outcome> => {
    try {
      const response = await send(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
        // A redirect is a failed attempt (as Svix counts it), never followed to another URL.
        redirect: 'manual',
      })
      await response.body?.cancel().catch(() => undefined)
      const abort = response.headers.get('webhook-delivery')?.toLowerCase() === 'abort-message'
      const ok = response.status >= 200 && response.status < 300
      return {
        status: response.status,
        error: ok ? null : `endpoint answered ${response.status}`,
        abort,
      }
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError'
      return {
        status: null,
        error: timedOut ? `no answer within ${timeoutMs} ms` : describe(error),
        abort: false,
      }
    }
  }

  const settle = (
    row: OutboxRow,
    outcome: Outcome,
    fault: WebhookFault | undefined,
    started: number,
    at: number,
  ) => {
    if (halted) return
    const attempt = row.attempts + 1
    const delivered = outcome.status !== null && outcome.status >= 200 && outcome.status < 300
    let state: OutboxState = 'pending'
    let next: number | null = null
    if (delivered) state = 'delivered'
    else if (outcome.abort) state = 'aborted'
    else if (attempt >= schedule.length) state = 'failed'
    else next = clock.now() + (schedule[attempt] ?? 0) * 1000
    webhooks.recordAttempt(
      row,
      {
        delivery: {
          attempt,
          at,
          status: outcome.status,
          error: outcome.error,
          fault: fault?.label ?? null,
          durationMs: Math.round((performance.now() - started) * 1000) / 1000,
        },
        state,
        nextAttemptAt: next,
      },
      owner,
    )
    options.bus?.emit('delivery.attempted', at, {
      webhookId: row.webhookId,
      subscriptionId: row.subscriptionId,
      eventType: row.eventType,
      attempt,
      status: outcome.status,
      state,
      fault: fault?.kind ?? null,
    })
  }

  const deliver = async (row: OutboxRow, fault: WebhookFault | undefined): Promise<void> => {
    const at = clock.now()
    const started = performance.now()
    const sub = webhooks.getSubscription(row.subscriptionId)
    if (!sub || sub.deletedAt !== null || sub.status !== 'ACTIVE') {
      const outcome = { status: null, error: 'subscription deleted or inactive', abort: true }
      return settle(row, outcome, undefined, started, at)
    }
    if (fault?.kind === 'drop') {
      return settle(
        row,
        { status: null, error: 'dropped by a fault', abort: false },
        fault,
        started,
        at,
      )
    }
    if (fault?.kind === 'delay' && fault.delayMs) await (options.sleep ?? sleep)(fault.delayMs)
    const { headers, body } = prepare(sub, row, fault)
    const outcome = await post(sub.endpointUrl, headers, body)
    if (fault?.kind === 'duplicate') await post(sub.endpointUrl, headers, body)
    settle(row, outcome, fault, started, at)
  }

  const faultFor = (row: OutboxRow) =>
    options.faults?.webhook({
      subscriptionId: row.subscriptionId,
      eventType: row.eventType,
      attempt: row.attempts + 1,
    })

  const attempt = (row: OutboxRow, fault: WebhookFault | undefined) =>
    deliver(row, fault).catch((error: unknown) => fail(row, error))

  /** Wakes a running dispatcher when new messages are queued (see tick). */
  let wake: (() => void) | undefined
  const woken = () =>
    new Promise<void>((resolve) => {
      wake = resolve
    })

  /**
   * Keeps up to `concurrency` attempts in flight, claiming more as soon as one finishes or new
   * messages are queued (no batch waits for its slowest member). A reorder fault holds its message
   * back until another message has gone out.
   */
  const runDue = async (): Promise<void> => {
    const inFlight = new Set<Promise<void>>()
    const launch = (run: () => Promise<void>) => {
      const running: Promise<void> = run().finally(() => inFlight.delete(running))
      inFlight.add(running)
    }
    while (!halted) {
      // Let the requests of this turn of the event loop queue their messages: one claim for all.
      if (inFlight.size > 0) await new Promise((resolve) => setImmediate(resolve))
      const free = concurrency - inFlight.size
      keepLeases()
      const rows = free > 0 ? webhooks.claimDue(clock.now(), free, lease()) : []
      for (const row of rows) {
        const fault = faultFor(row)
        if (fault?.kind === 'reorder') {
          held.push(() => attempt(row, fault))
          continue
        }
        launch(async () => {
          await attempt(row, fault)
          for (const run of held.splice(0)) launch(run)
        })
      }
      if (inFlight.size === 0 && rows.length === 0) break
      if (rows.length > 0 && rows.length === free) continue
      await Promise.race([...inFlight, woken()])
    }
    await Promise.all(inFlight)
    for (const run of held.splice(0)) await run()
  }

  /**
   * Renews this dispatcher's leases once a third of their length has passed, and hands the
   * messages of crashed holders (expired leases) back to pending so they are claimed again.
   */
  const keepLeases = () => {
    const wall = clock.wallNow()
    if (wall - renewedAt < leaseMs / 3) return
    renewedAt = wall
    webhooks.renewLeases(lease())
    webhooks.releaseExpiredLeases(wall)
  }

  const fail = (row: OutboxRow, error: unknown) => {
    if (!halted) log.error(`webhook delivery ${row.webhookId} failed unexpectedly`, error)
  }

  const tick = (): Promise<void> => {
    if (halted) return Promise.resolve()
    if (running) {
      again = true
      wake?.()
      return running
    }
    running = (async () => {
      try {
        do {
          again = false
          await runDue()
        } while (again && !halted)
      } catch (error) {
        // A tick is often started without waiting for it: it must never reject.
        if (!halted) log.error('the webhook dispatcher failed', error)
      } finally {
        running = undefined
      }
    })()
    return running
  }

  return {
    start() {
      // Only expired leases: another live process's messages in flight stay with it.
      webhooks.releaseExpiredLeases(clock.wallNow())
      timer ??= setInterval(() => {
        try {
          if (!halted) keepLeases()
        } catch (error) {
          // A busy database is retried on the next poll; a timer callback must never throw.
          log.warn(`could not renew webhook leases: ${describe(error)}`)
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
      await running
    },
    halt() {
      if (!halted) webhooks.releaseLeases(owner)
      halted = true
      if (timer) clearInterval(timer)
      timer = undefined
    },
    tick,
    notify: () => (timer ? tick() : Promise.resolve()),
    async idle() {
      for (let i = 0; i < 10_000; i++) {
        await tick()
        const due = webhooks.nextDueAt()
        if (!running && (due === null || due > clock.now())) return
      }
    },
  }
}

function corrupt(signature: string): string {
  return signature
    .split(' ')
    .map((part) => {
      const [version, sig = ''] = part.split(',')
      const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)
      return `${version},${flipped}`
    })
    .join(' ')
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    return cause?.code ? `${error.message} (${cause.code})` : error.message
  }
  return String(error)
}
