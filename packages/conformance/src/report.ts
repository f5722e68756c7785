// What a conformance run produces: one result per scenario of the plan (the rule it checks, what
// was expected, what the fake observed, and the journal lines that prove it) and a summary. The
// reporters (pretty, JSON, JUnit XML, TAP) render this; the exit code is decided from it.

export const scenarioGroups = [
  'Detection',
  'Selection',
  'Claiming',
  'Processing',
  'Recovery',
] as const
export type ScenarioGroup = (typeof scenarioGroups)[number]

/** pass: the rule held. fail: it did not. error: the kit could not run the scenario. */
export type Outcome = 'pass' | 'fail' | 'error'

export type Evidence = {
  /** What the rule asks, in one sentence. */
  expected: string
  /** What the fake observed, in one sentence. */
  observed: string
  /** Journal lines (or other records) that prove it, e.g. "12:00:01 POST /v3/export-job-events 202 started job 4e3e…". */
  lines: string[]
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
  /** The last lines the integration printed (stdout and stderr), for a failing scenario. */
  output?: string[]
}

export type Report = {
  kit: { name: 'fake-pleo conform'; version: string }
  integration: { command: string; reference: boolean }
  startedAt: string
  durationMs: number
  results: ScenarioResult[]
}

export type Summary = {
  total: number
  passed: number
  failed: number
  errors: number
  /** Failed or errored, but listed as expected. */
  expectedFailures: number
  /** Listed as expected to fail, but passed (worth removing from the list). */
  unexpectedPasses: number
}

export function summarise(report: Report): Summary {
  const r = report.results
  const unexpected = (x: ScenarioResult) => !x.expectedFailure
  return {
    total: r.length,
    passed: r.filter((x) => x.outcome === 'pass').length,
    failed: r.filter((x) => x.outcome === 'fail' && unexpected(x)).length,
    errors: r.filter((x) => x.outcome === 'error' && unexpected(x)).length,
    expectedFailures: r.filter((x) => x.outcome !== 'pass' && x.expectedFailure).length,
    unexpectedPasses: r.filter((x) => x.outcome === 'pass' && x.expectedFailure).length,
  }
}

/** 0: every scenario passed (or failed as expected); 1: a scenario failed or could not run. */
export function exitCodeOf(report: Report): 0 | 1 {
  const s = summarise(report)
  return s.failed + s.errors === 0 ? 0 : 1
}
