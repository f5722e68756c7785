// The claim-safety checker of a race: reads a recorded history and the fake's final state and
// reports every break of the six invariants of DESIGN §5, each with the operations that show it.
// Every check is one or two passes over the history with maps and sets, so checking is linear
// in the history's length.
import type { FinalState } from '../final-state.ts'
import type { History } from '../history.ts'
import { buildContext } from './context.ts'
import { countHistory } from './counts.ts'
import { checkHistoryExplainsState } from './history-explains-state.ts'
import { checkNothingAfterEnd } from './nothing-after-end.ts'
import { checkNothingStuck } from './nothing-stuck.ts'
import { checkOldestEligible } from './oldest-eligible.ts'
import { checkOneClaimPerJob } from './one-claim-per-job.ts'
import { checkOneJobAtATime } from './one-job-at-a-time.ts'
import type { CheckOptions, CheckResult, Violation } from './types.ts'

export type * from './types.ts'

const checks = [
  checkOneClaimPerJob,
  checkNothingAfterEnd,
  checkOneJobAtATime,
  checkOldestEligible,
  checkNothingStuck,
  checkHistoryExplainsState,
]

export function checkHistory(
  history: History,
  finalState: FinalState,
  options: CheckOptions = {},
): CheckResult {
  const ctx = buildContext(history, finalState)
  const only = options.invariants
  const found = checks.flatMap((check, i) => (only && !only.includes(i + 1) ? [] : check(ctx)))
  const violations = sortViolations(found).slice(0, options.maxViolations ?? 1000)
  return { valid: found.length === 0, violations, counts: countHistory(ctx, found.length) }
}

const firstIndex = (v: Violation): number => v.operations[0]?.index ?? Number.POSITIVE_INFINITY

/** By the index of the first operation (stable: same index keeps invariant order). */
function sortViolations(violations: Violation[]): Violation[] {
  return violations
    .map((violation, order) => ({ violation, order, at: firstIndex(violation) }))
    .sort((a, b) => (a.at === b.at ? a.order - b.order : a.at - b.at))
    .map(({ violation }) => violation)
}
