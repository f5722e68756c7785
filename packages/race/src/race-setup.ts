// What every race builds around its environment, in one place for the headless run (engine.ts)
// and the live one (live.ts): the scenario's seeded randomness and shared books, its workers (each
// a reference claimer; a webhook worker subscribes its endpoint as it joins), the fault preset set
// through the environment, the nemesis, and at the end the final read, the check and the summary.
// The callers keep their own order of these steps (the headless run subscribes every worker
// before any starts; the live one starts each as it joins), so a seed replays as before.
import { createRandom } from '@fake-pleo/contract'
import type { PassReport } from '@fake-pleo/client/claimer'
import { createBooks, type Books } from './books.ts'
import { checkHistory, type CheckResult } from './checker/index.ts'
import type { CheckOptions } from './checker/types.ts'
import type { RaceEnvironment } from './environment.ts'
import type { FinalState } from './final-state.ts'
import { readFinalState } from './final-read.ts'
import type { Recorder } from './history.ts'
import { createNemesis } from './nemesis.ts'
import { faultRules, type FaultPreset, type Scenario } from './scenario.ts'
import { subscribeWorker } from './subscribe.ts'
import { summarise, type RaceSummary } from './summary.ts'
import { scenarioWorker, type Worker, type WorkerTrigger } from './worker.ts'

export type RaceSetupOptions = {
  scenario: Scenario
  env: RaceEnvironment
  recorder: Recorder
  /** Is the race still running? Workers stop once it is not. */
  running: () => boolean
  /** A worker's pass threw. */
  onWorkerError: (worker: number, error: unknown) => void
  /** Something the nemesis could not do. */
  onNemesisError: (message: string) => void
  onPass?: (worker: number, report: PassReport) => void
}

export type RaceSetup = {
  books: Books
  workers: Worker[]
  /** Adds the next worker and subscribes it (webhook workers); answers it and its subscription. */
  join(trigger: WorkerTrigger): Promise<{ worker: Worker; subscription: string | undefined }>
  /** Sets a fault preset's rules on the environment (`none` clears them). */
  setFaults(preset: FaultPreset): Promise<void>
  /** The scenario's nemesis over the workers so far; `created` collects the jobs it made. */
  nemesis(created: string[]): ReturnType<typeof createNemesis>
  /**
   * Clears the faults, reads the final state and checks the history against it; `realMs` is read
   * when the summary is written.
   */
  finish(timing: { realMs: () => number; simStart: number }, check?: CheckOptions): Promise<RaceEnd>
}

export type RaceEnd = { finalState: FinalState; check: CheckResult; summary: RaceSummary }

export function createRaceSetup(options: RaceSetupOptions): RaceSetup {
  const { scenario, env, recorder } = options
  const random = createRandom(`race-${scenario.seed}`)
  const books = createBooks(scenario.itemSeconds * 1000)
  const workers: Worker[] = []
  const faultSeed = `race-${scenario.seed}`
  const workerDeps = {
    scenario,
    books,
    env,
    recorder,
    running: options.running,
    onError: options.onWorkerError,
    ...(options.onPass ? { onPass: options.onPass } : {}),
  }
  return {
    books,
    workers,
    async join(trigger) {
      const worker = scenarioWorker(workerDeps, workers.length, trigger)
      workers.push(worker)
      return { worker, subscription: await subscribeWorker(env, worker) }
    },
    setFaults: (preset) => env.setFaults(faultSeed, faultRules(preset)),
    nemesis: (created) =>
      createNemesis({
        env,
        recorder,
        scenario,
        workers,
        random,
        created,
        onError: options.onNemesisError,
      }),
    async finish({ realMs, simStart }, checkOptions) {
      await env.setFaults(faultSeed, [])
      const finalState = await readFinalState(env)
      const history = recorder.operations
      const check = checkHistory(history, finalState, checkOptions)
      const summary = summarise({
        history,
        finalState,
        check,
        books,
        realMs: realMs(),
        simMs: env.now() - simStart,
      })
      return { finalState, check, summary }
    },
  }
}
