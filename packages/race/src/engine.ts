// runRace: one race from a scenario. It builds the environment (in-process on the seeded
// scheduler, or a real port), starts the workers (webhook workers subscribe their endpoint), lets
// the nemesis press Export, steal and kill, drives the run until every job has ended (or a bound
// on the virtual clock), reads the final state and checks the history against it.
import type { PassReport } from '@fake-pleo/client/claimer'
import type { CheckResult } from './checker/index.ts'
import type { RaceEnvironment } from './environment.ts'
import type { FinalState } from './final-state.ts'
import { openJobs } from './final-read.ts'
import { createRecorder, type Operation } from './history.ts'
import { inProcessEnvironment } from './in-process.ts'
import { createRaceSetup } from './race-setup.ts'
import type { Scenario } from './scenario.ts'
import type { RaceSummary } from './summary.ts'

export type Transport = 'in-process' | 'http'

export type RaceOptions = {
  transport?: Transport
  /** Builds the environment (default: by transport). */
  environment?: (scenario: Scenario) => Promise<RaceEnvironment> | RaceEnvironment
  /** Over HTTP: virtual milliseconds per real millisecond (default 10). */
  speed?: number
  onOperation?: (operation: Operation) => void
  onPass?: (worker: number, report: PassReport) => void
}

export type RaceResult = {
  scenario: Scenario
  transport: Transport
  history: Operation[]
  finalState: FinalState
  check: CheckResult
  summary: RaceSummary
  /** `stalled`: the virtual-time bound was reached before every job ended. */
  end: 'done' | 'stalled'
  /** What went wrong outside the race itself: a worker's pass threw, a job could not be made. */
  errors: string[]
  /** Trouble the environment reported and the race survived (an attached server's clock). */
  warnings: string[]
}

async function environmentFor(scenario: Scenario, options: RaceOptions) {
  if (options.environment) return options.environment(scenario)
  if (options.transport === 'http') {
    const { httpEnvironment } = await import('./over-http.ts')
    return httpEnvironment(scenario, options.speed !== undefined ? { speed: options.speed } : {})
  }
  return inProcessEnvironment(scenario)
}

export async function runRace(scenario: Scenario, options: RaceOptions = {}): Promise<RaceResult> {
  const env = await environmentFor(scenario, options)
  const simStart = env.now()
  const recorder = createRecorder({
    sim: () => env.now(),
    ...(options.onOperation ? { onOperation: options.onOperation } : {}),
  })
  const errors: string[] = []
  const warnings: string[] = []
  const unwatch = env.onWarning?.((message) => warnings.push(message))
  let running = true
  try {
    const setup = createRaceSetup({
      scenario,
      env,
      recorder,
      running: () => running,
      onWorkerError: (worker, error) => errors.push(`worker ${worker}: ${String(error)}`),
      onNemesisError: (message) => errors.push(`nemesis: ${message}`),
      ...(options.onPass ? { onPass: options.onPass } : {}),
    })
    for (let id = 0; id < scenario.workers; id++) {
      await setup.join(id < scenario.webhookWorkers ? 'webhook' : 'poll')
    }
    const { workers } = setup
    await setup.setFaults(scenario.faults)
    const nemesis = setup.nemesis([])
    for (const worker of workers) worker.start()
    let creating = true
    let drained = false
    /** Presses Export, then waits for every job to end (expiry included). */
    const drain = async () => {
      await nemesis.run()
      await nemesis.settled()
      creating = false
      while (running) {
        // A paused zombie worker still has a write to send once its job has expired.
        const pausing = workers.some((worker) => worker.pausing)
        if (!pausing && (await openJobs(env)) === 0) {
          drained = true
          return
        }
        await env.sleep(1000, 'nemesis')
      }
    }
    drain().catch((error: unknown) => {
      if (running) errors.push(`nemesis: ${String(error)}`)
    })
    const arrivalMs =
      Math.ceil(scenario.jobs / scenario.arrival.batch) * scenario.arrival.everySeconds * 1000
    const bound = arrivalMs + 4 * scenario.expiresIn * 1000 + 600_000
    const raceStarted = performance.now()
    const end = await env.drive(() => !creating && drained, bound)
    const realMs = performance.now() - raceStarted
    running = false
    const { finalState, check, summary } = await setup.finish({ realMs: () => realMs, simStart })
    return {
      scenario,
      transport: options.transport ?? 'in-process',
      history: recorder.operations,
      finalState,
      check,
      summary,
      end,
      errors,
      warnings,
    }
  } finally {
    unwatch?.()
    running = false
    await env.close()
  }
}
