// The counterexample file a campaign saves (`--out FILE`) and `fake-pleo race --replay FILE` reads:
// one JSON object with the scenario (its seed replays the race exactly in-process), the history,
// the violations, the final state and where the campaign found it (fast-check's seed and path).
import { z } from 'zod'
import type { Operation } from '../history.ts'
import { scenarioSchema, type Scenario } from '../scenario.ts'
import type { CampaignResult, Counterexample } from './types.ts'

export const counterexampleKind = 'fake-pleo-race-counterexample'

export type CounterexampleFile = Counterexample & {
  kind: typeof counterexampleKind
  /** The scenario's seed, repeated for readers: `--seed` with the scenario replays the race. */
  seed: number
  campaign: {
    seed: number
    path: string | null
    runs: number
    shrinkRuns: number
    shrinks: number
    firstFailure: CampaignResult['firstFailure']
  }
}

export function counterexampleFile(result: CampaignResult): CounterexampleFile | null {
  const found = result.counterexample
  if (!found) return null
  const { seed, path, runs, shrinkRuns, shrinks, firstFailure } = result
  return {
    kind: counterexampleKind,
    seed: found.scenario.seed,
    ...found,
    campaign: { seed, path, runs, shrinkRuns, shrinks, firstFailure },
  }
}

const fileSchema = z.object({
  kind: z.literal(counterexampleKind),
  scenario: scenarioSchema,
  history: z.array(z.object({ index: z.number(), process: z.unknown(), f: z.string() }).loose()),
})

/** What a replay needs from a counterexample file; throws a readable message on a bad one. */
export function readCounterexampleFile(text: string): { scenario: Scenario; history: Operation[] } {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new Error('not JSON')
  }
  const checked = fileSchema.safeParse(parsed)
  if (!checked.success) {
    const issue = checked.error.issues[0]
    throw new Error(
      `not a counterexample file (${issue?.path.join('.') || 'value'}: ${issue?.message})`,
    )
  }
  return {
    scenario: checked.data.scenario,
    // The history as written: the schema's output would reorder each operation's keys.
    history: (parsed as { history: Operation[] }).history,
  }
}
