// What the engine needs from where a race runs: the fake's address and key, its virtual clock, a
// way to wait, each worker's path to the fake, the webhook endpoint of each webhook worker, and
// how to drive the run to its end. `in-process.ts` implements it on the seeded scheduler (no
// sockets, deterministic); `over-http.ts` on a real port with real timers (realistic).
import type { FaultRule, UnsafeMode } from '@fake-pleo/contract'
import type { FetchLike } from './recording-fetch.ts'
import type { Pace } from './sim-scheduler.ts'

/** A webhook attempt the fake made, as its event bus tells it. */
export type DeliverySeen = { subscriptionId: string; status: number | null; fault: string | null }

/** A webhook worker's endpoint: it answers the fake's deliveries. */
export type WebhookHandler = (request: Request) => Promise<Response>

export type RaceEnvironment = {
  readonly baseUrl: string
  readonly companyId: string
  readonly apiKey: string
  /** The fake's virtual clock, epoch ms. */
  now(): number
  /**
   * The clock the fake's `webhook-timestamp` follows, which webhook workers verify against: real
   * time when the fake signs with it (a `serve` started with the default), else `now`.
   */
  webhookNow?(): number
  /** Waits `ms` of the fake's clock; `owner` lets `cancel` drop the waits of a killed worker. */
  sleep(ms: number, owner?: string): Promise<void>
  /** How `owner` reaches the fake (not recorded: the engine wraps it). */
  fetchFor(owner: string): FetchLike
  /** Rejects what `owner` is waiting for (queued requests, sleeps) with `reason`. */
  cancel(owner: string, reason: Error): void
  /** Reaches the fake at once, outside any schedule: setup and the final read. */
  direct: FetchLike
  /** Routes deliveries for a webhook worker to `handler`; answers the URL to subscribe. */
  endpoint(worker: number, handler: WebhookHandler): Promise<string>
  /** Runs `fn` later, in the environment's own order (the detector's wake-up). */
  defer(fn: () => void): void
  setFaults(seed: string, rules: FaultRule[]): Promise<void>
  /** Drives the run until `done()` (or a bound); answers how it ended. `pace`: a live view's. */
  drive(done: () => boolean, maxSimMs: number, pace?: Pace): Promise<'done' | 'stalled'>
  /** Whether `drive` honours a pace (speed and pause): only where the race owns the clock. */
  readonly paced?: boolean
  /** Sets the server's unsafe modes while it runs (where that is possible; none: safe). */
  setUnsafe?(modes: readonly UnsafeMode[]): void
  /**
   * Whether the nemesis may pause a worker past its job's expiry (default yes). Not against a
   * server the race does not own: its clock is not the race's to move, so the pause would last
   * the job's whole window in real time (hours, with a served fake's default).
   */
  readonly pausesWorkers?: boolean
  /**
   * Tells `listener` about trouble outside the race that the race survives (an attached server's
   * clock that could not be moved): once per spell of trouble, not once per attempt. Warnings
   * given before the listener came are passed on at once.
   */
  onWarning?(listener: (message: string) => void): () => void
  /** Tells `listener` about every webhook attempt (where the fake's events can be seen). */
  onDelivery?(listener: (delivery: DeliverySeen) => void): () => void
  close(): Promise<void>
}
