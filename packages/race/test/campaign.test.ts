// Property campaigns in-process: on each unsafe mode the campaign finds a race the checker
// rejects (naming the mode's invariant), fast-check shrinks it to a scenario no larger than the
// first failing one in any knob, and that scenario raced again replays the same history and the
// same violation. Small bounds keep each campaign to a few seconds.
import { describe, expect, it } from 'vitest'
import type { UnsafeMode } from '@fake-pleo/contract'
import type { ScenarioLimits } from '../src/arbitraries.ts'
import { runCampaign } from '../src/campaign/run-campaign.ts'
import type { CampaignEvent } from '../src/campaign/types.ts'
import { runRace } from '../src/engine.ts'
import type { Scenario } from '../src/scenario.ts'
import { withoutTime } from './support.ts'

const one: ScenarioLimits = {
  maxWorkers: 1,
  maxJobs: 1,
  maxItems: 1,
  maxKills: 0,
  faults: ['none'],
}
const modes: { mode: UnsafeMode; invariant: number; rule: string; limits: ScenarioLimits }[] = [
  {
    mode: 'claims',
    invariant: 1,
    rule: 'one-claim-per-job',
    limits: { ...one, maxWorkers: 2, maxJobs: 2, maxSteals: 0, maxZombies: 0 },
  },
  { mode: 'late-items', invariant: 2, rule: 'nothing-after', limits: { ...one, maxSteals: 1 } },
  { mode: 'second-final', invariant: 2, rule: 'nothing-after', limits: { ...one, maxSteals: 1 } },
  {
    mode: 'big-batches',
    invariant: 2,
    rule: 'item-update-limit',
    limits: { ...one, maxSteals: 1 },
  },
  {
    mode: 'no-expiry',
    invariant: 5,
    rule: 'nothing-stuck',
    limits: { ...one, maxSteals: 1, maxZombies: 0, expiresIn: 30 },
  },
]

/** The knobs fast-check shrinks, each toward its smallest value. */
const knobs = (s: Scenario) => [
  s.workers,
  s.jobs,
  s.items[1],
  s.arrival.batch,
  s.arrival.everySeconds,
  s.steals,
  s.kills,
  s.zombies,
  s.webhookWorkers,
  s.seed,
]

describe.each(modes)('a campaign on the unsafe mode $mode', ({ mode, invariant, rule, limits }) => {
  it(
    `finds invariant ${invariant} broken, shrinks it and replays it`,
    { timeout: 60_000 },
    async () => {
      const events: CampaignEvent[] = []
      const result = await runCampaign({
        runs: 40,
        seed: 1,
        unsafe: [mode],
        limits,
        onEvent: (e) => events.push(e),
      })
      const found = result.counterexample
      expect(found, 'no counterexample').not.toBeNull()
      if (!found) return
      const violation = found.violations[0]
      expect(violation?.invariant).toBe(invariant)
      expect(violation?.rule.startsWith(rule)).toBe(true)
      expect(found.scenario.unsafe).toEqual([mode])
      // Shrunk: fast-check found smaller failing scenarios, none larger than the first in any knob.
      const first = result.firstFailure
      expect(first).not.toBeNull()
      expect(result.shrinks).toBeGreaterThan(0)
      const shrunk = knobs(found.scenario)
      const original = knobs(first!.scenario)
      shrunk.forEach((value, i) => expect(value).toBeLessThanOrEqual(original[i]!))
      expect(shrunk).not.toEqual(original)
      // The events tell the same story: generated runs, then shrinking races.
      const ended = events.flatMap((e) => (e.type === 'run-ended' ? [e.run] : []))
      expect(ended.filter((r) => r.phase === 'search')).toHaveLength(result.runs)
      expect(ended.filter((r) => r.phase === 'shrink')).toHaveLength(result.shrinkRuns)
      expect(ended.find((r) => !r.held)?.phase).toBe('search')
      expect(events.at(-1)).toEqual({ type: 'finished', result })
      // The counterexample's scenario replays exactly: same history, same verdict.
      const again = await runRace(found.scenario)
      expect(withoutTime(again.history)).toEqual(withoutTime(found.history))
      const timeless = (v: typeof violation) => v && { ...v, operations: withoutTime(v.operations) }
      expect(timeless(again.check.violations[0])).toEqual(timeless(violation))
    },
  )
})
