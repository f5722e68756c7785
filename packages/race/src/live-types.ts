// The vocabulary of a live race: what a running race tells its viewer (events, batched) and what
// the viewer can ask of it (commands). The TUI's reducers consume these events; nothing here
// depends on how the race runs.
import type { PassReport } from '@fake-pleo/client/claimer'
import type { ExportJobStatus, UnsafeMode } from '@fake-pleo/contract'
import type { Violation } from './checker/types.ts'
import type { Operation } from './history.ts'
import type { FaultPreset, Scenario } from './scenario.ts'
import type { RaceSummary } from './summary.ts'

export type WorkerTrigger = 'webhook' | 'poll'

/** How many jobs the fake holds in each status, and what is about to happen. */
export type JobsSnapshot = {
  counts: Record<ExportJobStatus, number>
  /** The oldest pending job's age on the virtual clock (ms), if any is pending. */
  oldestPendingAgeMs: number | null
  /** When the next open job expires, virtual epoch ms (null: none open). */
  nextExpiryAt: number | null
  /** The most recent jobs, newest first. */
  recent: { id: string; status: string; createdAt: string }[]
}

export type LiveEvent =
  /** Every recorded operation, in order (claims, 422s, deliveries are read from these). */
  | { type: 'operation'; operation: Operation }
  | { type: 'pass'; worker: number; report: PassReport }
  | { type: 'worker-added'; worker: number; trigger: WorkerTrigger }
  | { type: 'worker-removed'; worker: number }
  | { type: 'worker-killed'; worker: number }
  | { type: 'worker-restarted'; worker: number }
  /** A webhook delivery attempt the fake made (status null: no answer). */
  | { type: 'delivery'; worker: number | null; status: number | null; fault: string | null }
  /** About four times a second: the virtual clock, its speed, the jobs, the verdict so far. */
  | {
      type: 'tick'
      now: number
      speed: number
      paused: boolean
      jobs: JobsSnapshot
      /** Violations of invariants 1-4 found so far (the first few). */
      violations: Violation[]
      violationCount: number
      claimsWon: number
    }
  | {
      type: 'settings'
      faults: FaultPreset
      /** Whether any unsafe mode is on. */
      unsafe: boolean
      /** The server's unsafe modes now on (none: the safe server). */
      unsafeModes?: readonly UnsafeMode[]
      speed: number
      paused: boolean
    }
  | { type: 'saved'; file: string; operations: number }
  | { type: 'restarted'; scenario: Scenario }
  | { type: 'stopped'; summary: RaceSummary }
  | { type: 'error'; message: string }

export type LiveCommand =
  | { type: 'add-worker' }
  | { type: 'remove-worker' }
  | { type: 'kill-random-worker' }
  | { type: 'press-export'; count?: number }
  | { type: 'set-faults'; preset: FaultPreset }
  /** The unsafe modes to run with (`true`: `claims` alone, `false`: none). */
  | { type: 'set-unsafe'; unsafe: boolean | readonly UnsafeMode[] }
  | { type: 'set-speed'; speed: number }
  | { type: 'pause'; paused: boolean }
  | { type: 'save-history'; file: string }

/** A race running until stopped; events arrive in batches (at most every `batchMs`). */
export type LiveRace = {
  readonly scenario: Scenario
  send(command: LiveCommand): void
  subscribe(listener: (events: readonly LiveEvent[]) => void): () => void
  /** Stops the workers and the nemesis, checks the whole history and closes the fake. */
  stop(): Promise<RaceSummary>
}
