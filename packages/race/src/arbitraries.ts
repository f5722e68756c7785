// fast-check arbitraries for race scenarios: small enough by default that one race runs in well
// under a second in-process, with every knob (workers, jobs, items, webhook share, faults, steals,
// kills, zombie moves) drawn and shrinkable. Properties over `runRace` build on these.
import fc from 'fast-check'
import type { UnsafeMode } from '@fake-pleo/contract'
import { faultPresets, scenario, type FaultPreset, type Scenario } from './scenario.ts'

export type ScenarioLimits = {
  maxWorkers?: number
  maxJobs?: number
  maxItems?: number
  faults?: readonly FaultPreset[]
  maxSteals?: number
  maxKills?: number
  maxZombies?: number
  /** The jobs' expiry window, seconds (default the scenario's). */
  expiresIn?: number
  /** The server's unsafe modes (`true`: `claims`); default none. */
  unsafe?: boolean | UnsafeMode[]
}

export function scenarioArbitrary(limits: ScenarioLimits = {}): fc.Arbitrary<Scenario> {
  const maxWorkers = limits.maxWorkers ?? 6
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      workers: fc.integer({ min: 1, max: maxWorkers }),
      jobs: fc.integer({ min: 1, max: limits.maxJobs ?? 20 }),
      items: fc.integer({ min: 1, max: limits.maxItems ?? 6 }),
      webhookShare: fc.double({ min: 0, max: 1, noNaN: true }),
      batch: fc.integer({ min: 1, max: 5 }),
      everySeconds: fc.integer({ min: 0, max: 10 }),
      faults: fc.constantFrom(...(limits.faults ?? faultPresets)),
      steals: fc.integer({ min: 0, max: limits.maxSteals ?? 3 }),
      kills: fc.integer({ min: 0, max: limits.maxKills ?? 3 }),
      zombies: fc.integer({ min: 0, max: limits.maxZombies ?? 3 }),
    })
    .map((r) =>
      scenario(r.seed, {
        workers: r.workers,
        jobs: r.jobs,
        items: [1, r.items],
        webhookWorkers: Math.round(r.workers * r.webhookShare),
        arrival: { batch: r.batch, everySeconds: r.everySeconds },
        faults: r.faults,
        steals: r.steals,
        kills: r.kills,
        zombies: r.zombies,
        unsafe: limits.unsafe ?? false,
        ...(limits.expiresIn !== undefined ? { expiresIn: limits.expiresIn } : {}),
      }),
    )
}
