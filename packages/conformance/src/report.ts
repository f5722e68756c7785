// What a conformance run produces (and `fake-pleo race --cmd`, one result per invariant, so it
// is rendered by the same reporters): one result per scenario of the plan (the rule it checks, what
// was expected, what the fake observed, and the journal lines that prove it), the integration's
// observed profile (how it detected jobs, how it authenticated, how often it polled) and a
// summary. The reporters (pretty, JSON, JUnit XML, TAP) render this; the exit code is decided
// from it.

export const scenarioGroups = [
  'Detection',
  'Selection',
  'Claiming',
  'Processing',
  'Recovery',
  'Authentication',
  // The invariants `fake-pleo race --cmd` judges (not part of conform's plan).
  'Claim safety',
] as const
export type ScenarioGroup = (typeof scenarioGroups)[number]

/**
 * pass: the rule held. fail: it did not. error: the kit could not run the scenario. warning: a
 * soft rule did not hold (reported; fails the run only with `strictWarnings`). not-applicable:
 * the rule could not be judged for this integration, decided from what it did (the reason is the
 * evidence's `observed`).
 */
export const outcomes = ['pass', 'fail', 'error', 'warning', 'not-applicable'] as const
export type Outcome = (typeof outcomes)[number]

export type Evidence = {
  /** What the rule asks, in one sentence. */
  expected: string
  /** What the fake observed, in one sentence (for not-applicable: why the rule was not judged). */
  observed: string
  /** Journal lines (or other records) that prove it, e.g. "12:00:01 POST /v3/export-job-events 202 started job 4e3e…". */
  lines: string[]
}

/** How the integration's requests were authenticated: Basic (API key) or Bearer (OAuth). */
export type AuthProfile = 'api-key' | 'oauth' | 'api-key+oauth' | 'unknown'

/** What the kit saw of the integration in one scenario. */
export type ScenarioProfile = {
  auth: AuthProfile
  /** Genuine deliveries of `v1.export-job.created` sent while it listened, and those answered 2xx. */
  webhooks: { delivered: number; accepted: number }
  /** The typical gap between its own polls while idle, in seconds; null when not seen polling. */
  pollIntervalSeconds: number | null
  /** PLEO_POLL_INTERVAL in this scenario, seconds. */
  askedPollSeconds: number
}

/** What the kit saw of the integration over the whole run, so a reader knows what was tested. */
export type IntegrationProfile = {
  /** webhook: it accepted genuine deliveries; polling: it was seen polling on its own. */
  detection: 'webhook' | 'polling' | 'webhook+polling' | 'unknown'
  auth: AuthProfile
  /** The median over scenarios of the observed poll interval, seconds; null when never seen. */
  pollIntervalSeconds: number | null
  /** The shortest and longest interval observed in a scenario (null when never seen). */
  pollIntervalRange: [number, number] | null
  webhooks: { delivered: number; accepted: number }
}

export type ScenarioResult = {
  id: string
  group: ScenarioGroup
  /** The rule, e.g. "takes the oldest of several pending jobs". */
  rule: string
  outcome: Outcome
  /** Listed in --expected-failures: a fail or error here does not fail the run. */
  expectedFailure: boolean
  evidence: Evidence
  durationMs: number
  /** The last lines the integration printed (stdout and stderr), for a scenario that did not pass. */
  output?: string[]
  /** What the kit saw of the integration in this scenario (absent when it could not run). */
  profile?: ScenarioProfile
}

export type Report = {
  /** `fake-pleo conform`, or `fake-pleo race` for a race over the integration's instances. */
  kit: { name: 'fake-pleo conform' | 'fake-pleo race'; version: string }
  integration: { command: string; reference: boolean }
  /** Lines about the run for the report's header (a race's instances, jobs and nemesis). */
  notes?: string[]
  /** A warning fails the run (`--strict-warnings`). */
  strictWarnings: boolean
  /**
   * The fake accepted the how-tos' spellings (`exportJobId`, `companyId`: `--lenient`), so an
   * integration that sends them could pass; real Pleo refuses them.
   */
  lenient: boolean
  profile: IntegrationProfile
  startedAt: string
  durationMs: number
  results: ScenarioResult[]
}

export type Summary = {
  total: number
  passed: number
  failed: number
  errors: number
  /** Warnings that do not fail the run (all of them, unless strict; then those not listed). */
  warnings: number
  notApplicable: number
  /** Failed, errored (or a warning under strict warnings), but listed as expected. */
  expectedFailures: number
  /** Listed as expected to fail, but passed (worth removing from the list). */
  unexpectedPasses: number
}

/** Would this result fail the run if it were not listed as an expected failure? */
export function isFailing(result: ScenarioResult, strictWarnings: boolean): boolean {
  return (
    result.outcome === 'fail' ||
    result.outcome === 'error' ||
    (strictWarnings && result.outcome === 'warning')
  )
}

/** Counts in disjoint buckets: their sum is `total`. */
export function summarise(report: Report): Summary {
  const r = report.results
  const strict = report.strictWarnings
  const listed = (x: ScenarioResult) => x.expectedFailure && isFailing(x, strict)
  const count = (outcome: ScenarioResult['outcome']) =>
    r.filter((x) => x.outcome === outcome && !listed(x)).length
  return {
    total: r.length,
    passed: count('pass'),
    failed: count('fail'),
    errors: count('error'),
    warnings: count('warning'),
    notApplicable: count('not-applicable'),
    expectedFailures: r.filter(listed).length,
    unexpectedPasses: r.filter((x) => x.outcome === 'pass' && x.expectedFailure).length,
  }
}

/** 0: nothing fails the run (failures listed as expected do not); 1: something does. */
export function exitCodeOf(report: Report): 0 | 1 {
  const failing = report.results.filter(
    (r) => !r.expectedFailure && isFailing(r, report.strictWarnings),
  )
  return failing.length === 0 ? 0 : 1
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const round1 = (n: number) => Math.round(n * 10) / 10

/** The run's profile from the scenarios' (results without a profile are left out). */
export function mergeProfiles(profiles: readonly ScenarioProfile[]): IntegrationProfile {
  const auths = new Set(profiles.map((p) => p.auth).filter((a) => a !== 'unknown'))
  const basic = auths.has('api-key') || auths.has('api-key+oauth')
  const bearer = auths.has('oauth') || auths.has('api-key+oauth')
  const auth: AuthProfile =
    basic && bearer ? 'api-key+oauth' : basic ? 'api-key' : bearer ? 'oauth' : 'unknown'
  const intervals = profiles.flatMap((p) =>
    p.pollIntervalSeconds === null ? [] : [p.pollIntervalSeconds],
  )
  const webhooks = {
    delivered: profiles.reduce((n, p) => n + p.webhooks.delivered, 0),
    accepted: profiles.reduce((n, p) => n + p.webhooks.accepted, 0),
  }
  const polls = intervals.length > 0
  const detection =
    webhooks.accepted > 0 && polls
      ? 'webhook+polling'
      : webhooks.accepted > 0
        ? 'webhook'
        : polls
          ? 'polling'
          : 'unknown'
  return {
    detection,
    auth,
    pollIntervalSeconds: polls ? round1(median(intervals)) : null,
    pollIntervalRange: polls ? [Math.min(...intervals), Math.max(...intervals)] : null,
    webhooks,
  }
}

/** The profile in one line: "webhook+polling, API key, polls about every 2.0 s (1.0–2.0 s)". */
export function describeProfile(profile: IntegrationProfile): string {
  const auth = {
    'api-key': 'API key',
    oauth: 'OAuth',
    'api-key+oauth': 'API key and OAuth',
    unknown: 'no authenticated request seen',
  }[profile.auth]
  const range = profile.pollIntervalRange
  const spread =
    range && range[0] !== range[1] ? ` (${range[0].toFixed(1)}–${range[1].toFixed(1)} s)` : ''
  const polls =
    profile.pollIntervalSeconds === null
      ? 'not seen polling on its own'
      : `polls about every ${profile.pollIntervalSeconds.toFixed(1)} s${spread}`
  const hooks = `${profile.webhooks.accepted} of ${profile.webhooks.delivered} deliveries accepted`
  return `${profile.detection}, ${auth}, ${polls}, ${hooks}`
}
