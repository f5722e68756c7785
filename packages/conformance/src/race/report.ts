// A race over an integration's instances as a conformance report, so `conform`'s reporters
// (pretty, JSON, JUnit, TAP) render it and CI reads it the same way: one result per invariant of
// DESIGN §5 (RACE-001 … RACE-006, group "Claim safety"), failed when the checker found a
// violation of it, with the violations as what was observed, the operations that show them as
// evidence (which instance, which request, what the fake answered) and the last lines the
// instances involved printed. A race that could not run is an `error` on every invariant.
import type { Operation, Violation } from '@fake-pleo/race'
import { observeProfile } from '../observe.ts'
import { mergeProfiles, type Report, type ScenarioResult } from '../report.ts'
import type { IntegrationRaceResult } from './run.ts'

/** The invariants, numbered as in DESIGN §5, as the rules of the report. */
export const raceInvariants = [
  { id: 'RACE-001', rule: 'at most one started per job is accepted; every other is refused' },
  {
    id: 'RACE-002',
    rule: 'no event or item update is accepted on a job after it expired or ended',
  },
  { id: 'RACE-003', rule: 'each instance holds at most one job at a time' },
  { id: 'RACE-004', rule: 'an instance claims only the oldest eligible job of its latest listing' },
  { id: 'RACE-005', rule: 'every job ends completed, completed_with_errors, failed or expired' },
  { id: 'RACE-006', rule: "the fake's final state is explained by the history" },
] as const

/** Violations shown in full per invariant; evidence operations shown per violation. */
const shownViolations = 5
const shownOperations = 8

/** The checker speaks of workers; a race over instances names them so. */
const named = (text: string) => text.replace(/\bworker (\d+)/g, 'instance $1')

const short = (id: string | undefined) => (id ? id.slice(0, 8) : '')

/** One operation as an evidence line: `+1.23s instance 1 ok claim 4e3e9b87`. */
export function describeOperation(op: Operation): string {
  const who = op.process === 'nemesis' ? 'nemesis' : `instance ${op.process}`
  const value =
    op.value === undefined || op.value === null ? '' : ` ${JSON.stringify(op.value).slice(0, 140)}`
  const at = (op.time / 1e9).toFixed(2)
  return `#${op.index} +${at}s ${who} ${op.type} ${op.f}${op.jobId ? ` ${short(op.jobId)}` : ''}${value}`
}

function evidenceLines(violations: readonly Violation[]): string[] {
  return violations
    .slice(0, shownViolations)
    .flatMap((v) => [
      `[${v.rule}] ${named(v.message)}`,
      ...v.operations.slice(0, shownOperations).map((op) => `  ${describeOperation(op)}`),
    ])
}

function outputOf(result: IntegrationRaceResult, violations: readonly Violation[]): string[] {
  const involved = new Set(
    violations.flatMap((v) => (typeof v.process === 'number' ? [v.process] : [])),
  )
  return result.instances
    .filter((i) => involved.has(i.index))
    .flatMap((i) => i.output.slice(-10).map((line) => `[instance ${i.index}] ${line}`))
}

function invariantResult(result: IntegrationRaceResult, number: number): ScenarioResult {
  const { id, rule } = raceInvariants[number - 1]!
  const base = {
    id,
    group: 'Claim safety' as const,
    rule,
    expectedFailure: false,
    durationMs: result.durationMs,
  }
  if (result.error !== undefined) {
    return {
      ...base,
      outcome: 'error',
      evidence: { expected: rule, observed: `the race could not run: ${result.error}`, lines: [] },
      output: result.instances.flatMap((i) =>
        i.output.slice(-5).map((l) => `[instance ${i.index}] ${l}`),
      ),
    }
  }
  const violations = result.check.violations.filter((v) => v.invariant === number)
  if (violations.length === 0) {
    return { ...base, outcome: 'pass', evidence: { expected: rule, observed: 'held', lines: [] } }
  }
  const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : ''
  return {
    ...base,
    outcome: 'fail',
    evidence: {
      expected: rule,
      observed: `${named(violations[0]!.message)}${more}`,
      lines: evidenceLines(violations),
    },
    output: outputOf(result, violations),
  }
}

function notes(result: IntegrationRaceResult): string[] {
  const s = result.scenario
  const c = result.check.counts
  const restarts = result.instances.reduce((n, i) => n + i.starts - 1, 0)
  return [
    `race: seed ${s.seed}, ${s.workers} instances, ${result.created.length} of ${s.jobs} jobs pressed ${s.arrival.batch} at a time every ${s.arrival.everySeconds} s, faults ${s.faults}, ${s.steals} steals, ${restarts} kills and restarts, expiry window ${s.expiresIn} s`,
    `history: ${c.operations} operations, ${c.claimsWon} claims won, ${c.claimsLost} lost, ${c.finishesOk} jobs finished by an instance${result.end === 'stalled' ? '; STALLED: the time was up before every job ended' : ''}`,
    ...result.errors.slice(0, 3).map((e) => `kit: ${e}`),
  ]
}

/** The race's profile: each instance's own, merged (deliveries counted once). */
function profileOf(result: IntegrationRaceResult, keys: readonly string[]) {
  const { requests, deliveries, stimuli } = result.stage
  const all = [...stimuli, ...deliveries.map((d) => d.at)]
  return mergeProfiles(
    keys.map((key, i) =>
      observeProfile(
        {
          requests: requests.filter((c) => c.apiKey === key),
          deliveries: i === 0 ? deliveries : [],
          stimuli: all,
        },
        result.scenario.pollSeconds,
      ),
    ),
  )
}

export function raceReport(result: IntegrationRaceResult): Report {
  return {
    kit: { name: 'fake-pleo race', version: result.version },
    integration: { command: result.command, reference: false },
    notes: notes(result),
    strictWarnings: false,
    lenient: false,
    profile: profileOf(
      result,
      result.instances.map((i) => i.apiKey),
    ),
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    results: raceInvariants.map((_, i) => invariantResult(result, i + 1)),
  }
}
