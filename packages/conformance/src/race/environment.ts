// The race environment (the race engine's `RaceEnvironment`) over a stage, for the nemesis of a
// race over an integration's instances: it acts on the fake directly, in-process, outside the
// front the instances' requests are captured at (pressing Export, stealing a claim, setting
// faults are not the integration's requests), sleeps in real time that runs `speed` times as
// fast on the fake's clock, and a ticker moves the stage's manual clock along with real time
// (each press of Export in a second of its own).
import { realTime, type RaceEnvironment } from '@fake-pleo/race'
import type { Stage } from '../stage.ts'

export type StageEnvironment = RaceEnvironment & {
  /** Moves the fake's clock at once (the race's fast-forward of abandoned jobs). */
  advance(ms: number): void
}

export function stageEnvironment(stage: Stage, speed: number): StageEnvironment {
  const { clock } = stage.fake.deps
  // The clock follows real time from where it stood; a move of its own (a press, a fast-forward)
  // runs it ahead until real time catches up, so it never drifts far.
  let origin = clock.now()
  const startedAt = performance.now()
  const tick = () => {
    clock.set(Math.round(origin + (performance.now() - startedAt) * speed))
    void stage.fake.dispatcher.notify()
  }
  const ticker = setInterval(tick, 20)
  const real = realTime(() => speed)
  const direct = async (input: string, init: RequestInit) => {
    // Each press of Export in a second of its own (Pleo's times are whole seconds), as presses by
    // a person are: the jobs of a burst then have distinct ages (else they would tie, and any
    // pick would be the oldest).
    if (init.method === 'POST' && new URL(input).pathname === '/_sim/export-jobs') {
      clock.set(Math.floor(clock.now() / 1000) * 1000 + 1000)
    }
    return stage.fake.app.fetch(new Request(input, init))
  }
  return {
    ...real,
    baseUrl: stage.url,
    companyId: stage.companyId,
    apiKey: stage.apiKey,
    now: () => clock.now(),
    fetchFor: () => direct,
    direct,
    async setFaults(seed, rules) {
      await stage.control.setFaults({ seed, rules })
    },
    drive: (done, maxSimMs) => real.drive(done, maxSimMs, () => clock.now()),
    // The instances keep their own time: a pause past a job's expiry is not the kit's to make.
    pausesWorkers: false,
    advance(ms) {
      origin += ms
      clock.advance(ms)
      void stage.fake.dispatcher.notify()
    },
    async close() {
      clearInterval(ticker)
      await real.close()
    },
  }
}
