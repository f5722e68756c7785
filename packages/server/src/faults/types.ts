// What the fault engine decides, as the HTTP layer and the webhook dispatcher consume it. The
// engine itself (seeded randomness, the Prefer header) lives beside this file; the rules it takes
// are @fake-pleo/contract's (fault-rules.ts).
import type { FaultConfig, FaultState, Result, WebhookFaultKind } from '@fake-pleo/contract'

export type HttpFault = {
  /** Hold the request this long before handling it (real milliseconds). */
  latencyMs?: number
  /** Answer with this status instead of handling the request (it then did not happen). */
  status?: number
  /** With a 429 or 503: the Retry-After header, in seconds. */
  retryAfter?: number
  /** Receipt downloads: answer with a file of this many bytes instead of the declared one. */
  oversizedBytes?: number
  /** Which rule fired, for the journal. */
  label: string
}

export type WebhookFault = { kind: WebhookFaultKind; delayMs?: number; label: string }

/**
 * What the engine decides for a request: the fault (undefined: none), or BAD_REQUEST with a
 * message naming the header when the request's Prefer header asks for a fault badly (the HTTP
 * layer answers it with 400).
 */
type HttpDecision = Result<HttpFault | undefined, 'BAD_REQUEST'>

export type FaultEngine = {
  http(request: { method: string; path: string; prefer?: string | undefined }): HttpDecision
  webhook(attempt: {
    subscriptionId: string
    eventType: string
    attempt: number
  }): WebhookFault | undefined
}

/** A fault engine the control API configures (PUT, GET and DELETE /_sim/faults). */
export type ConfigurableFaultEngine = FaultEngine & {
  /** Replaces every rule and restarts the seeded sequence (with `seed`, or the current one). */
  setRules(config: FaultConfig): FaultState
  getRules(): FaultState
  /** No rules, the seed the engine was created with. */
  clear(): FaultState
  /** Waits out an HTTP latency fault (real milliseconds; tests inject their own). */
  sleep(ms: number): Promise<void>
}
