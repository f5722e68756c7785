// The vocabulary of a property campaign: what it is asked (runs, the fast-check seed, the unsafe
// modes, the scenario limits), what it tells its viewer while it runs (events) and what it ends
// with (the shrunk counterexample, if any, with everything needed to replay it).
import type { UnsafeMode } from '@fake-pleo/contract'
import type { ScenarioLimits } from '../arbitraries.ts'
import type { Violation } from '../checker/types.ts'
import type { FinalState } from '../final-state.ts'
import type { Operation } from '../history.ts'
import type { Scenario } from '../scenario.ts'
import type { RaceSummary } from '../summary.ts'

/** `search`: a run fast-check generated; `shrink`: a smaller candidate of a failing one. */
export type CampaignPhase = 'search' | 'shrink'

/** What one race of the campaign ended with. */
export type CampaignRun = {
  phase: CampaignPhase
  scenario: Scenario
  /** False when the checker found a violation (or the race could not run as planned). */
  held: boolean
  operations: number
  /** The first violation, if any. */
  violation: Violation | null
  /** Errors outside the race itself (a worker's pass threw). */
  errors: string[]
  /** Whether this run's interleaving had not been seen before in the campaign. */
  fresh: boolean
}

export type CampaignEvent =
  | { type: 'started'; runs: number; seed: number; unsafe: readonly UnsafeMode[] }
  | { type: 'run-started'; phase: CampaignPhase; scenario: Scenario }
  | { type: 'run-ended'; run: CampaignRun }
  | { type: 'finished'; result: CampaignResult }

/** A failing race, kept whole: the scenario (its seed included), the history and the verdict. */
export type Counterexample = {
  scenario: Scenario
  history: Operation[]
  finalState: FinalState
  violations: Violation[]
  errors: string[]
  summary: RaceSummary
}

export type CampaignResult = {
  /** fast-check's seed: the same seed, runs and modes replay the same campaign. */
  seed: number
  runsAsked: number
  /** Generated runs made (fewer than asked when one failed or the campaign was stopped). */
  runs: number
  /** Races run while shrinking, and how many of them were smaller counterexamples. */
  shrinkRuns: number
  shrinks: number
  /** Distinct interleavings (orders of operations) among every race run. */
  interleavings: number
  elapsedMs: number
  interrupted: boolean
  /** The shrunk counterexample, and fast-check's path to it (`seed` + `path` replay it). */
  counterexample: Counterexample | null
  path: string | null
  /** The first failing run before shrinking: its scenario and how long its history was. */
  firstFailure: { scenario: Scenario; operations: number } | null
}

export type CampaignOptions = {
  runs: number
  /** fast-check's seed (default: a random one, reported in the result). */
  seed?: number
  unsafe?: readonly UnsafeMode[]
  /** Bounds of the generated scenarios (default: campaignLimits). */
  limits?: ScenarioLimits
  onEvent?: (event: CampaignEvent) => void
  /** True once the campaign should stop: later runs pass without racing. */
  stopped?: () => boolean
}
