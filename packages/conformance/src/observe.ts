// What the kit can tell about an integration from its traffic, without trusting any one trigger:
// how it authenticated, whether it accepted genuine webhook deliveries, and how often it polls on
// its own while idle. A poll is a pass that starts with a listing of jobs after a moment of
// silence; it counts as the integration's own only when nothing the kit did (a start, a delivery,
// a forged webhook), no work of its own (a write) and no refused request came just before it, and
// the gap between two such passes counts only when nothing happened in between (no write, no
// stimulus). Scenarios use the same facts to decide whether polling could explain what they saw.
import type { AuthProfile, ScenarioProfile } from './report.ts'
import { exportRoute, type Captured, type Delivery } from './stage.ts'

/** A list request that starts after this much silence begins a pass. */
const passGapMs = 80
/** A pass that starts this soon after a stimulus may have been caused by it. */
const causedWithinMs = 1500

export const isListing = (c: Captured) =>
  c.method === 'GET' && exportRoute(c.path) === '/export-jobs'
const isWrite = (c: Captured) => c.method !== 'GET'

export function authOf(requests: readonly Captured[]): AuthProfile {
  const basic = requests.some((c) => c.auth === 'basic')
  const bearer = requests.some((c) => c.auth === 'bearer')
  return basic && bearer ? 'api-key+oauth' : basic ? 'api-key' : bearer ? 'oauth' : 'unknown'
}

/** Real times at which the integration started a pass with a listing. */
export function passStarts(requests: readonly Captured[]): number[] {
  return requests.flatMap((c, i) => {
    const previous = requests[i - 1]
    return isListing(c) && (previous === undefined || c.at - previous.at >= passGapMs) ? [c.at] : []
  })
}

/** Gaps (ms) between consecutive passes the integration started on its own while idle. */
export function idlePollGaps(requests: readonly Captured[], stimuli: readonly number[]): number[] {
  // A pass soon after the integration's own work (a claim, an update, a final event) is a
  // follow-up to it, and a listing soon after a refused request (429, 5xx) a retry: not polls.
  const refused = (c: Captured) => c.status === 429 || c.status >= 500
  const triggers = [
    ...stimuli,
    ...requests.filter((c) => isWrite(c) || refused(c)).map((c) => c.at),
  ]
  const caused = (at: number) => triggers.some((s) => s <= at && at - s < causedWithinMs)
  const starts = passStarts(requests)
  const gaps: number[] = []
  for (let i = 1; i < starts.length; i++) {
    const [a, b] = [starts[i - 1]!, starts[i]!]
    if (caused(a) || caused(b)) continue
    if (stimuli.some((s) => s > a && s < b)) continue
    if (requests.some((c) => isWrite(c) && c.at > a && c.at < b)) continue
    gaps.push(b - a)
  }
  return gaps
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Stimuli of a scenario: the kit's own, and every genuine delivery. */
export const allStimuli = (stimuli: readonly number[], deliveries: readonly Delivery[]) => [
  ...stimuli,
  ...deliveries.map((d) => d.at),
]

/** The typical idle poll interval in seconds (one decimal), or null when not seen polling. */
export function pollIntervalSeconds(
  requests: readonly Captured[],
  stimuli: readonly number[],
): number | null {
  const gaps = idlePollGaps(requests, stimuli)
  return gaps.length === 0 ? null : Math.round(median(gaps) / 100) / 10
}

export const accepted = (d: Delivery) => d.status !== null && d.status >= 200 && d.status < 300

export function observeProfile(
  stage: { requests: Captured[]; deliveries: Delivery[]; stimuli: number[] },
  askedPollSeconds: number,
): ScenarioProfile {
  return {
    auth: authOf(stage.requests),
    // Deliveries nothing listened for (before the integration started, after a crash) say
    // nothing about it.
    webhooks: {
      delivered: stage.deliveries.filter((d) => !d.refused).length,
      accepted: stage.deliveries.filter(accepted).length,
    },
    pollIntervalSeconds: pollIntervalSeconds(
      stage.requests,
      allStimuli(stage.stimuli, stage.deliveries),
    ),
    askedPollSeconds,
  }
}
