// A property campaign: fast-check generates scenarios (workers, jobs, triggers, faults, steals,
// kills, zombie moves: the scenario arbitraries), each one is raced in-process on the seeded
// scheduler and judged by the checker. On a failing scenario fast-check's own shrinking looks for
// a smaller one that still fails; the last failing race is the counterexample, kept whole (its
// scenario replays it exactly: decision 0007). The campaign reports every run as it ends.
import fc from 'fast-check'
import { scenarioArbitrary, type ScenarioLimits } from '../arbitraries.ts'
import { runRace, type RaceResult } from '../engine.ts'
import type { Scenario } from '../scenario.ts'
import { createInterleavingSet } from './interleavings.ts'
import type {
  CampaignOptions,
  CampaignPhase,
  CampaignResult,
  CampaignRun,
  Counterexample,
} from './types.ts'

/**
 * The campaign's default bounds: smaller than the arbitraries' own, so a race takes a fraction
 * of a second and a campaign of hundreds of runs a minute or two; shrinking goes smaller still.
 */
export const campaignLimits: ScenarioLimits = {
  maxWorkers: 4,
  maxJobs: 8,
  maxItems: 4,
  maxSteals: 2,
  maxKills: 2,
  maxZombies: 4,
}

const held = (result: RaceResult) => result.check.valid && result.errors.length === 0

function counterexampleOf(result: RaceResult): Counterexample {
  const { scenario, history, finalState, check, errors, summary } = result
  return { scenario, history, finalState, violations: check.violations, errors, summary }
}

/** Runs the campaign to its end: every run held, or a counterexample shrunk as far as it goes. */
export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31)
  const unsafe = options.unsafe ?? []
  const emit = options.onEvent ?? (() => {})
  const stopped = options.stopped ?? (() => false)
  const interleavings = createInterleavingSet()
  const started = performance.now()
  let phase: CampaignPhase = 'search'
  let runs = 0
  let shrinkRuns = 0
  let last: RaceResult | null = null
  let firstFailure: CampaignResult['firstFailure'] = null
  // A scenario races the same way every time (decision 0007), and shrinking often draws one it
  // already raced (a drawn webhook share rounds to the same count): its verdict is reused.
  const raced = new Map<string, RaceResult | 'held'>()

  const race = async (scenario: Scenario): Promise<boolean> => {
    if (stopped()) return true
    if (phase === 'search') runs += 1
    const key = JSON.stringify(scenario)
    const known = phase === 'shrink' ? raced.get(key) : undefined
    if (known === 'held') return true
    if (known) {
      last = known
      return false
    }
    if (phase === 'shrink') shrinkRuns += 1
    emit({ type: 'run-started', phase, scenario })
    const result = await runRace(scenario)
    raced.set(key, held(result) ? 'held' : result)
    const run: CampaignRun = {
      phase,
      scenario,
      held: held(result),
      operations: result.history.length,
      violation: result.check.violations[0] ?? null,
      errors: result.errors,
      fresh: interleavings.add(result.history),
    }
    emit({ type: 'run-ended', run })
    if (!run.held) {
      last = result
      firstFailure ??= { scenario, operations: run.operations }
      phase = 'shrink'
    }
    return run.held
  }

  emit({ type: 'started', runs: options.runs, seed, unsafe })
  const arbitrary = scenarioArbitrary({ ...campaignLimits, ...options.limits, unsafe: [...unsafe] })
  const details = await fc.check(fc.asyncProperty(arbitrary, race), {
    numRuns: options.runs,
    seed,
  })
  const failing = last as RaceResult | null
  const result: CampaignResult = {
    seed: details.seed,
    runsAsked: options.runs,
    runs,
    shrinkRuns,
    shrinks: details.numShrinks,
    interleavings: interleavings.size,
    elapsedMs: performance.now() - started,
    interrupted: stopped(),
    counterexample: failing ? counterexampleOf(failing) : null,
    path: details.failed ? (details.counterexamplePath ?? null) : null,
    firstFailure,
  }
  emit({ type: 'finished', result })
  return result
}
