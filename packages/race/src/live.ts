// startLiveRace: a race that runs until stopped, for a live view. Jobs arrive in a steady stream;
// the virtual clock is paced to real time (speed, pause); the viewer can add, remove and kill
// workers, press Export, switch fault presets, switch the server's unsafe modes on and off and
// save the history. Events reach subscribers in batches; about four times a second a `tick`
// carries the clock, the jobs and the verdict on invariants 1-4 so far. `stop()` ends the race,
// checks the whole history (invariants 1-4 and 6: an interrupted race may leave jobs open) and
// closes the fake.
import { writeFileSync } from 'node:fs'
import type { UnsafeMode } from '@fake-pleo/contract'
import { checkHistory } from './checker/index.ts'
import type { Violation } from './checker/types.ts'
import type { RaceEnvironment } from './environment.ts'
import { createRecorder, toJsonLines, type Operation } from './history.ts'
import { inProcessEnvironment } from './in-process.ts'
import { jobsSnapshot } from './live-snapshot.ts'
import type { LiveCommand, LiveRace } from './live-types.ts'
import type { createNemesis } from './nemesis.ts'
import { createPacer } from './pacer.ts'
import { createRaceSetup, type RaceSetup } from './race-setup.ts'
import { createLiveBatcher } from './live-batcher.ts'
import type { FaultPreset, Scenario } from './scenario.ts'
import type { RaceSummary } from './summary.ts'
import type { Worker } from './worker.ts'

export type LiveOptions = {
  /** Virtual seconds per real second to start with (default 2). */
  speed?: number
  /** Events are delivered at most this often (real ms, default 50). */
  batchMs?: number
  /** A tick this often (real ms, default 250). */
  tickMs?: number
  environment?: (scenario: Scenario) => Promise<RaceEnvironment> | RaceEnvironment
}

export const speedLimits = { min: 0.25, max: 256 } as const
const liveInvariants = [1, 2, 3, 4]
/** How long stop() waits, in real time, for workers and the nemesis to wind down. */
const settleLimitMs = 5_000

/** Resolves when `work` settles or after `ms` real milliseconds, whichever comes first. */
async function atMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))
  await Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    limit,
  ])
  clearTimeout(timer)
}

type Running = {
  env: RaceEnvironment
  race: RaceSetup
  workers: Worker[]
  addWorker(): Promise<void>
  nemesis: ReturnType<typeof createNemesis>
  pacer: ReturnType<typeof createPacer>
  driving: Promise<unknown>
  steadying: Promise<void>
  started: number
  simStart: number
}

export function startLiveRace(scenario: Scenario, options: LiveOptions = {}): LiveRace {
  const events = createLiveBatcher(options.batchMs)
  const emit = events.emit
  let running = true
  // The run is driven until stop() has wound every worker down (in-process, their last requests
  // only complete while the scheduler runs), not merely until `running` turns false.
  let wound = false
  let claimsWon = 0
  const settings: { faults: FaultPreset; unsafe: readonly UnsafeMode[] } = {
    faults: scenario.faults,
    unsafe: scenario.unsafe,
  }
  let now = () => Date.now()
  const recorder = createRecorder({
    sim: () => now(),
    onOperation: (operation) => {
      emit({ type: 'operation', operation })
      if (operation.process === 'nemesis') return
      if (operation.f === 'claim' && operation.type === 'ok') claimsWon += 1
      if (operation.f === 'crash') emit({ type: 'worker-killed', worker: operation.process })
      if (operation.f === 'restart') emit({ type: 'worker-restarted', worker: operation.process })
    },
  })
  const fail = (error: unknown) => {
    if (running)
      emit({ type: 'error', message: error instanceof Error ? error.message : String(error) })
  }

  const setup = async (): Promise<Running> => {
    const env = await (options.environment ?? inProcessEnvironment)(scenario)
    now = () => env.now()
    const pacer = createPacer({ speed: options.speed ?? 2, sim: () => env.now() })
    const race = createRaceSetup({
      scenario,
      env,
      recorder,
      running: () => running,
      onWorkerError: (_, error) => fail(error),
      onNemesisError: fail,
      onPass: (w, report) => emit({ type: 'pass', worker: w, report }),
    })
    const { workers } = race
    const subscriptions = new Map<string, number>()
    const addWorker = async () => {
      const id = workers.length
      const webhook = id < scenario.webhookWorkers || (id >= scenario.workers && id % 2 === 0)
      const { worker, subscription } = await race.join(webhook ? 'webhook' : 'poll')
      if (subscription) subscriptions.set(subscription, id)
      worker.start()
      emit({ type: 'worker-added', worker: id, trigger: worker.trigger })
    }
    for (let i = 0; i < scenario.workers; i++) await addWorker()
    env.onWarning?.((message) => emit({ type: 'error', message }))
    env.onDelivery?.((d) =>
      emit({
        type: 'delivery',
        worker: subscriptions.get(d.subscriptionId) ?? null,
        status: d.status,
        fault: d.fault,
      }),
    )
    await race.setFaults(settings.faults)
    env.setUnsafe?.(settings.unsafe)
    const nemesis = race.nemesis([])
    const steadying = nemesis.steady(() => running).catch(fail)
    const driving = env.drive(() => wound, Number.POSITIVE_INFINITY, pacer)
    return {
      env,
      race,
      workers,
      addWorker,
      nemesis,
      pacer,
      driving,
      steadying,
      started: performance.now(),
      simStart: env.now(),
    }
  }

  const ready = setup()
  ready.catch(fail)
  const emitSettings = (r: Running) =>
    emit({
      type: 'settings',
      faults: settings.faults,
      unsafe: settings.unsafe.length > 0,
      unsafeModes: settings.unsafe,
      speed: r.pacer.speed,
      paused: r.pacer.paused,
    })
  void ready.then(emitSettings, () => undefined)

  const handle = async (r: Running, command: LiveCommand) => {
    switch (command.type) {
      case 'add-worker':
        return r.addWorker()
      case 'remove-worker': {
        const last = [...r.workers].reverse().find((w) => !w.retired)
        if (!last || r.workers.filter((w) => !w.retired).length <= 1) return
        last.retire()
        return emit({ type: 'worker-removed', worker: last.id })
      }
      case 'kill-random-worker':
        return r.nemesis.kill()
      case 'press-export':
        return r.nemesis.press(command.count ?? 1)
      case 'set-faults':
        settings.faults = command.preset
        await r.race.setFaults(command.preset)
        return emitSettings(r)
      case 'set-unsafe':
        if (!r.env.setUnsafe) {
          return fail(
            "this server's unsafe modes cannot be switched from here: start it with --unsafe MODE (--unsafe-claims for claims)",
          )
        }
        settings.unsafe =
          command.unsafe === true ? ['claims'] : command.unsafe === false ? [] : command.unsafe
        r.env.setUnsafe(settings.unsafe)
        return emitSettings(r)
      case 'set-speed':
        if (!r.env.paced) return fail("an attached race runs on the server's clock: no speed")
        r.pacer.setSpeed(Math.min(speedLimits.max, Math.max(speedLimits.min, command.speed)))
        return emitSettings(r)
      case 'pause':
        if (!r.env.paced) return fail("an attached race runs on the server's clock: no pause")
        r.pacer.pause(command.paused)
        return emitSettings(r)
      case 'save-history':
        writeFileSync(command.file, toJsonLines(recorder.operations))
        return emit({ type: 'saved', file: command.file, operations: recorder.operations.length })
    }
  }

  // The live verdict: invariants 1-4 over the history so far, at most about once a second and
  // skipped while a check would take more than a fifth of that.
  let lastCheck = 0
  let checkCost = 0
  let verdict: { violations: Violation[]; count: number } = { violations: [], count: 0 }
  const checkSoFar = (history: readonly Operation[]) => {
    const at = performance.now()
    if (at - lastCheck < Math.max(1000, checkCost * 5)) return
    const result = checkHistory(
      history,
      { jobs: [] },
      { invariants: liveInvariants, maxViolations: 5 },
    )
    checkCost = performance.now() - at
    lastCheck = performance.now()
    verdict = { violations: result.violations, count: result.counts.violations }
  }

  let ticking = false
  const tick = async (r: Running) => {
    if (ticking || !running) return
    ticking = true
    try {
      const jobs = await jobsSnapshot(r.env, scenario.expiresIn)
      checkSoFar(recorder.operations)
      emit({
        type: 'tick',
        now: r.env.now(),
        speed: r.pacer.speed,
        paused: r.pacer.paused,
        jobs,
        violations: verdict.violations,
        violationCount: verdict.count,
        claimsWon,
      })
    } finally {
      ticking = false
    }
  }
  const ticker = setInterval(() => {
    void ready.then((r) => tick(r)).catch(fail)
  }, options.tickMs ?? 250)

  let stopping: Promise<RaceSummary> | undefined
  const stop = async (): Promise<RaceSummary> => {
    running = false
    clearInterval(ticker)
    const r = await ready
    r.pacer.pause(false)
    // Wind down before the final read: the nemesis's waits are dropped and every worker halts,
    // its last request answered (or recorded as unknown), so no write lands after the read and
    // looks like a lost change to invariant 6.
    r.env.cancel('nemesis', new Error('the race stopped'))
    await atMost(
      Promise.all([r.steadying, ...r.workers.map((worker) => worker.halt())]),
      settleLimitMs,
    )
    wound = true
    await r.driving
    const { summary } = await r.race.finish(
      { realMs: () => performance.now() - r.started, simStart: r.simStart },
      { invariants: [...liveInvariants, 6] },
    )
    emit({ type: 'stopped', summary })
    events.close()
    await r.env.close()
    return summary
  }

  return {
    scenario,
    send(command) {
      void ready.then((r) => handle(r, command)).catch(fail)
    },
    subscribe: events.subscribe,
    stop: () => (stopping ??= stop()),
  }
}
