// A scripted stand-in for the live race engine: it records the commands sent to it and lets a
// test push events to its subscribers. It doubles the engine, not the view.
import { scenario as makeScenario, type Scenario } from '@fake-pleo/race'
import type { LiveCommand, LiveEvent, LiveRace, RaceSummary } from '../../src/race-types.ts'

export type ScriptedRace = LiveRace & {
  readonly sent: LiveCommand[]
  readonly stopped: boolean
  push(...events: LiveEvent[]): void
}

export const summaryOf = (overrides: Partial<RaceSummary> = {}): RaceSummary => ({
  jobs: 0,
  claimsWon: 0,
  claimsLost: 0,
  conflicts: 0,
  steals: 0,
  kills: 0,
  faults: 0,
  requests: 0,
  completed: 0,
  completedWithErrors: 0,
  failed: 0,
  expired: 0,
  open: 0,
  doubleBooked: 0,
  rebooked: 0,
  durationMs: 0,
  simSeconds: 0,
  claimsPerSecond: 0,
  zombies: 0,
  paused: 0,
  violations: 0,
  ...overrides,
})

export function scriptedRace(scenario: Scenario = makeScenario(42)): ScriptedRace {
  const listeners = new Set<(events: readonly LiveEvent[]) => void>()
  const sent: LiveCommand[] = []
  let stopped = false
  return {
    scenario,
    sent,
    get stopped() {
      return stopped
    },
    send: (command) => void sent.push(command),
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    push(...events) {
      for (const listener of listeners) listener(events)
    },
    stop() {
      stopped = true
      return Promise.resolve(summaryOf())
    },
  }
}
