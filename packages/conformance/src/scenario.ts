// What a scenario of the plan is and what it works with. Each scenario has a stable id, checks
// one rule, sets up its own stage, acts (press Export, steal a claim, move the clock, inject a
// fault, send a forged webhook…), lets the integration settle and returns a verdict with the
// evidence. A verdict rests only on what the thing under test can have caused: a request that
// polling, a webhook or a restart could equally explain proves nothing, and when the kit cannot
// tell, the verdict says so (not-applicable) instead of guessing. The context starts and stops
// the integration and formats captured requests.
import type { RunningIntegration } from './integration.ts'
import type { Outcome, ScenarioGroup } from './report.ts'
import { exportRoute, type Captured, type Stage, type StageOptions } from './stage.ts'

/** A scenario's judgement (`error` is the runner's: the kit could not run the scenario). */
export type Verdict = {
  outcome: Exclude<Outcome, 'error'>
  expected: string
  /** What was seen; for not-applicable, why the rule could not be judged. */
  observed: string
  lines: string[]
}

/** pass when the rule held, fail otherwise. */
export const passIf = (held: boolean): 'pass' | 'fail' => (held ? 'pass' : 'fail')

/** The kit could not run a scenario (not the integration's fault, or not only). */
export class KitError extends Error {}

export type ScenarioContext = {
  stage: Stage
  /** The fake accepts the how-tos' aliases (`--lenient`), journaling them. */
  lenient: boolean
  /** Where the fake delivers this integration's webhooks, and the subscription's secret. */
  webhook: { url: string; subscriptionId: string; secret: string }
  /** Starts the integration and waits until its webhook endpoint accepts connections. */
  start(): Promise<void>
  /** Kills the integration at once (SIGKILL), as a crash would. */
  crash(): Promise<void>
  integration(): RunningIntegration | undefined
  /**
   * Waits until the integration has made no request for `quietMs` (bounded by the timeout).
   * Listings of jobs do not break the quiet: an integration that polls every second is idle too.
   */
  settle(quietMs?: number): Promise<void>
  /** Waits until `predicate()` holds or `timeoutMs` passes; answers whether it held. */
  until(predicate: () => boolean, timeoutMs?: number): Promise<boolean>
  /** The scenario's time budget, ms. */
  timeoutMs: number
  /** Captured requests as evidence lines (all, or those `filter` keeps). */
  lines(filter?: (request: Captured) => boolean): string[]
}

export type ScenarioDefinition = {
  id: string
  group: ScenarioGroup
  rule: string
  /** Deliver webhooks to the integration (default true). */
  webhooks?: boolean
  /**
   * PLEO_POLL_INTERVAL given to the integration, seconds (default 2): the longest it may go
   * without polling. It may poll more often; no verdict may assume it does not.
   */
  pollSeconds?: number
  stage?: StageOptions
  /**
   * Takes several seconds of real time whatever the integration does (a window the rule
   * watches): when scenarios run side by side, these start first so none is left running alone
   * at the end. Changes nothing else.
   */
  slow?: boolean
  run(ctx: ScenarioContext): Promise<Verdict>
}

const short = (id: string | undefined) => (id ? id.slice(0, 8) : '')

/** One captured request as a line of evidence: `+1.23s POST /v3/export-job-events started 4e3e9b87 → 202`. */
export function formatRequest(c: Captured): string {
  const what =
    c.event !== undefined
      ? ` ${c.event} ${short(c.jobId)}`
      : c.items !== undefined
        ? ` ${c.items.length} items`
        : c.query
          ? ` ${c.query.length > 60 ? `${c.query.slice(0, 60)}…` : c.query}`
          : ''
  return `+${(c.at / 1000).toFixed(2)}s ${c.method} ${c.path}${what} → ${c.status}`
}

/** Requests that touch `jobId` (by path, body or query). */
export const about = (jobId: string) => (c: Captured) => c.jobId === jobId

/** A job event, sent over /v3 or /v2. */
export const isEvent = (c: Captured, event?: string) =>
  c.method === 'POST' &&
  exportRoute(c.path) === '/export-job-events' &&
  (event === undefined || c.event === event)

export const isFinal = (c: Captured) =>
  isEvent(c) &&
  (c.event === 'completed' || c.event === 'completed_with_errors' || c.event === 'failed')
